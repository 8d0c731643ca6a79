"""Our commands against the real AWS CLI, live, on the same moto server: other time zones (where
the ISO timestamps carry other offsets), pagination tokens in both directions, service errors; and
the installed entry point run as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.commands.clirun import aws, endpoint_args, ours, use_timezone
from tests.commands.fleet import FAILED, MAXIMAL
from tests.commands.golden import CASES

pytestmark = pytest.mark.moto_server

TIME_QUERY = (
    "{Created: CreationTime, Starts: SecondaryStatusTransitions[].StartTime, Metric: FinalMetricDataList[0]}"
)


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata"])
def test_describe_equals_the_aws_cli_in_another_time_zone(
    fleet: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    use_timezone(monkeypatch, zone)
    args = ["--training-job-name", MAXIMAL, *endpoint_args(fleet)]
    theirs = aws("sagemaker", "describe-training-job", *args, "--output", "json")
    mine = ours("describe", capsys, *args, "--output", "json")
    assert theirs.code == 0
    assert mine.out == theirs.out
    assert ("-05:00" if zone == "America/New_York" else "+05:30") in mine.out
    # --query sees the same strings the AWS CLI's query sees.
    query = ["--query", TIME_QUERY, "--output", "text"]
    theirs = aws("sagemaker", "describe-training-job", *args, *query)
    assert theirs.code == 0
    assert ours("describe", capsys, *args, *query).out == theirs.out


@pytest.mark.parametrize(
    "args",
    [
        ["--max-items", "1", "--output", "text"],
        ["--max-items", "2", "--page-size", "3"],
        [
            "--page-size",
            "1",
            "--query",
            "TrainingJobSummaries[].[TrainingJobName, CreationTime]",
            "--output",
            "text",
        ],
        ["--status-equals", "Failed", "--creation-time-after", "2026-11-20T08:20:00Z"],
        ["--no-paginate", "--sort-by", "Name", "--sort-order", "Descending"],
    ],
    ids=["max-items-text", "truncate-mid-page", "query-per-page-text", "filters", "no-paginate"],
)
def test_list_equals_the_aws_cli(fleet: str, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    theirs = aws("sagemaker", "list-training-jobs", *args, *endpoint_args(fleet))
    assert theirs.code == 0
    assert ours("list_jobs", capsys, *args, *endpoint_args(fleet)).out == theirs.out


def test_starting_tokens_work_both_ways(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A NextToken printed by one tool resumes the listing in the other."""
    first = ["--max-items", "2", "--page-size", "2", "--query", "NextToken", "--output", "text"]
    their_token = aws("sagemaker", "list-training-jobs", *first, *endpoint_args(fleet)).out.split()[-1]
    our_token = ours("list_jobs", capsys, *first, *endpoint_args(fleet)).out.split()[-1]
    assert our_token == their_token
    # moto ignores the token when no MaxResults is sent: give a page size.
    rest = ["--starting-token", their_token, "--page-size", "2", "--output", "json", *endpoint_args(fleet)]
    theirs = aws("sagemaker", "list-training-jobs", *rest)
    mine = ours("list_jobs", capsys, *rest)
    assert mine.out == theirs.out
    assert FAILED not in mine.out and "tiny-minimal" in mine.out


def test_not_found_prints_the_aws_cli_error(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--training-job-name", "no-such-job", *endpoint_args(fleet)]
    theirs = aws("sagemaker", "describe-training-job", *args)
    mine = ours("describe", capsys, *args)
    assert mine.err == theirs.err  # "\nAn error occurred (ValidationException) when calling ..."
    assert mine.err.startswith(
        "\nAn error occurred (ValidationException) when calling the DescribeTrainingJob"
    )
    assert mine.out == ""
    # The AWS CLI v1 exits 255 for every error; v2 (and we) use 254 for service errors.
    assert (mine.code, theirs.code) == (254, 255)


def test_the_describe_input_skeleton_equals_the_aws_cli(
    capsys: pytest.CaptureFixture[str], cli_env: None
) -> None:
    theirs = aws("sagemaker", "describe-training-job", "--generate-cli-skeleton")
    assert ours("describe", capsys, "--generate-cli-skeleton").out == theirs.out


def test_the_list_input_skeleton_has_the_aws_cli_parameters(
    capsys: pytest.CaptureFixture[str], cli_env: None
) -> None:
    import json

    theirs = json.loads(aws("sagemaker", "list-training-jobs", "--generate-cli-skeleton", "input").out)
    mine = json.loads(ours("list_jobs", capsys, "--generate-cli-skeleton", "input").out)
    assert list(mine) == list(theirs)
    # Enum parameters: the AWS CLI picks a random allowed value, we pick the first one.
    enums = {"StatusEquals", "SortBy", "SortOrder", "WarmPoolStatusEquals"}
    assert {k: v for k, v in mine.items() if k not in enums} == {
        k: v for k, v in theirs.items() if k not in enums
    }


@pytest.mark.parametrize("entry", ["script", "module"])
def test_the_entry_point_prints_the_golden_bytes(fleet: str, entry: str) -> None:
    """``sagemaker-tui describe`` (global options after the sub-command) and ``python -m tui``."""
    case = next(c for c in CASES if c.name == "maximal-query")
    command = (
        [os.path.join(os.path.dirname(sys.executable), "sagemaker-tui")]
        if entry == "script"
        else [sys.executable, "-m", "tui"]
    )
    if entry == "script" and not os.path.exists(command[0]):
        pytest.skip("the sagemaker-tui script is not installed (pip install -e .)")
    proc = subprocess.run(
        [*command, "describe", *case.args, "--output", "text", *endpoint_args(fleet)],
        capture_output=True,
        env=dict(os.environ),
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout == case.path("text").read_bytes()
