"""``sagemaker-tui metrics``: a job's metric series, one row per point, for scripts and notebooks.

``timestamp,metric,host,value``: algorithm metrics (the job's MetricDefinitions, host empty) are the
same points as the SageMaker SDK's ``TrainingJobAnalytics(...).dataframe()`` (60 s averages), with
absolute ISO 8601 timestamps; ``--instance-metrics`` adds CPU, memory, disk and GPU use per host
(GPU figures per GPU). A finished job's series come from the cache after the first run (without
boto3: :func:`tui.commands.cache_hit.cached_metrics`).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import IO, Any

from tui.aws.jobs import check_job_name
from tui.clock import Clock, SystemClock
from tui.commands.common import APP_NAME, OneLineParser, UsageError, add_global_options
from tui.commands.runner import guarded, open_repository, stdout_guard, warn
from tui.models.metrics import INSTANCE_METRICS

OUTPUTS = ("csv", "json", "table")
#: The command's clock (tests fix it: how old a job is decides the period CloudWatch still keeps).
CLOCK: Clock = SystemClock()
_HOST = re.compile(r"^algo-[1-9][0-9]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=f"{APP_NAME} metrics",
        description="A training job's CloudWatch metrics, one row per point (timestamp,metric,host,value).",
    )
    parser.add_argument("--training-job-name", metavar="NAME", help="the training job (required)")
    parser.add_argument(
        "--metric", metavar="NAME", nargs="+", action="extend", help="only these metrics (repeatable)"
    )
    parser.add_argument(
        "--instance-metrics",
        action="store_true",
        help="add CPU/memory/disk/GPU use per host (GPU figures are per GPU: the sum divided by the GPUs)",
    )
    parser.add_argument("--host", metavar="algo-N", action="append", help="only this host's instance metrics")
    parser.add_argument("--output", choices=OUTPUTS, default="csv", help="csv (default), json or table")
    parser.add_argument(
        "--cloudwatch-endpoint-url",
        metavar="URL",
        help="CloudWatch's endpoint (default: botocore's, e.g. AWS_ENDPOINT_URL_CLOUDWATCH)",
    )
    add_global_options(parser)
    return parser


def run(argv: list[str]) -> int:
    return guarded(_run, argv)


def _run(argv: list[str]) -> int:
    ns = build_parser().parse_args(argv)
    prog = f"{APP_NAME} metrics: error:"
    if not ns.training_job_name:
        raise UsageError(f"{prog} the following arguments are required: --training-job-name")
    problem = check_job_name(ns.training_job_name)
    if problem:
        raise UsageError(f"{prog} {problem}")
    for host in ns.host or ():
        if not _HOST.match(host):
            raise UsageError(f"{prog} --host must look like algo-1, not {clean(host)!r}")
    from tui.commands.cache_hit import cached_metrics

    snapshot = cached_metrics(ns, ns.training_job_name)  # a finished job's cached series, without boto3
    if snapshot is None:
        snapshot = _load(ns)
    spec = snapshot.spec
    wanted = select(spec.metric_names, spec.hosts, ns.metric, ns.host, ns.instance_metrics, prog)
    rows = list(points(snapshot.series, wanted))
    with stdout_guard() as out:
        write(rows, ns.output, out)
    return 0


def _load(ns: Any) -> Any:
    """The series through the repositories: the cache, else CloudWatch."""
    from dataclasses import replace

    from tui.aws.metrics import build_cloudwatch_client
    from tui.metrics_repository import MetricsRepository

    with open_repository(ns) as jobs:
        described = jobs.describe(ns.training_job_name)
        options = jobs.options
        if ns.cloudwatch_endpoint_url and options is not None:
            options = replace(options, cloudwatch_endpoint_url=ns.cloudwatch_endpoint_url)
        client = None if ns.offline or options is None else build_cloudwatch_client(options)
        repository = MetricsRepository(client, jobs.cache, scope=jobs.current_scope, clock=CLOCK)
        snapshot = repository.load(described.value)
        warnings = [*jobs.cache_warnings, *repository.warnings]
    for message in warnings:
        warn(message)
    return snapshot


def select(
    defined: Sequence[str],
    hosts: Sequence[str],
    metrics: Sequence[str] | None,
    only_hosts: Sequence[str] | None,
    instance: bool,
    prog: str,
) -> list[tuple[str, str]]:
    """The (metric, host) pairs to print, in order: algorithm metrics, then instance ones by host."""
    known = list(defined) + list(INSTANCE_METRICS)
    for name in metrics or ():
        if name not in known:
            choices = ", ".join(clean(n) for n in known)
            raise UsageError(f"{prog} the job has no metric {clean(name)!r} (it has: {choices})")
    for host in only_hosts or ():
        if host not in hosts:
            raise UsageError(f"{prog} the job has no host {host!r} (it has: {', '.join(hosts)})")
    chosen = list(metrics) if metrics else list(defined)
    instance = instance or bool(only_hosts) or any(n in INSTANCE_METRICS for n in metrics or ())
    pairs = [(name, "") for name in defined if name in chosen]
    if instance:
        names = [n for n in INSTANCE_METRICS if not metrics or n in metrics]
        pairs += [(n, h) for n in names for h in hosts if not only_hosts or h in only_hosts]
    return pairs


def points(
    series: Mapping[Any, Sequence[tuple[float, float]]], wanted: Iterable[tuple[str, str]]
) -> Iterable[tuple[str, str, str, float]]:
    by_pair = {(key.metric, key.host): values for key, values in series.items()}
    for metric, host in wanted:
        for t, value in by_pair.get((metric, host), ()):
            yield iso(t), clean(metric), host, value


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat()


def clean(text: str) -> str:
    """Metric names come from the job's definition: no control character reaches the terminal."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def write(rows: list[tuple[str, str, str, float]], output: str, out: IO[str]) -> None:
    if output == "json":
        records = [{"timestamp": t, "metric": m, "host": h, "value": v} for t, m, h, v in rows]
        out.write(json.dumps(records, indent=2) + "\n")
        return
    if output == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("timestamp", "metric", "host", "value"))
        writer.writerows((t, m, h, repr(v)) for t, m, h, v in rows)
        return
    header = ("TIMESTAMP", "METRIC", "HOST", "VALUE")
    cells = [header, *((t, m, h, f"{v:.6g}") for t, m, h, v in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(3)]
    for row in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)) + "  " + row[3] + "\n")
