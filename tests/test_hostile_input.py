"""Hostile command lines: each is one line on stderr and the AWS CLI's usage exit code (252) for
the headless commands (the TUI's own options keep argparse's 2, as its other usage errors do)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import run

DEAD = ["--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"]  # never reached


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err[:500]
    return err


@pytest.mark.parametrize("command", ["describe", "list"])
@pytest.mark.parametrize("option", ["--cli-read-timeout", "--cli-connect-timeout"])
@pytest.mark.parametrize("value", ["inf", "1e300"])
def test_infinite_timeouts_are_refused(
    capsys: pytest.CaptureFixture[str], command: str, option: str, value: str
) -> None:
    extra = ["--training-job-name", "x"] if command == "describe" else []
    code, out, err = run(capsys, command, *extra, option, value, *DEAD)
    assert (code, out) == (252, "")
    assert "is too long: at most 1,000,000 seconds" in one_line(err)


def test_an_infinite_timeout_for_the_tui_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--cli-read-timeout", "inf", *DEAD)
    assert code == 2 and "is too long" in one_line(err)


def test_since_far_before_year_one_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--since", "99999999d", *DEAD)
    assert (code, out) == (2, "")
    assert one_line(err) == (
        "sagemaker-tui: error: --since '99999999d' reaches back before year 1: use a smaller age or a date.\n"
    )


@pytest.mark.parametrize("command", ["describe", "list"])
def test_deeply_nested_cli_input_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    extra = ["--training-job-name", "x"] if command == "describe" else []
    for value in (f"file://{deep}", '{"a":' * 100_000 + "1" + "}" * 100_000):
        code, out, err = run(capsys, command, *extra, "--cli-input-json", value, *DEAD)
        assert (code, out) == (252, "")
        assert "nested too deeply" in one_line(err)


@pytest.mark.parametrize("command", ["describe", "list"])
def test_a_query_with_thousands_of_nested_brackets(capsys: pytest.CaptureFixture[str], command: str) -> None:
    extra = ["--training-job-name", "x"] if command == "describe" else []
    for query in ("[" * 5000 + "a" + "]" * 5000, "[" * 5000):
        code, out, err = run(capsys, command, *extra, "--query", query, *DEAD)
        assert (code, out) == (252, "")
        assert one_line(err).startswith("Bad value for --query [[[")
        assert len(err) < 400  # the expression is cut, not echoed 10,000 characters long


def test_an_endless_input_file_is_refused_at_the_size_limit(capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    code, out, err = run(capsys, "describe", "--cli-input-json", "file:///dev/zero", *DEAD)
    assert (code, out) == (252, "")
    assert one_line(err) == (
        "Error parsing parameter '--cli-input-json': Unable to load paramfile file:///dev/zero: "
        "larger than 10 MB\n"
    )
