"""Run every benchmark, one child process each, and end with a table of the key figures.

    python -m benchmarks [--quick] [--only NAME[,NAME...]] [--list]
    make bench ARGS=--quick

Each module runs as ``python -m benchmarks.<name>`` in its own process, so one benchmark's memory
(100,000 rows, a moto server with 1,000 jobs) never pollutes another's figures. Their output is
streamed as it comes; the ``RESULT`` lines they end with (:mod:`benchmarks.common`) are collected
into a Markdown table (figure, target, measured) that can be pasted into the README, under a line
saying what machine it was measured on.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import Result, format_target, format_value, machine, parse_result

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Module:
    name: str
    what: str
    #: Arguments for ``--quick``: smaller sizes, shorter windows (the figures are then indicative).
    quick: tuple[str, ...] = ()


#: In order: the list and start-up first (what a user feels), then calls, then terminal bytes.
MODULES = (
    Module("list_bench", "job list: build, filter, sort, memory (100,000 jobs)",
           ("--jobs", "20000", "--cached", "2000", "--runs", "1")),
    Module("startup", "start-up to the first painted list (pty), bytes until settled, opening a cached job",
           ("--cached", "2000", "--runs", "2", "--opens", "8", "--settle-runs", "1")),
    Module("cli_speed", "describe of a cached job and list --offline vs the AWS CLI (paired runs)",
           ("--runs", "5", "--fleet", "20")),
    Module("cache_bench", "API calls with and without the cache (200 of 1,000 jobs opened twice)",
           ("--jobs", "300", "--opens", "60")),
    Module("api_calls", "API calls per 10 minutes of live refresh vs a naive poller",
           ("--jobs", "300", "--running", "20", "--minutes", "3")),
    Module("metrics_bench", "Metrics tab: first paint of a cached 72 h job, GetMetricData calls",
           ("--hours", "12", "--hosts", "4", "--metrics", "6")),
    Module("idle_bytes", "terminal bytes per minute, idle and while jobs change",
           ("--seconds", "15", "--settle", "3", "--max-settle", "10")),
    Module("leak_bench", "memory over 500 detail opens and closes",
           ("--opens", "150", "--warmup", "30")),
    Module("tuning_bench", "a tuning job with 500 training jobs: calls to load it, paint from the cache",
           ("--trials", "200", "--runs", "2")),
    Module("logs_bench", "logs: cached first screen, search, memory, API calls, idle bytes",
           ("--lines", "20000", "--search-lines", "200000", "--runs", "2", "--idle-seconds", "15")),
    Module("compare_bench", "compare 8 jobs x 300 hyperparameters from the cache; --where calls",
           ("--fleet", "400")),
)


@dataclass
class Outcome:
    module: Module
    code: int = 0
    seconds: float = 0.0
    results: list[Result] = field(default_factory=list)


def run_module(module: Module, args: list[str]) -> Outcome:
    """Run one module, streaming its output line by line; collect its RESULT lines."""
    outcome = Outcome(module)
    env = dict(os.environ, PYTHONUNBUFFERED="1", TEXTUAL_ANIMATIONS="none")
    command = [sys.executable, "-m", f"benchmarks.{module.name}", *args]
    print(f"\n=== {module.name}: {module.what}", flush=True)
    print(f"    $ {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            print(line, end="", flush=True)
            item = parse_result(line.rstrip("\n"))
            if item is not None:
                outcome.results.append(item)
        outcome.code = child.wait()
    outcome.seconds = time.perf_counter() - started
    return outcome


def verdict(item: Result) -> str:
    met = item.met
    return "" if met is None else ("met" if met else "**missed**")


def summary(outcomes: list[Outcome], info: dict[str, str], quick: bool) -> str:
    lines = [
        "",
        "=== Summary" + (" (--quick: smaller sizes, indicative only)" if quick else ""),
        "",
        "Machine: " + "; ".join(f"{key} {value}" for key, value in info.items()),
        "",
        "| Figure | Target | Measured | |",
        "|---|---|---|---|",
    ]
    for outcome in outcomes:
        for item in outcome.results:
            lines.append(
                f"| {item.label} | {format_target(item)} | {format_value(item.value, item.unit)} "
                f"| {verdict(item)} |"
            )
        if outcome.code != 0:
            lines.append(f"| {outcome.module.name} | | failed (exit {outcome.code}) | **failed** |")
    lines.append("")
    lines.append("Time per benchmark: " + ", ".join(f"{o.module.name} {o.seconds:.0f} s" for o in outcomes))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    names = [m.name for m in MODULES]
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and shorter windows (~2 min)")
    parser.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(names)}")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    ns = parser.parse_args(argv)
    if ns.list:
        for module in MODULES:
            print(f"{module.name:12} {module.what}")
        return 0
    wanted = [n.strip() for n in ns.only.split(",") if n.strip()] or names
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)} (known: {', '.join(names)})")

    info = machine()
    print("Machine: " + "; ".join(f"{key} {value}" for key, value in info.items()), flush=True)
    outcomes = []
    for module in MODULES:
        if module.name in wanted:
            outcomes.append(run_module(module, list(module.quick) if ns.quick else []))
    print(summary(outcomes, info, ns.quick), flush=True)
    return 1 if any(o.code != 0 for o in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main())
