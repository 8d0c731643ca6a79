"""``sagemaker-tui compare JOB JOB…``: the compare screen's comparison, printed.

The same rows as the screen (:func:`tui.models.compare.compare`), from the same data path
(:meth:`JobRepository.compare_records`: cached describes, one Search call for the tags and
the jobs not cached). ``--output table`` (default) prints the jobs as columns with ``≠`` before each
differing row; ``text`` prints tab-separated ``section, field, differs, value…`` lines (for cut and
awk); ``json`` prints ``{"jobs": [...], "rows": [{"section", "field", "differs", "values"}]}``.
``--only-differences`` keeps only the rows that differ (not a default here: scripts want every row).
"""

from __future__ import annotations

import json
from typing import IO

from tui.aws.jobs import check_job_name
from tui.clock import Clock, SystemClock
from tui.commands.common import APP_NAME, OneLineParser, UsageError, add_global_options
from tui.commands.runner import guarded, open_repository, stdout_guard, warn
from tui.models.compare import DIFF_MARK, MAX_JOBS, MIN_JOBS, CompareRow, Comparison, compare
from tui.safe_text import visible

OUTPUTS = ("table", "text", "json")
#: The command's clock (tests fix it: a running job's duration grows with it).
CLOCK: Clock = SystemClock()
#: Widest a value column gets in the table output (longer values are elided in the middle).
TABLE_VALUE_CELLS = 40


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=f"{APP_NAME} compare",
        description="Compare 2 to 8 training jobs side by side (what differs is marked).",
    )
    parser.add_argument("jobs", nargs="*", metavar="JOB", help="training job names (2 to 8)")
    parser.add_argument("--only-differences", action="store_true", help="print only the rows that differ")
    parser.add_argument("--output", choices=OUTPUTS, default="table", help="table (default), text or json")
    add_global_options(parser)
    return parser


def run(argv: list[str]) -> int:
    return guarded(_run, argv)


def _run(argv: list[str]) -> int:
    ns = build_parser().parse_args(argv)
    prog = f"{APP_NAME} compare: error:"
    names = list(dict.fromkeys(ns.jobs))
    if not MIN_JOBS <= len(names) <= MAX_JOBS:
        raise UsageError(f"{prog} give {MIN_JOBS} to {MAX_JOBS} different job names ({len(names)} given)")
    for name in names:
        problem = check_job_name(name)
        if problem:
            raise UsageError(f"{prog} {problem}")
    with open_repository(ns) as repository:
        records = repository.compare_records(tuple(names))
        warnings = list(repository.cache_warnings)
    for message in warnings:
        warn(message)
    tags = [records.tags.get(name) for name in names] if records.tags is not None else None
    comparison = compare(records.describes, CLOCK.now(), tags=tags)
    with stdout_guard() as out:
        write(comparison, ns.output, out, only_differences=ns.only_differences)
    return 0


def write(comparison: Comparison, output: str, out: IO[str], *, only_differences: bool = False) -> None:
    rows = comparison.shown(only_differences)
    names = [visible(name) for name in comparison.names]
    if output == "json":
        document = {
            "jobs": list(comparison.names),
            "rows": [
                {"section": r.section, "field": r.label, "differs": r.differs, "values": list(r.values)}
                for r in rows
            ],
        }
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    if output == "text":
        out.write("\t".join(["SECTION", "FIELD", "DIFFERS", *names]) + "\n")
        for r in rows:
            cells = [r.section, r.label, "yes" if r.differs else "no", *r.values]
            out.write("\t".join(visible(c) for c in cells) + "\n")
        return
    _table(rows, names, out)


def _table(rows: tuple[CompareRow, ...], names: list[str], out: IO[str]) -> None:
    from rich.cells import cell_len, set_cell_size

    from tui.models.compare import elide_middle

    labels = [visible(r.title) for r in rows]
    label_width = max([len("FIELD"), *(cell_len(label) for label in labels)])
    widths = [
        min(TABLE_VALUE_CELLS, max([cell_len(name), *(cell_len(visible(r.values[i])) for r in rows)]))
        for i, name in enumerate(names)
    ]

    def line(mark: str, label: str, values: list[str]) -> str:
        # Padded in terminal cells (a wide character takes two), so the columns stay aligned.
        cells = [set_cell_size(elide_middle(v, w), w) for v, w in zip(values, widths, strict=True)]
        return f"{mark} {set_cell_size(label, label_width)}  " + "  ".join(cells).rstrip() + "\n"

    out.write(line(" ", "FIELD", names))
    for r, label in zip(rows, labels, strict=True):
        out.write(line(DIFF_MARK if r.differs else " ", label, [visible(v) for v in r.values]))
    differing = sum(1 for r in rows if r.differs)
    out.write(f"\n{differing} of {len(rows)} rows differ ({DIFF_MARK}).\n")
