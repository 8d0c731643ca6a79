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


def write_aws_config(extra: str = "", *, timestamps: str | None = "iso8601") -> None:
    """The AWS CLI v1 prints ISO 8601 timestamps (v2's default) only when told so
    (``timestamps=None``: no ``cli_timestamp_format`` line at all)."""
    path = Path(os.environ["AWS_CONFIG_FILE"])
    line = "" if timestamps is None else f"cli_timestamp_format = {timestamps}\n"
    path.write_text(f"[default]\n{line}{extra}", encoding="utf-8")


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


def on_terminal(argv: list[str], columns: int, rows: int = 40) -> Result:
    """Run ``argv`` with stdout on a pseudo-terminal of ``columns`` (stderr piped), as a user at a
    terminal that wide would; output post-processing is off, so the bytes are the program's own."""
    import fcntl
    import pty
    import struct
    import termios
    import tty

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("hhhh", rows, columns, 0, 0))
    tty.setraw(follower)  # no \n -> \r\n translation
    proc = subprocess.Popen(
        argv, stdout=follower, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=dict(os.environ)
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    err = proc.stderr.read() if proc.stderr else b""
    code = proc.wait()
    os.close(leader)
    return Result(code, b"".join(chunks).decode("utf-8"), err.decode("utf-8"))
