"""Shared fixtures: an isolated user environment, a moto server on 127.0.0.1, and clients to it."""

from __future__ import annotations

import contextlib
import logging
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from tui.aws.client import ConnectionOptions, SageMakerClient, build_client
from tui.clock import FixedClock

#: The fixed "now" of every snapshot and clock-dependent test.
FIXED_NOW = datetime(2026, 11, 26, 12, 0, 0, tzinfo=timezone.utc)
TEST_REGION = "us-east-1"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads or writes the real user's config, cache, logs or AWS settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    # The glyph table follows TERM (tui.glyphs): CI's TERM (unset, dumb, linux …) must not change
    # what the snapshots draw. Tests of other terminals set TERM themselves.
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in (
        "NO_COLOR",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_CA_BUNDLE",
        "SAGEMAKER_TUI_CONFIG",
        # Set by importing awscli (the golden reference, imported by some tests): without this it
        # would leak into every later test of the process (the launcher's lazy client steps aside).
        "AWS_DATA_PATH",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fixed_clock() -> FixedClock:
    return FixedClock(FIXED_NOW)


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """A moto server in this process (so tests can reach its backends), speaking Search as the demo's
    local SageMaker does; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    from tui.demo.search import install

    install()

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def reset_moto(url: str) -> None:
    """Empty every backend of the moto server at ``url`` (they are process-wide: the next test or
    fleet must not find this one's jobs)."""
    request = urllib.request.Request(f"{url}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request) as response:
        response.read()


@contextlib.contextmanager
def stepped_demo_fleet(url: str, clock: Any) -> Iterator[Any]:
    """The demo fleet (seed 5, 60 jobs) on ``clock`` with its simulator's thread stopped: only the
    test moves the jobs on (its clock and ``tick()``, or a command's sleep); moto reset around it."""
    from tui.demo import attach_demo_fleet

    reset_moto(url)
    with attach_demo_fleet(url, seed=5, jobs=60, now=FIXED_NOW, clock=clock, simulate=True) as loaded:
        assert loaded.simulator is not None
        loaded.simulator.stop()
        yield loaded
    reset_moto(url)


@pytest.fixture
def moto_url(moto_server: str) -> str:
    """The moto endpoint, with all state reset before the test."""
    reset_moto(moto_server)
    return moto_server


@pytest.fixture
def moto_options(moto_url: str) -> ConnectionOptions:
    """Options for the test moto server: fake credentials, no retries, no list spacing."""
    return ConnectionOptions(
        region=TEST_REGION,
        endpoint_url=moto_url,
        max_attempts=1,
        list_min_interval=0.0,
        static_credentials=("testing", "testing"),
    )


@pytest.fixture
def sm_client(moto_options: ConnectionOptions) -> SageMakerClient:
    return build_client(moto_options)
