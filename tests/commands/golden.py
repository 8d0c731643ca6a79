"""Golden files for ``describe``/``list`` output, and how they are regenerated from the real AWS CLI.

Regenerate (needs the moto fixtures, so it runs as the golden tests with a flag)::

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/commands/test_golden.py

``json`` and ``text`` goldens are what the real ``aws`` CLI (v1, ``cli_timestamp_format = iso8601``,
``TZ=UTC``) prints against the moto server. The AWS CLI v2 cannot be installed from PyPI, so ``yaml``
goldens are the real CLI's JSON output (with the same ``--query``) dumped the way v2 dumps YAML:
ruamel.yaml's ``YAML(typ="safe")`` with ``default_flow_style = False``, a scalar as JSON. That needs
ruamel.yaml importable, e.g.::

    pip install --target /tmp/ruamel 'ruamel.yaml==0.17.21'   # the version the AWS CLI v2 pins
    UPDATE_GOLDEN=1 PYTHONPATH=/tmp/ruamel .venv/bin/python -m pytest tests/commands/test_golden.py

Without ruamel only the yaml goldens are left as they are.

``table`` goldens are the real CLI's ``--output table``: piped (80 columns) unless the case gives a
terminal ``width``, in which case the AWS CLI runs on a pseudo-terminal that wide (it reads the
window size of stdout, not ``COLUMNS``) with ``--color off``. A case's ``timestamps`` is the
``cli_timestamp_format`` line of the AWS config both CLIs read (None: no such line).
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from tests.commands.clirun import AWS, GOLDEN, aws, endpoint_args, on_terminal, write_aws_config
from tests.commands.fleet import FAILED, MAXIMAL, MINIMAL

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
EXTENSIONS = {"json": "json", "text": "txt", "yaml": "yaml", "table": "table"}


@dataclass(frozen=True)
class Case:
    """One command line whose output is kept as a golden file per format."""

    name: str
    command: str  # "describe" or "list"
    args: tuple[str, ...]
    formats: tuple[str, ...] = ("json", "text", "yaml")
    notes: str = field(default="", compare=False)
    #: The terminal's width for ``table`` (None: piped, which the AWS CLI takes as 80).
    width: int | None = None
    #: The AWS config's ``cli_timestamp_format`` (None: not set).
    timestamps: str | None = "iso8601"

    @property
    def aws_operation(self) -> str:
        return "describe-training-job" if self.command == "describe" else "list-training-jobs"

    def path(self, fmt: str) -> Path:
        return GOLDEN / self.command / f"{self.name}.{EXTENSIONS[fmt]}"


CASES = [
    Case("maximal", "describe", ("--training-job-name", MAXIMAL)),
    Case(
        "maximal-query",
        "describe",
        (
            "--training-job-name",
            MAXIMAL,
            "--query",
            "{Name: TrainingJobName, Created: CreationTime, Channels: InputDataConfig[].ChannelName, "
            "Hyper: HyperParameters, Metrics: FinalMetricDataList[?Value < `0.5`]}",
        ),
    ),
    Case("failed", "describe", ("--training-job-name", FAILED)),
    Case(
        "failed-query",
        "describe",
        (
            "--training-job-name",
            FAILED,
            "--query",
            "[TrainingJobStatus, FailureReason, SecondaryStatusTransitions[-1].[Status, EndTime]]",
        ),
    ),
    Case("minimal", "describe", ("--training-job-name", MINIMAL)),
    Case("minimal-query", "describe", ("--training-job-name", MINIMAL, "--query", "CreationTime")),
    Case("all", "list", ()),
    Case(
        "paged",
        "list",
        ("--max-items", "2", "--page-size", "1", "--query", "TrainingJobSummaries[].TrainingJobName"),
        formats=("json", "text"),
    ),
]


TRANSITIONS = "SecondaryStatusTransitions[].[Status, StatusMessage]"
JOB_ROWS = "TrainingJobSummaries[].[TrainingJobName, TrainingJobStatus]"
TABLE = ("table",)
CASES += [
    Case("maximal-table", "describe", ("--training-job-name", MAXIMAL), formats=TABLE),
    Case("maximal-table-200", "describe", ("--training-job-name", MAXIMAL, "--color", "off"),
         formats=TABLE, width=200),
    Case("failed-table", "describe", ("--training-job-name", FAILED), formats=TABLE),
    Case("failed-table-40", "describe", ("--training-job-name", FAILED, "--color", "off"),
         formats=TABLE, width=40),
    Case("minimal-table-132", "describe", ("--training-job-name", MINIMAL, "--color", "off"),
         formats=TABLE, width=132),
    Case("transitions-table", "describe", ("--training-job-name", FAILED, "--query", TRANSITIONS),
         formats=TABLE),
    Case("transitions-table-30", "describe",
         ("--training-job-name", FAILED, "--query", TRANSITIONS, "--color", "off"), formats=TABLE, width=30),
    Case("query-table", "describe", ("--training-job-name", MAXIMAL, "--query",
         "{Name: TrainingJobName, Created: CreationTime, Channels: InputDataConfig[].ChannelName, "
         "Hyper: HyperParameters, Metrics: FinalMetricDataList[?Value < `0.5`]}"), formats=TABLE),
    Case("scalar-table", "describe", ("--training-job-name", MINIMAL, "--query", "CreationTime"),
         formats=TABLE),
    Case("coloured-table", "describe", ("--training-job-name", FAILED, "--color", "on"), formats=TABLE),
    Case("all-table", "list", (), formats=TABLE),
    Case("all-table-100", "list", ("--color", "off"), formats=TABLE, width=100),
    Case("rows-table", "list", ("--query", JOB_ROWS), formats=TABLE),
    Case("rows-table-24", "list", ("--query", JOB_ROWS, "--color", "off"), formats=TABLE, width=24),
    Case("paged-table", "list", ("--max-items", "2", "--page-size", "1"), formats=TABLE),
    # cli_timestamp_format: wire and none (the AWS CLI v1's default) print epoch seconds.
    Case("maximal-wire", "describe", ("--training-job-name", MAXIMAL), formats=("json", "text", "table"),
         timestamps="wire"),
    Case("failed-none", "describe", ("--training-job-name", FAILED), formats=("json", "text"),
         timestamps="none"),
    Case("minimal-query-wire", "describe", ("--training-job-name", MINIMAL, "--query", "CreationTime"),
         formats=("json", "text"), timestamps="wire"),
    Case("all-wire", "list", (), formats=("json", "text", "table"), timestamps="wire"),
    Case("paged-wire", "list", ("--max-items", "2", "--page-size", "1"), formats=("json", "text"),
         timestamps="wire"),
]


def reference(case: Case, fmt: str, endpoint: str) -> str:
    """What the AWS CLI prints for ``case`` in ``fmt`` (yaml: as v2 would, see the module doc)."""
    cli_fmt = "json" if fmt == "yaml" else fmt
    write_aws_config(timestamps=case.timestamps)
    argv = ("sagemaker", case.aws_operation, *case.args, "--output", cli_fmt, *endpoint_args(endpoint))
    result = aws(*argv) if case.width is None else on_terminal([str(AWS), *argv], case.width)
    if result.code != 0:
        raise AssertionError(f"the AWS CLI failed for {case.name}: {result.err}")
    if fmt != "yaml":
        return result.out
    return v2_yaml(json.loads(result.out) if result.out else {})


def v2_yaml(data: object) -> str:
    """The AWS CLI v2's YAML dumper, with ruamel.yaml (a test-time helper only)."""
    from ruamel.yaml import YAML

    if not isinstance(data, (dict, list)):
        return json.dumps(data, ensure_ascii=False) + "\n"
    if data == {}:
        return ""
    dumper = YAML(typ="safe")
    dumper.default_flow_style = False
    out = io.StringIO()
    dumper.dump(data, out)
    return out.getvalue()


def ruamel_available() -> bool:
    try:
        import ruamel.yaml  # noqa: F401
    except ImportError:
        return False
    return True
