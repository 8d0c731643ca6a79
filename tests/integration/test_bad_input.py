"""Issue 8's bad input, the items no other test covered: one line on stderr, the exit code.

Already covered elsewhere (not repeated here), for the TUI's own options: unknown profile, region
that does not exist, malformed --endpoint-url, missing --ca-bundle, negative and non-numeric
timeouts, --training-job-name with forbidden characters or 64+ characters, unparsable --since
(tests/test_cli.py); unknown theme and malformed config (tests/test_config.py); for ``describe``:
invalid --query, malformed --cli-input-json, a forbidden name (tests/commands/test_describe_options.py)
and a job that does not exist (tests/commands/test_live.py, the AWS CLI's own message).

Here: the same connection mistakes for the headless commands (their own exit codes, as the AWS
CLI v2: 252 bad usage, 253 bad configuration), ``list``'s --query and --cli-input-json, a 64+
character name for ``describe``, and the TUI opened on a job that does not exist.
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.integration.harness import VirtualTime, client_for, make_app, make_fleet, settle
from tests.screens.fakes import async_test
from tui.cache.store import CacheStore
from tui.cli import main
from tui.screens.job_detail import JobDetailScreen
from tui.screens.job_list import JobListScreen

DEAD = ["--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"]  # never reached


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["describe", "--training-job-name", "x", "--profile", "nope"],
            253,
            "sagemaker-tui: The config profile 'nope' could not be found.",
        ),
        (
            ["list", "--profile", "nope"],
            253,
            "sagemaker-tui: The config profile 'nope' could not be found.",
        ),
        (
            ["describe", "--training-job-name", "x", "--region", "xx-nowhere-9"],
            253,
            "sagemaker-tui: Unknown region 'xx-nowhere-9': SageMaker has no endpoint there.",
        ),
        (
            ["list", "--region", "us-east-1", "--endpoint-url", "localhost:4566"],
            253,
            "sagemaker-tui: Invalid endpoint URL 'localhost:4566': it must look like https://host[:port].",
        ),
        (
            ["describe", "--training-job-name", "x", "--region", "us-east-1", "--ca-bundle", "/no/ca.pem"],
            253,
            "sagemaker-tui: The CA bundle file '/no/ca.pem' does not exist.",
        ),
        (
            ["describe", "--training-job-name", "x", *DEAD, "--cli-connect-timeout", "-3"],
            252,
            "sagemaker-tui describe: error: argument --cli-connect-timeout: '-3' must be 0 (blocking) "
            "or a positive number",
        ),
        (
            ["list", *DEAD, "--cli-read-timeout", "soon"],
            252,
            "sagemaker-tui list: error: argument --cli-read-timeout: 'soon' is not a number of seconds",
        ),
        (
            ["describe", "--training-job-name", "a" * 64, *DEAD],
            252,
            "sagemaker-tui describe: error: Training job names are at most 63 characters; this one has 64.",
        ),
        (
            ["list", *DEAD, "--query", "TrainingJobSummaries[?"],
            252,
            "Bad value for --query TrainingJobSummaries[?: Invalid jmespath expression: Incomplete "
            "expression at column 22",
        ),
        (
            ["list", *DEAD, "--cli-input-json", "{bad"],
            252,
            "Error parsing parameter 'cli-input-json': Invalid JSON: Expecting property name enclosed "
            "in double quotes: line 1 column 2 (char 1)",
        ),
    ],
    ids=[
        "describe-unknown-profile",
        "list-unknown-profile",
        "describe-unknown-region",
        "list-malformed-endpoint",
        "describe-missing-ca-bundle",
        "describe-negative-timeout",
        "list-non-numeric-timeout",
        "describe-64-character-name",
        "list-invalid-query",
        "list-malformed-cli-input-json",
    ],
)
def test_command_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str], code: int,
    message: str,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    got = main(argv)
    out, err = capsys.readouterr()
    assert (got, out, err) == (code, "", message + "\n")


@pytest.mark.moto_server
@async_test
async def test_the_tui_opened_on_a_job_that_does_not_exist(
    moto_url: str, cache: CacheStore, vt: VirtualTime
) -> None:
    """``--training-job-name`` passes the name check but the job does not exist: the app opens on
    it, says so, stays up, and Escape leads to the (working) list."""
    client = client_for(moto_url, vt)
    fleet = make_fleet(client, 2)
    run = make_app(client, cache, vt, initial_job="no-such-job")
    async with run.app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        detail = run.app.screen
        assert isinstance(detail, JobDetailScreen) and detail.job_name == "no-such-job"
        placeholder = detail.query_one("#detail-placeholder", Static)
        assert str(placeholder.render()) == (
            "Training job 'no-such-job' was not found.\n\nPress r to retry or Escape to go back to the list."
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(run.app.screen, JobListScreen)
        assert sorted(run.rows) == fleet
        await pilot.press("q")
    assert run.app.return_code == 0
