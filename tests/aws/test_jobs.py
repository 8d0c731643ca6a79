"""The data layer against a moto server on 127.0.0.1: paging, filters, errors, the call counter."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.aws.helpers import backend_job, create_job
from tests.faults import FaultInjector, always, error_response
from tui.aws.client import ConnectionOptions, SageMakerClient, build_client
from tui.aws.errors import (
    AccessDeniedError,
    CredentialsError,
    EndpointError,
    NotFoundError,
    ServiceError,
    ThrottledError,
)
from tui.aws.jobs import (
    ListFilters,
    check_job_name,
    describe_training_job,
    list_training_job_pages,
    list_training_jobs,
)


def test_pages_follow_empty_pages_until_the_last(sm_client: SageMakerClient) -> None:
    """The service filters after slicing: pages can be empty while NextToken is set."""
    for i in range(20):
        create_job(sm_client.raw, f"alpha-{i:02d}")
    for i in range(15):
        create_job(sm_client.raw, f"beta-{i:02d}")
    pages = list(
        list_training_job_pages(sm_client, ListFilters(name_contains="beta"), page_size=10)
    )
    sizes = [len(p) for p, _ in pages]
    assert sizes[:2] == [0, 0], sizes
    names = sorted(s["TrainingJobName"] for p, _ in pages for s in p)
    assert names == [f"beta-{i:02d}" for i in range(15)]
    assert pages[-1][1] is None
    assert sm_client.counter.count("ListTrainingJobs") == len(pages)


def test_all_pages_without_filters(sm_client: SageMakerClient) -> None:
    for i in range(7):
        create_job(sm_client.raw, f"job-{i}")
    pages = list(list_training_job_pages(sm_client, page_size=3))
    assert [len(p) for p, _ in pages] == [3, 3, 1]
    assert [len(p) for p in list_training_jobs(sm_client)] == [7]


def test_a_repeated_token_ends_the_loop(sm_client: SageMakerClient, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []

    def stuck(**kwargs: Any) -> dict[str, Any]:
        calls.append(kwargs)
        return {"TrainingJobSummaries": [], "NextToken": "same"}

    monkeypatch.setattr(sm_client.raw, "list_training_jobs", stuck)
    pages = list(list_training_job_pages(sm_client))
    assert len(pages) == 2  # the first sight of the token, then its repeat
    assert calls[1]["NextToken"] == "same"


def test_status_and_time_filters_map_to_parameters(sm_client: SageMakerClient) -> None:
    create_job(sm_client.raw, "old-job")
    create_job(sm_client.raw, "new-job")
    create_job(sm_client.raw, "failed-job")
    old = backend_job("old-job")
    old.creation_time = old.last_modified_time = datetime(2020, 1, 1)
    backend_job("failed-job").training_job_status = "Failed"

    failed = [s for p in list_training_jobs(sm_client, ListFilters(status_equals="Failed")) for s in p]
    assert [s["TrainingJobName"] for s in failed] == ["failed-job"]

    recent = ListFilters(creation_time_after=datetime(2021, 1, 1))
    names = {s["TrainingJobName"] for p in list_training_jobs(sm_client, recent) for s in p}
    assert names == {"new-job", "failed-job"}

    modified = ListFilters(last_modified_time_after=datetime.now() - timedelta(days=1))
    names = {s["TrainingJobName"] for p in list_training_jobs(sm_client, modified) for s in p}
    assert "old-job" not in names


def test_filters_to_params() -> None:
    f = ListFilters(name_contains="bert", status_equals="Failed", warm_pool_status_equals="InUse")
    assert f.to_params() == {
        "NameContains": "bert",
        "StatusEquals": "Failed",
        "WarmPoolStatusEquals": "InUse",
    }
    assert f.describe() == "name~bert status=Failed warm-pool=InUse"


def test_describe_returns_the_response_without_metadata(sm_client: SageMakerClient) -> None:
    create_job(sm_client.raw, "described")
    response = describe_training_job(sm_client, "described")
    assert response["TrainingJobName"] == "described"
    assert "ResponseMetadata" not in response
    assert sm_client.counter.count("DescribeTrainingJob") == 1


def test_describe_of_a_missing_job_is_not_found(sm_client: SageMakerClient) -> None:
    with pytest.raises(NotFoundError) as info:
        describe_training_job(sm_client, "no-such-job")
    assert str(info.value) == "Training job 'no-such-job' was not found."
    assert info.value.code == "ValidationException"
    assert info.value.cli_message.startswith(
        "An error occurred (ValidationException) when calling the DescribeTrainingJob operation: "
    )


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (400, "ThrottlingException", ThrottledError),
        (400, "AccessDeniedException", AccessDeniedError),
        (400, "ExpiredTokenException", CredentialsError),
        (500, "InternalFailure", ServiceError),
    ],
)
def test_service_errors_become_typed_errors(
    sm_client: SageMakerClient, status: int, code: str, error: type[Exception]
) -> None:
    create_job(sm_client.raw, "faulty")
    FaultInjector(
        always("DescribeTrainingJob", lambda: error_response(status, code, "injected"))
    ).attach(sm_client.raw)
    with pytest.raises(error) as info:
        describe_training_job(sm_client, "faulty")
    assert "\n" not in str(info.value)
    # the list still works: the fault was for DescribeTrainingJob only
    assert [s["TrainingJobName"] for p in list_training_jobs(sm_client) for s in p] == ["faulty"]


def test_adaptive_retries_absorb_a_transient_throttle(moto_options: ConnectionOptions) -> None:
    client = build_client(replace(moto_options, max_attempts=3))
    create_job(client.raw, "retried")
    injector = FaultInjector(
        lambda op, n: error_response(400, "ThrottlingException", "slow down") if n == 1 else None
    ).attach(client.raw)
    assert describe_training_job(client, "retried")["TrainingJobName"] == "retried"
    assert injector.seen["DescribeTrainingJob"] == 2
    assert client.counter.count("DescribeTrainingJob") == 1
    assert client.counter.requests["DescribeTrainingJob"] == 2


def test_unreachable_endpoint(moto_options: ConnectionOptions) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again on leaving: nothing listens there
    client = build_client(replace(moto_options, endpoint_url=f"http://127.0.0.1:{port}"))
    with pytest.raises(EndpointError) as info:
        describe_training_job(client, "any")
    assert str(info.value).startswith("Could not reach the SageMaker endpoint")


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A socket that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_read_timeout(moto_options: ConnectionOptions, silent_server: int) -> None:
    options = replace(moto_options, endpoint_url=f"http://127.0.0.1:{silent_server}", read_timeout=0.3)
    with pytest.raises(EndpointError) as info:
        describe_training_job(build_client(options), "any")
    assert "timed out" in str(info.value)


def test_missing_credentials(moto_options: ConnectionOptions) -> None:
    client = build_client(replace(moto_options, static_credentials=None))
    with pytest.raises(CredentialsError) as info:
        describe_training_job(client, "any")
    assert "--demo" in str(info.value)


def test_list_calls_are_spaced(moto_options: ConnectionOptions) -> None:
    """Never more than one ListTrainingJobs call per interval, whatever the caller does."""
    sleeps: list[float] = []
    client = build_client(replace(moto_options, list_min_interval=1.0))
    client.list_limiter._sleep = sleeps.append
    for _ in range(3):
        list(list_training_jobs(client))
    assert len(sleeps) == 2
    assert all(0.9 < s <= 1.0 for s in sleeps)


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "empty"),
        ("a" * 64, "at most 63 characters; this one has 64"),
        ("bad_name", "Invalid training job name 'bad_name'"),
        ("-leading", "Invalid training job name"),
    ],
)
def test_job_name_check(name: str, fragment: str) -> None:
    problem = check_job_name(name)
    assert problem is not None and fragment in problem


def test_valid_job_names() -> None:
    assert check_job_name("a" * 63) is None
    assert check_job_name("llama3-8b--sft-2026") is None
