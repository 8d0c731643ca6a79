"""Fixtures for the headless commands: TZ fixed to UTC, credentials and an AWS config for the real
CLI, and the three-job fleet on the moto server."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest

from tests.commands.clirun import restore_timezone, use_timezone, write_aws_config
from tests.commands.fleet import create_fleet
from tests.conftest import TEST_REGION, reset_moto


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """UTC (goldens must not depend on the machine's zone), fake keys, an iso8601 AWS config."""
    use_timezone(monkeypatch, "UTC")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", TEST_REGION)
    monkeypatch.delenv("AWS_DEFAULT_OUTPUT", raising=False)
    write_aws_config()
    yield
    monkeypatch.undo()
    restore_timezone()


def _populate(url: str) -> None:
    client = boto3.client(
        "sagemaker",
        region_name=TEST_REGION,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    create_fleet(client)


@pytest.fixture
def fleet(moto_url: str, cli_env: None) -> str:
    """The moto endpoint with the maximal, failed and minimal jobs."""
    _populate(moto_url)
    return moto_url


@pytest.fixture(scope="module")
def shared_fleet(moto_server: str) -> str:
    """The same jobs, created once for a module whose tests only read them (faster)."""
    reset_moto(moto_server)
    _populate(moto_server)
    return moto_server


@pytest.fixture
def read_only_fleet(shared_fleet: str, cli_env: None) -> str:
    return shared_fleet
