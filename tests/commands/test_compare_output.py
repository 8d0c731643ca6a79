"""The compare command's writers (pure): alignment in terminal cells, visible control characters."""

from __future__ import annotations

import io
import json

from rich.cells import cell_len

from tui.commands.compare import write
from tui.models.compare import CompareRow, Comparison


def comparison() -> Comparison:
    return Comparison(
        ("job-a", "job-b"),
        (
            CompareRow("Hyperparameters", "wide", ("全角全角", "x")),
            CompareRow("Hyperparameters", "evil", ("\x1b[31m", "ok")),
            CompareRow("Status", "Status", ("Completed", "Completed")),
        ),
    )


def test_table_columns_align_in_cells_and_controls_are_visible() -> None:
    out = io.StringIO()
    write(comparison(), "table", out)
    lines = out.getvalue().splitlines()
    assert "\x1b" not in out.getvalue() and "␛[31m" in out.getvalue()
    header, wide = lines[0], lines[1]
    assert cell_len(header[: header.index("job-b")]) == cell_len(wide[: wide.index("x", wide.index("全"))])
    assert lines[-1] == "2 of 3 rows differ (≠)."


def test_only_differences_text_and_json() -> None:
    out = io.StringIO()
    write(comparison(), "text", out, only_differences=True)
    assert out.getvalue().splitlines() == [
        "SECTION\tFIELD\tDIFFERS\tjob-a\tjob-b",
        "Hyperparameters\twide\tyes\t全角全角\tx",
        "Hyperparameters\tevil\tyes\t␛[31m\tok",
    ]
    out = io.StringIO()
    write(comparison(), "json", out)
    document = json.loads(out.getvalue())
    assert document["jobs"] == ["job-a", "job-b"]
    assert document["rows"][1] == {"section": "Hyperparameters", "field": "evil", "differs": True,
                                   "values": ["\x1b[31m", "ok"]}
