"""``describe`` and ``list`` print byte for byte what the AWS CLI prints (golden files).

The goldens come from the real AWS CLI against the same moto jobs; regenerate them with
``UPDATE_GOLDEN=1`` (see tests/commands/golden.py for the exact commands, and how the yaml goldens
are made). Our commands run in-process here; test_live.py compares with the AWS CLI live.
"""

from __future__ import annotations

import pytest

from tests.commands.clirun import endpoint_args, ours, write_aws_config
from tests.commands.golden import CASES, UPDATE, Case, reference, ruamel_available

PARAMS = [
    pytest.param(case, fmt, id=f"{case.command}-{case.name}-{fmt}") for case in CASES for fmt in case.formats
]
MODULES = {"describe": "describe", "list": "list_jobs"}


@pytest.mark.moto_server
@pytest.mark.parametrize(("case", "fmt"), PARAMS)
def test_output_matches_the_aws_cli_golden(
    read_only_fleet: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    case: Case,
    fmt: str,
) -> None:
    fleet = read_only_fleet
    path = case.path(fmt)
    if UPDATE and (fmt != "yaml" or ruamel_available()):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(reference(case, fmt, fleet).encode("utf-8"))
    write_aws_config(timestamps=case.timestamps)
    if case.width is not None:  # the terminal's width (test_table_on_a_terminal runs it on one)
        monkeypatch.setattr("tui.output.table.terminal_width", lambda stream: case.width)
    result = ours(MODULES[case.command], capsys, *case.args, "--output", fmt, *endpoint_args(fleet))
    assert (result.code, result.err) == (0, "")
    assert result.out.encode("utf-8") == path.read_bytes()
