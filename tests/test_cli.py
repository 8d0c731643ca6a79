"""Bad input on the command line: one line on stderr, a non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui import __version__
from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # --version / --help exit through argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["--profile", "nope"],
            1,
            "sagemaker-tui: The config profile 'nope' could not be found.",
        ),
        (
            ["--region", "us-east-1", "--endpoint-url", "localhost:4566"],
            1,
            "sagemaker-tui: Invalid endpoint URL 'localhost:4566': it must look like https://host[:port].",
        ),
        (
            ["--region", "us-east-1", "--logs-endpoint-url", "logs.local"],
            1,
            "sagemaker-tui: Invalid endpoint URL 'logs.local': it must look like https://host[:port].",
        ),
        (
            ["--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:port"],
            1,
            "sagemaker-tui: Invalid endpoint URL 'http://127.0.0.1:port': Port could not be cast to "
            "integer value as 'port'.",
        ),
        (
            ["--region", "us-east-1", "--ca-bundle", "/nonexistent/ca.pem"],
            1,
            "sagemaker-tui: The CA bundle file '/nonexistent/ca.pem' does not exist.",
        ),
        (
            ["--cli-read-timeout", "-5"],
            2,
            "sagemaker-tui: error: argument --cli-read-timeout: '-5' must be 0 (blocking) or a "
            "positive number",
        ),
        (
            ["--cli-connect-timeout", "soon"],
            2,
            "sagemaker-tui: error: argument --cli-connect-timeout: 'soon' is not a number of seconds",
        ),
        (
            ["--region", "xx-nowhere-9"],
            1,
            "sagemaker-tui: Unknown region 'xx-nowhere-9': SageMaker has no endpoint there.",
        ),
        (
            ["--region", "us-east-1"],
            1,
            "sagemaker-tui: No AWS credentials found: run `aws configure` or `aws sso login`, set "
            "AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or try the app with --demo.",
        ),
        (
            ["--region", "us-east-1", "--training-job-name", "bad_name!"],
            2,
            "sagemaker-tui: error: Invalid training job name 'bad_name!': use letters, digits and "
            "hyphens, starting with a letter or digit.",
        ),
        (
            ["--training-job-name", "x" * 64],
            2,
            "sagemaker-tui: error: Training job names are at most 63 characters; this one has 64.",
        ),
        (
            ["--since", "last tuesday"],
            2,
            "sagemaker-tui: error: Cannot parse --since 'last tuesday': use an age like 90m, 12h, 7d, "
            "2w or a date like 2026-01-01 or 2026-01-01T08:00Z.",
        ),
        (
            ["--where", "Tags.team = vision and"],
            2,
            "sagemaker-tui: error: --where: column 23: expected a condition after `and`",
        ),
        (
            ["--where", "Tags.team = vision", "--offline"],
            2,
            "sagemaker-tui: error: --where needs SageMaker Search: drop --offline",
        ),
        (
            ["--status", "Running"],
            2,
            # argparse quotes the choices differently across Python versions: the prefix is ours
            "sagemaker-tui: error: argument --status: invalid choice: 'Running' (choose from …",
        ),
    ],
)
def test_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    got_code, out, err = run(capsys, *argv)
    if message.endswith("…"):
        assert err.startswith(message[:-1]) and err.count("\n") == 1, err
        err = message + "\n"
    assert (got_code, out, err) == (code, "", message + "\n")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"sagemaker-tui {__version__}\n")


def test_environment_profile_is_honoured(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "from-env")
    _, _, err = run(capsys, "--region", "us-east-1")
    assert err == "sagemaker-tui: The config profile 'from-env' could not be found.\n"


def test_python_dash_m_and_console_script_work() -> None:
    bindir = Path(sys.executable).parent
    for argv in (
        [sys.executable, "-m", "tui", "--version"],
        [str(bindir / "sagemaker-tui"), "--version"],
        [str(bindir / "smtui"), "--version"],
    ):
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
        assert (result.returncode, result.stdout) == (0, f"sagemaker-tui {__version__}\n")


def test_allow_actions_turns_actions_on_for_one_run() -> None:
    from tui.cli import build_parser
    from tui.config import AppConfig
    from tui.settings import RunSettings, actions_enabled

    assert build_parser().parse_args(["--allow-actions"]).allow_actions is True
    assert build_parser().parse_args([]).allow_actions is False
    assert not actions_enabled(AppConfig().read_only, RunSettings())
    assert actions_enabled(AppConfig().read_only, RunSettings(allow_actions=True))
    assert actions_enabled(False, RunSettings())
