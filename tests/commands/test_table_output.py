"""``--output table`` against the AWS CLI: its own TableFormatter (imported here, in tests only) on
random data at random terminal widths, its failures, the terminal's width read as it reads it, and
what only a terminal gets (visible control characters). The goldens (test_golden.py) compare the
real ``aws`` on the moto jobs."""

from __future__ import annotations

import io
import sys
from argparse import Namespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.commands.clirun import aws, endpoint_args, on_terminal, ours
from tests.commands.fleet import FAILED, MAXIMAL
from tests.commands.golden import CASES
from tests.commands.test_output_units import FAST, SCALARS, TEXT
from tui.output.table import TableError, render_table

KEYS = st.sampled_from(["A", "B", "Name", "Status", "ü漢", "x" * 30, "CreationTime"])
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(KEYS, TEXT), inner, max_size=5),
        # The shapes a --query makes: rows of scalars (X[].[a, b]) and lists of similar dicts.
        st.lists(st.lists(SCALARS, min_size=2, max_size=2), min_size=1, max_size=4),
        st.lists(st.dictionaries(KEYS, inner, min_size=1, max_size=3), min_size=1, max_size=4),
    ),
    max_leaves=30,
)
WIDTHS = st.sampled_from([0, 20, 40, 80, 132, 200])


def theirs(value: Any, width: int, monkeypatch: pytest.MonkeyPatch) -> str | tuple[str, str]:
    """The AWS CLI v1's TableFormatter, its terminal's width set to ``width``."""
    import jmespath
    from awscli import table
    from awscli.formatter import TableFormatter

    monkeypatch.setattr(table, "determine_terminal_width", lambda default_width=80: width)
    formatter = TableFormatter(Namespace(query=jmespath.compile("R"), color="off"))
    out = io.StringIO()
    try:
        # A response is a dict; the query picks any value out of it (as --query does).
        formatter("ListTrainingJobs", {"R": value}, out)
    except Exception as exc:
        return ("error", str(exc))
    return out.getvalue()


def mine(value: Any, width: int) -> str | tuple[str, str]:
    out = io.StringIO()
    try:
        render_table(value, "ListTrainingJobs", out, colour=False, width=width)
    except TableError as exc:
        return ("error", str(exc))
    return out.getvalue()


@FAST
@given(value=VALUES, width=WIDTHS)
def test_table_output_equals_the_aws_cli_table_formatter(value: Any, width: int) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert mine(value, width) == theirs(value, width, monkeypatch)


@pytest.mark.parametrize(
    "value",
    [
        [["a", "b"], ["c", "d", "e"]],  # rows of different lengths
        ["Failed", ["Starting", "msg"]],  # a scalar row, then a two-cell one
        [{"A": 1}, "not a dict"],  # a list of dicts that is not only dicts
    ],
)
def test_what_the_aws_cli_cannot_lay_out_fails_with_its_message(
    value: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = theirs(value, 80, monkeypatch)
    assert isinstance(expected, tuple)
    assert mine(value, 80) == expected


@pytest.mark.moto_server
def test_a_failing_table_prints_what_the_aws_cli_prints_and_exits_255(
    read_only_fleet: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "--training-job-name", FAILED, "--output", "table",
        "--query", "[TrainingJobStatus, FailureReason, SecondaryStatusTransitions[-1].[Status, EndTime]]",
        *endpoint_args(read_only_fleet),
    ]
    reference = aws("sagemaker", "describe-training-job", *args)
    result = ours("describe", capsys, *args)
    assert (result.code, result.out, result.err) == (255, "", reference.err)
    assert reference.code == 255 and reference.err.startswith("\nRow should have 1 elements")


def golden(name: str) -> str:
    return next(c for c in CASES if c.name == name).path("table").read_text("utf-8")


@pytest.mark.moto_server
@pytest.mark.parametrize(("name", "job", "width"), [("failed-table-40", FAILED, 40),
                                                    ("maximal-table-200", MAXIMAL, 200)])
def test_on_a_terminal_the_table_takes_its_width(
    read_only_fleet: str, name: str, job: str, width: int
) -> None:
    """The width comes from the terminal's window size, as the AWS CLI reads it: the installed
    command on a pseudo-terminal prints the AWS CLI's bytes for that width."""
    argv = [sys.executable, "-m", "tui", "describe", "--training-job-name", job, "--output", "table",
            "--color", "off", *endpoint_args(read_only_fleet)]
    result = on_terminal(argv, width)
    assert (result.code, result.err) == (0, "")
    assert result.out == golden(name)


def test_on_a_terminal_control_characters_are_visible_and_the_borders_line_up() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    from tui.output.formatters import OutputOptions, write_response

    raw = {"TrainingJobName": "a\x1b]52;c;eA==\x07b", "HyperParameters": {"k\x9b": "v\x1b[2J"}}
    out = Terminal()
    options = OutputOptions(output="table", color="off", title="DescribeTrainingJob", width=80)
    write_response(raw, options, out)
    text = out.getvalue()
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert "a␛]52;c;eA==␇b" in text
    assert len({len(line) for line in text.splitlines()}) == 1, text
    piped = io.StringIO()  # not a terminal: the AWS CLI's bytes, control characters and all
    write_response(raw, OutputOptions(output="table", color="off", title="DescribeTrainingJob"), piped)
    assert "a\x1b]52;c;eA==\x07b" in piped.getvalue()
