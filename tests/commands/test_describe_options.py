"""``describe`` options: skeletons, --cli-input-json/yaml and their precedence, errors and exit codes,
--output from the environment or the profile, colour, table, yaml-stream."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.commands.clirun import CLI_DATA, Result, endpoint_args, ours, write_aws_config
from tests.commands.fleet import FAILED, MAXIMAL
from tests.commands.golden import CASES

pytestmark = pytest.mark.moto_server


def golden(name: str, fmt: str) -> str:
    return next(c for c in CASES if c.name == name and c.command == "describe").path(fmt).read_text("utf-8")


def describe(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> Result:
    return ours("describe", capsys, *args, *endpoint_args(url))


# -- --cli-input-json / --cli-input-yaml ------------------------------------------------------
@pytest.mark.parametrize(
    "source",
    [
        ["--cli-input-json", json.dumps({"TrainingJobName": FAILED})],
        ["--cli-input-json", f"file://{CLI_DATA / 'describe-failed.json'}"],
        ["--cli-input-yaml", f"TrainingJobName: {FAILED}"],
        ["--cli-input-yaml", f"file://{CLI_DATA / 'describe-failed.yaml'}"],
    ],
    ids=["json-string", "json-file", "yaml-string", "yaml-file"],
)
def test_the_name_can_come_from_an_input_file(
    fleet: str, capsys: pytest.CaptureFixture[str], source: list[str]
) -> None:
    result = describe(capsys, fleet, *source, "--output", "json")
    assert (result.code, result.err) == (0, "")
    assert result.out == golden("failed", "json")


@pytest.mark.parametrize("option", ["--cli-input-json", "--cli-input-yaml"])
def test_the_command_line_overrides_the_input(
    fleet: str, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    path = CLI_DATA / ("describe-failed.json" if option.endswith("json") else "describe-failed.yaml")
    result = describe(
        capsys, fleet, option, f"file://{path}", "--training-job-name", MAXIMAL, "--output", "text"
    )
    assert result.out == golden("maximal", "text")


def test_json_and_yaml_input_are_mutually_exclusive(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = describe(capsys, fleet, "--cli-input-json", "{}", "--cli-input-yaml", "{}")
    assert result.code == 252
    assert result.err == (
        "sagemaker-tui describe: error: argument --cli-input-yaml: "
        "not allowed with argument --cli-input-json\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--cli-input-json", "{bad"],
            "Error parsing parameter 'cli-input-json': Invalid JSON: Expecting property name enclosed in "
            "double quotes: line 1 column 2 (char 1)",
        ),
        (["--cli-input-yaml", "a: [1"], "Error parsing parameter 'cli-input-yaml': Invalid YAML: "),
        (
            ["--cli-input-json", '["x"]'],
            "Error parsing parameter 'cli-input-json': the input must be a mapping",
        ),
        (
            ["--cli-input-json", "file://no/such/file.json"],
            "Error parsing parameter '--cli-input-json': Unable to load paramfile file://no/such/file.json: "
            "[Errno 2] No such file or directory: 'no/such/file.json'",
        ),
        (
            ["--cli-input-json", json.dumps({"TrainingJobName": "x", "Foo": 1})],
            'Parameter validation failed: Unknown parameter in input: "Foo", must be one of: TrainingJobName',
        ),
        (
            ["--cli-input-json", '{"TrainingJobName": 5}'],
            "Parameter validation failed: Invalid type for parameter TrainingJobName, value: 5, type: "
            "<class 'int'>, valid types: <class 'str'>",
        ),
        (["--training-job-name", "bad name!"], "sagemaker-tui describe: error: Invalid training job name"),
        ([], "sagemaker-tui describe: error: the following arguments are required: --training-job-name"),
        (
            ["--training-job-name", MAXIMAL, "--query", "foo["],
            "Bad value for --query foo[: Invalid jmespath expression: Incomplete expression at column 4",
        ),
        (
            ["--training-job-name", MAXIMAL, "--output", "xml"],
            "sagemaker-tui describe: error: argument --output:",
        ),
        (
            ["--training-job-name", MAXIMAL, "--color", "always"],
            "sagemaker-tui describe: error: argument --color:",
        ),
    ],
    ids=[
        "malformed-json",
        "malformed-yaml",
        "not-a-mapping",
        "missing-file",
        "unknown-parameter",
        "wrong-type",
        "bad-name",
        "no-name",
        "bad-query",
        "bad-output",
        "bad-color",
    ],
)
def test_bad_input_is_one_line_and_exit_252(
    fleet: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    result = describe(capsys, fleet, *args)
    assert result.code == 252
    assert result.out == ""
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_a_query_failing_on_the_data_exits_255(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = describe(
        capsys, fleet, "--training-job-name", MAXIMAL, "--query", "length(BillableTimeInSeconds)"
    )
    assert result.code == 255
    assert result.err.startswith("In function length(), invalid type for value: 3348")


def test_an_unreachable_endpoint_is_one_line_and_exit_255(
    capsys: pytest.CaptureFixture[str], cli_env: None, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("max_attempts = 1\n", encoding="utf-8")
    result = ours(
        "describe",
        capsys,
        "--training-job-name",
        MAXIMAL,
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--cli-connect-timeout",
        "2",
        "--config",
        str(config),
        "--no-cache",
    )
    assert result.code == 255
    assert result.err.startswith("sagemaker-tui: Could not reach the SageMaker endpoint")
    assert result.err.count("\n") == 1


# -- skeletons --------------------------------------------------------------------------------
def test_the_yaml_input_skeleton_feeds_cli_input_yaml(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    skeleton = ours("describe", capsys, "--generate-cli-skeleton", "yaml-input").out
    assert skeleton == "TrainingJobName: '' # [REQUIRED] The name of the training job.\n"
    filled = skeleton.replace("''", FAILED)
    assert describe(capsys, fleet, "--cli-input-yaml", filled).out == golden("failed", "json")


def test_the_output_skeleton_is_a_sample_response(capsys: pytest.CaptureFixture[str], cli_env: None) -> None:
    from botocore.utils import ArgumentGenerator

    from tui.output.normalize import output_shape

    result = ours("describe", capsys, "--generate-cli-skeleton", "output", "--training-job-name", "x")
    assert result.code == 0
    sample = json.loads(result.out)
    expected = ArgumentGenerator(use_member_names=True).generate_skeleton(output_shape("DescribeTrainingJob"))
    assert sample == json.loads(json.dumps(expected, default=lambda d: d.isoformat()))
    assert sample["TrainingJobName"] == "TrainingJobName"
    assert sample["CreationTime"] == "1970-01-01T00:00:00"
    # Like a response, it goes through --query and --output.
    text = ours(
        "describe",
        capsys,
        "--generate-cli-skeleton",
        "output",
        "--training-job-name",
        "x",
        "--query",
        "[TrainingJobStatus, CreationTime]",
        "--output",
        "text",
    )
    assert text.out == "TrainingJobStatus\t1970-01-01 00:00:00\n"


def test_the_output_skeleton_still_needs_a_name(capsys: pytest.CaptureFixture[str], cli_env: None) -> None:
    result = ours("describe", capsys, "--generate-cli-skeleton", "output")
    assert result.code == 252


# -- output selection, compatibility flags ----------------------------------------------------
def test_output_defaults_to_aws_default_output(
    fleet: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_OUTPUT", "text")
    assert describe(capsys, fleet, "--training-job-name", MAXIMAL).out == golden("maximal", "text")


def test_output_defaults_to_the_profile_setting(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    write_aws_config("output = yaml\n")
    assert describe(capsys, fleet, "--training-job-name", MAXIMAL).out == golden("maximal", "yaml")


def test_compatibility_flags_are_accepted(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = describe(
        capsys,
        fleet,
        "--training-job-name",
        MAXIMAL,
        "--no-cli-pager",
        "--no-paginate",
        "--cli-binary-format",
        "raw-in-base64-out",
        "--no-cli-auto-prompt",
        "--output",
        "json",
    )
    assert (result.code, result.out) == (0, golden("maximal", "json"))


def test_colour_on_adds_escapes_only(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("json", "yaml"):
        result = describe(capsys, fleet, "--training-job-name", MAXIMAL, "--output", fmt, "--color", "on")
        assert "\x1b[" in result.out
        assert re.sub(r"\x1b\[[0-9;]*m", "", result.out) == golden("maximal", fmt)
    # Text output is for scripts: never coloured. Auto colour: not on a pipe.
    text = describe(capsys, fleet, "--training-job-name", MAXIMAL, "--output", "text", "--color", "on")
    assert text.out == golden("maximal", "text")
    auto = describe(capsys, fleet, "--training-job-name", MAXIMAL, "--output", "json", "--color", "auto")
    assert auto.out == golden("maximal", "json")


def test_yaml_stream_is_a_one_item_list(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = describe(capsys, fleet, "--training-job-name", FAILED, "--output", "yaml-stream")
    assert result.out.startswith("- AlgorithmSpecification:\n")
    assert yaml.safe_load(result.out) == [json.loads(golden("failed", "json"))]


def test_auto_prompt_asks_for_a_missing_name_on_a_terminal(
    fleet: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(f"{FAILED}\n"))
    result = describe(capsys, fleet, "--cli-auto-prompt", "--output", "json")
    assert (result.out, result.err) == (golden("failed", "json"), "TrainingJobName: ")
    # Not a terminal: no prompt, the usual one-line error.
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{FAILED}\n"))
    assert describe(capsys, fleet, "--cli-auto-prompt").code == 252
