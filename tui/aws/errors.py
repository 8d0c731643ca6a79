"""Typed errors with one human sentence each.

botocore raises a zoo of exceptions; the UI and the CLI only ever see these, and only ever show
``str(error)``. The original service code and message are kept for the AWS-CLI-compatible output of
``sagemaker-tui describe``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import botocore.exceptions as bexc

THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
ACCESS_DENIED_CODES = frozenset(
    {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnrecognizedClientException"}
)
EXPIRED_CODES = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "RequestExpired",
        "InvalidClientTokenId",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "TokenRefreshRequired",
    }
)


class AwsError(Exception):
    """Base of every error the data layer raises; ``str()`` is the sentence to show."""

    def __init__(
        self, sentence: str, *, code: str = "", message: str = "", operation: str = ""
    ) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.code = code
        self.message = message
        self.operation = operation

    @property
    def cli_message(self) -> str:
        """The line the AWS CLI prints for this error (service errors keep its exact wording)."""
        if self.code and self.operation:
            return (
                f"An error occurred ({self.code}) when calling the {self.operation} "
                f"operation: {self.message}"
            )
        return self.sentence


class CallCancelled(AwsError):
    """The caller gave the call up (the screen that asked for it was closed): no more attempts."""


class NotFoundError(AwsError):
    """The training job does not exist (or no longer does)."""


class AccessDeniedError(AwsError):
    """The credentials work but are not allowed to make this call."""


class ThrottledError(AwsError):
    """The service refused the call for its rate limit, after botocore's own retries."""


class CredentialsError(AwsError):
    """No credentials were found, or they have expired or are invalid."""


class EndpointError(AwsError):
    """The endpoint could not be reached, timed out, or answered with something unreadable."""


class ServiceError(AwsError):
    """Any other error the service returned (code and message kept)."""


class ConfigError(AwsError):
    """The connection options themselves are wrong (unknown profile, bad CA bundle …)."""


def map_error(exc: BaseException, *, operation: str = "", subject: str = "") -> AwsError:
    """Turn any botocore/urllib3 failure into one of the typed errors above.

    ``subject`` names what was asked for (a job name) so the sentence can say it.
    """
    if isinstance(exc, AwsError):
        return exc
    # Imported here: a cached answer raises nothing from botocore and must not pay for importing it.
    import botocore.exceptions as bexc

    if isinstance(exc, bexc.ClientError):
        return _from_client_error(exc, operation=operation, subject=subject)
    if isinstance(exc, bexc.ProfileNotFound):
        return ConfigError(f"The config profile {exc.kwargs.get('profile')!r} could not be found.")
    if isinstance(exc, bexc.NoCredentialsError | bexc.PartialCredentialsError):
        return CredentialsError(
            "No AWS credentials found: run `aws configure` or `aws sso login`, set AWS_PROFILE or "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or try the app with --demo."
        )
    if isinstance(exc, bexc.TokenRetrievalError | bexc.SSOTokenLoadError | bexc.UnauthorizedSSOTokenError):
        return CredentialsError(
            "The SSO session has expired or is invalid: run `aws sso login` and press r to retry."
        )
    if isinstance(exc, bexc.CredentialRetrievalError):
        return CredentialsError(f"Could not load credentials: {_first_line(exc)}")
    if isinstance(exc, bexc.NoRegionError):
        return ConfigError(
            "No AWS region set: pass --region, set AWS_REGION, or add region to your profile."
        )
    if isinstance(exc, bexc.ReadTimeoutError | bexc.ConnectTimeoutError):
        return EndpointError(f"The SageMaker endpoint timed out: {_first_line(exc)}")
    if isinstance(exc, bexc.EndpointConnectionError | bexc.ConnectionClosedError):
        return EndpointError(f"Could not reach the SageMaker endpoint: {_first_line(exc)}")
    if isinstance(exc, bexc.SSLError):
        return EndpointError(f"SSL validation failed for the SageMaker endpoint: {_first_line(exc)}")
    if isinstance(exc, bexc.HTTPClientError | bexc.ResponseStreamingError):
        return EndpointError(f"The connection to the SageMaker endpoint failed: {_first_line(exc)}")
    if isinstance(exc, bexc.ParamValidationError):
        return ServiceError(
            _first_line(exc), code="ParamValidation", message=_first_line(exc), operation=operation
        )
    if isinstance(exc, ValueError | bexc.BotoCoreError):
        return EndpointError(f"The SageMaker call failed: {_first_line(exc)}")
    raise exc


def _from_client_error(exc: bexc.ClientError, *, operation: str, subject: str) -> AwsError:
    error: dict[str, Any] = exc.response.get("Error", {})
    code = str(error.get("Code", "Unknown"))
    message = str(error.get("Message", ""))
    operation = exc.operation_name or operation
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    kw = {"code": code, "message": message, "operation": operation}
    if code in THROTTLING_CODES:
        return ThrottledError(f"SageMaker is throttling {operation} calls; retrying later.", **kw)
    if code in EXPIRED_CODES:
        return CredentialsError(
            "The AWS credentials have expired or are invalid: refresh them (e.g. `aws sso login`) "
            "and press r to retry.",
            **kw,
        )
    if code in ACCESS_DENIED_CODES or status == 403:
        return AccessDeniedError(f"Access denied for {operation}: {message}", **kw)
    if code == "ResourceNotFound" or (
        code == "ValidationException" and _says_not_found(message)
    ):
        what = f"Training job {subject!r}" if subject else "The resource"
        return NotFoundError(f"{what} was not found.", **kw)
    detail = f": {message}" if message else ""
    return ServiceError(f"{operation} failed ({code}){detail}", **kw)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _says_not_found(message: str) -> bool:
    # SageMaker answers a missing job with ValidationException "Requested resource not found."
    # (moto: "Could not find training job ..."), not with a dedicated code.
    lowered = message.lower()
    return "not found" in lowered or "could not find" in lowered or "does not exist" in lowered


class OfflineError(AwsError):
    """Asked for something the cache does not have while offline (``--offline``: no client)."""
