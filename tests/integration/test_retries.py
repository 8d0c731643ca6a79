"""What the service sees of our retries: how many attempts, how far apart (data layer, no UI).

The injector logs each request as it leaves (after the rate limiter), on virtual time, so the
spacing asserted here is the one the service would measure; botocore's own backoff sleeps are
made instant so these tests stay fast.
"""

from __future__ import annotations

import botocore.retries.adaptive
import botocore.retries.standard
import pytest

from tests.aws.helpers import create_job
from tests.faults import FaultInjector, throttled
from tests.integration.harness import VirtualTime, client_for, gaps
from tui.aws.errors import ThrottledError
from tui.aws.jobs import describe_training_job, list_training_jobs

pytestmark = pytest.mark.moto_server


@pytest.fixture(autouse=True)
def instant_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's retry backoff and its adaptive token bucket wait by the real clock."""
    monkeypatch.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount", lambda self, ctx: 0.0)
    monkeypatch.setattr(
        botocore.retries.adaptive.ClientRateLimiter, "on_sending_request", lambda self, request, **kw: None
    )


@pytest.mark.parametrize("attempts", [1, 3])
def test_max_attempts_counts_the_first_attempt(moto_url: str, attempts: int) -> None:
    """--max-attempts N (the AWS CLI's max_attempts) is N requests in all, not N retries."""
    client = client_for(moto_url, max_attempts=attempts)
    create_job(client.raw, "job")
    injector = FaultInjector(lambda op, n: throttled() if op == "DescribeTrainingJob" else None)
    injector.attach(client.raw)
    with pytest.raises(ThrottledError):
        describe_training_job(client, "job")
    assert injector.seen["DescribeTrainingJob"] == attempts


def test_retried_list_requests_keep_one_second_apart(moto_url: str) -> None:
    """botocore retries a throttled ListTrainingJobs by itself; the retry is a request the
    service counts too, so it waits for the one-per-second floor like any other."""
    vt = VirtualTime()
    client = client_for(moto_url, vt, max_attempts=3)
    create_job(client.raw, "job")
    injector = FaultInjector(
        lambda op, n: throttled() if op == "ListTrainingJobs" and n % 2 == 1 else None,
        clock=vt.monotonic,
    ).attach(client.raw)
    for _ in range(3):
        pages = list(list_training_jobs(client))
        assert [s["TrainingJobName"] for p in pages for s in p] == ["job"]
    times = injector.times("ListTrainingJobs")
    assert len(times) == 6  # each call throttled once, then retried
    assert min(gaps(times)) >= 1.0, gaps(times)
