"""``list`` options beyond what test_live.py compares with the AWS CLI: pagination errors, paging
parameters from an input file (pagination off, as in the AWS CLI v2), yaml-stream pages, bad values."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.commands.clirun import Result, endpoint_args, ours
from tests.commands.fleet import FAILED, MAXIMAL, MINIMAL

pytestmark = pytest.mark.moto_server


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> Result:
    return ours("list_jobs", capsys, *args, *endpoint_args(url))


def test_no_paginate_refuses_pagination_options(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, fleet, "--no-paginate", "--max-items", "1", "--starting-token", "x")
    assert result.code == 252
    assert result.err == (
        "Error during pagination: Cannot specify --no-paginate along with pagination arguments: "
        "--starting-token, --max-items\n"
    )


def test_paging_parameters_in_the_input_make_one_call(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    """MaxResults/NextToken given in --cli-input-json: one call, the service's own NextToken printed."""
    result = run(capsys, fleet, "--cli-input-json", json.dumps({"MaxResults": 2}), "--output", "json")
    data = json.loads(result.out)
    assert [s["TrainingJobName"] for s in data["TrainingJobSummaries"]] == [MAXIMAL, FAILED]
    assert data["NextToken"] == "2"  # moto's token, not botocore's base64 one
    rest = run(capsys, fleet, "--cli-input-json", json.dumps({"MaxResults": 2, "NextToken": "2"}))
    assert [s["TrainingJobName"] for s in json.loads(rest.out)["TrainingJobSummaries"]] == [MINIMAL]


def test_filters_from_an_input_file(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    body = "StatusEquals: Failed\nCreationTimeAfter: 2026-11-20\n"
    result = run(capsys, fleet, "--cli-input-yaml", body, "--query", "TrainingJobSummaries[].TrainingJobName")
    assert json.loads(result.out) == [FAILED]
    # The command line wins over the file.
    names = ["--query", "TrainingJobSummaries[].TrainingJobName", "--output", "text"]
    other = run(capsys, fleet, "--cli-input-yaml", body, "--status-equals", "InProgress", *names)
    assert other.out == f"{MINIMAL}\n"


def test_yaml_stream_writes_each_page_with_its_service_token(
    fleet: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, fleet, "--page-size", "2", "--output", "yaml-stream")
    pages = yaml.safe_load(result.out)
    assert [[s["TrainingJobName"] for s in p["TrainingJobSummaries"]] for p in pages] == [
        [MAXIMAL, FAILED],
        [MINIMAL],
    ]
    assert [p.get("NextToken") for p in pages] == ["2", None]


def test_yaml_merges_pages_like_json(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, fleet, "--max-items", "1", "--page-size", "2", "--output", "yaml")
    data = yaml.safe_load(result.out)
    assert [s["TrainingJobName"] for s in data["TrainingJobSummaries"]] == [MAXIMAL]
    assert data["NextToken"] == "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--creation-time-after", "yesterday"],
            "sagemaker-tui list: error: argument --creation-time-after: invalid timestamp 'yesterday'",
        ),
        (["--max-items", "0"], "sagemaker-tui list: error: argument --max-items: must be at least 1, not 0"),
        (["--status-equals", "Done"], "sagemaker-tui list: error: argument --status-equals: invalid choice"),
        (["--starting-token", "a___b___c"], "Error during pagination: Bad starting token: a___b___c"),
        (
            ["--cli-input-json", '{"CreationTimeAfter": "soon"}'],
            "Invalid timestamp for parameter CreationTimeAfter: 'soon'",
        ),
        (
            ["--cli-input-json", '{"MaxResults": "ten"}'],
            "Parameter validation failed: Invalid type for parameter MaxResults",
        ),
    ],
    ids=["bad-time", "zero-items", "bad-status", "bad-token", "bad-input-time", "bad-input-type"],
)
def test_bad_values_are_one_line_and_exit_252(
    fleet: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    result = run(capsys, fleet, *args)
    assert result.code == 252
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1 and result.out == ""


def test_the_output_skeleton_lists_one_summary(capsys: pytest.CaptureFixture[str], cli_env: None) -> None:
    result = ours("list_jobs", capsys, "--generate-cli-skeleton", "output", "--query", "keys(@)")
    assert json.loads(result.out) == ["TrainingJobSummaries", "NextToken"]
