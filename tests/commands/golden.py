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
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from tests.commands.clirun import GOLDEN, aws, endpoint_args
from tests.commands.fleet import FAILED, MAXIMAL, MINIMAL

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
EXTENSIONS = {"json": "json", "text": "txt", "yaml": "yaml"}


@dataclass(frozen=True)
class Case:
    """One command line whose output is kept as a golden file per format."""

    name: str
    command: str  # "describe" or "list"
    args: tuple[str, ...]
    formats: tuple[str, ...] = ("json", "text", "yaml")
    notes: str = field(default="", compare=False)

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


def reference(case: Case, fmt: str, endpoint: str) -> str:
    """What the AWS CLI prints for ``case`` in ``fmt`` (yaml: as v2 would, see the module doc)."""
    cli_fmt = "json" if fmt == "yaml" else fmt
    result = aws("sagemaker", case.aws_operation, *case.args, "--output", cli_fmt, *endpoint_args(endpoint))
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
