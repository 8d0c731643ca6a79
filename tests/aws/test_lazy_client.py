"""build_client(lazy=True): options checked at once, the boto3 client made on first use."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from tests.aws.helpers import create_job
from tui.aws.client import ConnectionOptions, build_client
from tui.aws.errors import ConfigError
from tui.aws.jobs import describe_training_job, list_training_jobs
from tui.cache.scope import context_for


def test_the_boto3_client_is_made_on_first_use_and_counted(
    moto_options: ConnectionOptions, sm_client
) -> None:
    create_job(sm_client.raw, "lazy-job")
    client = build_client(moto_options, lazy=True)
    assert not client.made
    assert client.region == moto_options.region
    assert describe_training_job(client, "lazy-job")["TrainingJobName"] == "lazy-job"
    assert client.made
    assert [s["TrainingJobName"] for page in list_training_jobs(client) for s in page] == ["lazy-job"]
    assert client.counter.count("DescribeTrainingJob") == 1
    assert client.counter.count("ListTrainingJobs") == 1


@pytest.mark.parametrize("endpoint", [None, "http://127.0.0.1:5000"])
def test_a_lazy_client_has_the_context_of_the_made_one(
    endpoint: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache scope is looked up before the first call: it must not change once it is made."""
    options = ConnectionOptions(region="eu-west-1", endpoint_url=endpoint, static_credentials=("a", "b"))
    lazy = build_client(options, lazy=True)
    before = context_for(lazy)
    assert not lazy.made
    lazy.raw  # noqa: B018 - made now
    assert context_for(lazy) == before
    if endpoint is None:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", "http://127.0.0.1:6000")
        env_lazy = build_client(options, lazy=True)
        env_before = context_for(env_lazy)
        env_lazy.raw  # noqa: B018
        assert context_for(env_lazy) == env_before
        assert env_before is not None and env_before.endpoint == "http://127.0.0.1:6000"


def test_a_profile_that_sets_endpoints_gets_its_client_at_once(tmp_path: Path, monkeypatch) -> None:
    config = tmp_path / "aws-config"
    config.write_text("[profile local]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:7000\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "a")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "b")
    client = build_client(ConnectionOptions(profile="local"), lazy=True)
    assert client.made  # only botocore knows where a profile's endpoint settings point
    context = context_for(client)
    assert context is not None and context.endpoint == "http://127.0.0.1:7000"


def test_a_malformed_region_is_refused_before_the_client_is_made(moto_options: ConnectionOptions) -> None:
    with pytest.raises(ConfigError, match="Invalid region name 'us east 1'"):
        build_client(replace(moto_options, region="us east 1"), lazy=True)


def test_a_lazy_client_defers_boto3_itself_when_nothing_needs_it(
    moto_options: ConnectionOptions, sm_client, tmp_path: Path
) -> None:
    """Region, profile and endpoint checked by the light reader: boto3 is not even imported until
    the first call (the TUI paints its cached list first), and the client then works as before."""
    import subprocess
    import sys

    create_job(sm_client.raw, "deferred-job")
    script = (
        "import sys\n"
        "from tui.aws.client import ConnectionOptions, build_client\n"
        "from tui.aws.jobs import describe_training_job\n"
        "from tui.cache.scope import context_for\n"
        f"client = build_client(ConnectionOptions(region={moto_options.region!r}, "
        f"endpoint_url={moto_options.endpoint_url!r}), lazy=True)\n"
        "before = ('boto3' in sys.modules, 'botocore' in sys.modules, client.made)\n"
        "context = context_for(client)\n"
        "name = describe_training_job(client, 'deferred-job')['TrainingJobName']\n"
        "print(before, context == context_for(client), name, client.made)\n"
    )
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}
    argv = [sys.executable, "-c", script]
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    assert proc.stderr == ""
    assert proc.stdout.strip() == "(False, False, False) True deferred-job True"


@pytest.mark.parametrize(
    ("region", "endpoint", "deferred"),
    [
        ("eu-west-1", None, True),
        ("eu-west-1", "http://127.0.0.1:5000", True),
        ("xx-nowhere-9", None, False),  # check_region's verdict (Unknown region) is botocore's to give
        ("xx-nowhere-9", "http://127.0.0.1:5000", True),
        ("us east 1", "http://127.0.0.1:5000", False),
    ],
)
def test_which_clients_are_deferred(region: str, endpoint: str | None, deferred: bool) -> None:
    from tui.aws.client import deferred_region

    options = ConnectionOptions(region=region, endpoint_url=endpoint)
    assert (deferred_region(options) == region) is deferred


def test_each_client_holder_makes_its_client_once_under_concurrent_first_use() -> None:
    """SageMaker, CloudWatch Logs and CloudWatch share one lazy holder: made once, counted, prepared."""
    import threading
    import time
    import types

    from tui.aws.client import SageMakerClient
    from tui.aws.counter import CallCounter
    from tui.aws.lazy_client import LazyClient
    from tui.aws.logs import LogsClient
    from tui.aws.metrics import CloudWatchClient

    assert all(issubclass(cls, LazyClient) for cls in (SageMakerClient, LogsClient, CloudWatchClient))
    made: list[object] = []
    registered: list[str] = []

    def factory() -> object:
        time.sleep(0.01)  # widen the race
        events = types.SimpleNamespace(register=lambda name, _handler: registered.append(name))
        raw = types.SimpleNamespace(meta=types.SimpleNamespace(events=events))
        made.append(raw)
        return raw

    holder = SageMakerClient(ConnectionOptions(region="us-east-1"), factory, CallCounter(), "us-east-1")
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(holder.raw)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and all(raw is made[0] for raw in seen)
    # The counter's two hooks and SageMaker's own three (spacing and cancellation), once each.
    assert registered.count("before-call.*.*") == 1
    assert registered.count("before-send.sagemaker") == 1
