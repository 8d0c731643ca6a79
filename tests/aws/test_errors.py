"""Every botocore failure becomes one typed error with one human sentence."""

from __future__ import annotations

import botocore.exceptions as bexc
import pytest

from tui.aws.errors import (
    AccessDeniedError,
    ConfigError,
    CredentialsError,
    EndpointError,
    NotFoundError,
    ServiceError,
    ThrottledError,
    map_error,
)


def client_error(code: str, message: str = "msg", status: int = 400) -> bexc.ClientError:
    return bexc.ClientError(
        {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}},
        "DescribeTrainingJob",
    )


@pytest.mark.parametrize(
    ("exc", "kind", "sentence"),
    [
        (client_error("ThrottlingException"), ThrottledError,
         "SageMaker is throttling DescribeTrainingJob calls; retrying later."),
        (client_error("AccessDeniedException", "no"), AccessDeniedError,
         "Access denied for DescribeTrainingJob: no"),
        (client_error("Weird", "forbidden", 403), AccessDeniedError,
         "Access denied for DescribeTrainingJob: forbidden"),
        (client_error("ExpiredTokenException"), CredentialsError,
         "The AWS credentials have expired or are invalid: refresh them (e.g. `aws sso login`) and "
         "press r to retry."),
        (client_error("ValidationException", "Requested resource not found."), NotFoundError,
         "Training job 'j' was not found."),
        (client_error("ResourceNotFound", "x"), NotFoundError, "Training job 'j' was not found."),
        (client_error("ValidationException", "1 validation error"), ServiceError,
         "DescribeTrainingJob failed (ValidationException): 1 validation error"),
        (client_error("InternalFailure", "", 500), ServiceError,
         "DescribeTrainingJob failed (InternalFailure)"),
        (bexc.NoCredentialsError(), CredentialsError,
         "No AWS credentials found: run `aws configure` or `aws sso login`, set AWS_PROFILE or "
         "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or try the app with --demo."),
        (bexc.ProfileNotFound(profile="p"), ConfigError, "The config profile 'p' could not be found."),
        (bexc.EndpointConnectionError(endpoint_url="https://x"), EndpointError,
         'Could not reach the SageMaker endpoint: Could not connect to the endpoint URL: "https://x"'),
        (bexc.ReadTimeoutError(endpoint_url="https://x"), EndpointError,
         'The SageMaker endpoint timed out: Read timeout on endpoint URL: "https://x"'),
        (bexc.TokenRetrievalError(provider="sso", error_msg="expired"), CredentialsError,
         "The SSO session has expired or is invalid: run `aws sso login` and press r to retry."),
    ],
)
def test_mapping(exc: BaseException, kind: type, sentence: str) -> None:
    error = map_error(exc, operation="DescribeTrainingJob", subject="j")
    assert type(error) is kind
    assert str(error) == sentence


def test_service_errors_keep_the_cli_wording() -> None:
    error = map_error(client_error("ValidationException", "Requested resource not found."), subject="j")
    assert error.cli_message == (
        "An error occurred (ValidationException) when calling the DescribeTrainingJob operation: "
        "Requested resource not found."
    )
    assert map_error(bexc.NoCredentialsError()).cli_message.startswith("No AWS credentials found")


def test_unknown_exceptions_are_not_swallowed() -> None:
    with pytest.raises(KeyError):
        map_error(KeyError("bug"))
