"""Running our commands in-process and the real AWS CLI (v1, installed by the test extra) as a
subprocess, against the same moto server, with the same environment."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import TEST_REGION

AWS = Path(sys.executable).with_name("aws")
GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
CLI_DATA = Path(__file__).resolve().parent.parent / "data" / "cli"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def use_timezone(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    """Set TZ for this process (time.tzset) and for subprocesses; undone by ``restore_timezone``."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()


def restore_timezone() -> None:
    time.tzset()


def write_aws_config(extra: str = "") -> None:
    """The AWS CLI v1 prints ISO 8601 timestamps (v2's default) only when told so."""
    path = Path(os.environ["AWS_CONFIG_FILE"])
    path.write_text(f"[default]\ncli_timestamp_format = iso8601\n{extra}", encoding="utf-8")


def ours(module: str, capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    """Run ``tui.commands.<module>.run(argv)`` in this process."""
    import importlib

    capsys.readouterr()
    code = importlib.import_module(f"tui.commands.{module}").run(list(argv))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def aws(*argv: str) -> Result:
    """The real ``aws`` CLI, same environment (TZ, credentials, config file)."""
    if not AWS.exists():
        pytest.skip("the AWS CLI is not installed (pip install -e '.[test]')")
    proc = subprocess.run(
        [str(AWS), *argv], capture_output=True, text=True, encoding="utf-8", env=dict(os.environ), check=False
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def endpoint_args(url: str) -> list[str]:
    return ["--endpoint-url", url, "--region", TEST_REGION]
