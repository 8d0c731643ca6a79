"""A cached answer against the AWS CLI: ``sagemaker-tui describe`` / ``list`` / ``list --offline`` vs ``aws``.

Run: ``python -m benchmarks.cli_speed [--runs 15] [--fleet 50]``

Both commands run as whole processes (interpreter start, imports, config, the answer, exit),
in turn, against the same endpoint: the demo fleet served by moto from this process. Each pair
runs A then B, the next B then A, so a drift in the machine's speed hits both; the ratio is taken
pair by pair and its median reported beside the 5x target.

* **describe**: ``sagemaker-tui describe --training-job-name J`` of a settled job already in the
  cache (the first run fetched it) vs ``aws sagemaker describe-training-job --training-job-name J``
  (one HTTP call to moto). J is a Completed job none of whose fields is newer than the AWS CLI's
  botocore, so both print the same bytes: checked here for json, text and a ``--query`` before
  timing (the run stops if they differ); yaml, which the AWS CLI v1 lacks, against our own
  uncached answer.
* **list** (fresh cache): ``sagemaker-tui list`` answered from a fresh complete listing in the cache
  (:func:`tui.cache.policy.listing_is_fresh`: read less than ``list_interval`` ago; the children's
  config sets ``list_interval = 3600`` so the listing stays fresh through the timed runs, which
  take longer than the default 15 s) vs ``aws sagemaker list-training-jobs``; checked before timing
  to print the AWS CLI's bytes and to import no boto3 (``-X importtime``).
* **list --offline**: ``sagemaker-tui list --offline`` (the cached listing) vs ``aws sagemaker
  list-training-jobs`` (every page from moto); the bytes are compared and the verdict printed.
* **logs** of the settled job, its whole log cached (a first run read every stream to its end) vs
  ``aws logs filter-log-events --log-group-name /aws/sagemaker/TrainingJobs --log-stream-name-prefix
  J/`` (the AWS CLI v1 has no ``logs tail``: this is its one command for a job's whole log); other
  formats, so only the time is compared.
* **metrics** of the settled job, its series cached vs ``aws cloudwatch get-metric-data`` for the
  job's algorithm metrics over its training time (60 s averages, one call, as our first run makes).

The children get their own HOME/XDG dirs, fake keys, ``TZ=UTC`` and an AWS config with
``cli_timestamp_format = iso8601`` (the AWS CLI v1 prints ISO 8601 only when told so). The app's
package is byte-compiled first, as ``pip install`` does (an editable install under
``PYTHONDONTWRITEBYTECODE`` would otherwise recompile it every run).
"""

from __future__ import annotations

import argparse
import compileall
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import result

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET = 5.0
QUERY = "{name: TrainingJobName, status: TrainingJobStatus, created: CreationTime}"


def child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "XDG_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("NO_COLOR", None)
    config = home / "aws-config"
    config.write_text("[default]\ncli_timestamp_format = iso8601\n", encoding="utf-8")
    app_config = home / "sagemaker-tui.toml"
    app_config.write_text("list_interval = 3600\n", encoding="utf-8")
    env.update(
        {
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_STATE_HOME": str(home / "state"),
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "aws-credentials"),
            "AWS_ACCESS_KEY_ID": "demo",
            "AWS_SECRET_ACCESS_KEY": "demo",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
            "TZ": "UTC",
            "SAGEMAKER_TUI_CONFIG": str(app_config),
        }
    )
    return env


def imports_boto3(argv: Sequence[str], env: dict[str, str]) -> bool:
    """Whether ``sagemaker-tui ARGS`` (``python -m tui ARGS``) imports boto3 on its way."""
    command = [sys.executable, "-X", "importtime", "-m", "tui", *argv[1:]]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    return any(line.rstrip().endswith(("| boto3", "| botocore")) for line in proc.stderr.splitlines())


def run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall seconds of one whole process, and its stdout (it must succeed)."""
    started = time.perf_counter()
    proc = subprocess.run(list(argv), env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])} … failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    return elapsed, proc.stdout


def paired(ours: Sequence[str], theirs: Sequence[str], env: dict[str, str], runs: int) -> dict[str, float]:
    """Median wall ms of each, and the median of the per-pair ratios theirs/ours."""
    a: list[float] = []
    b: list[float] = []
    for index in range(runs):
        if index % 2 == 0:
            a.append(run(ours, env)[0])
            b.append(run(theirs, env)[0])
        else:
            b.append(run(theirs, env)[0])
            a.append(run(ours, env)[0])
    ratios = [y / x for x, y in zip(a, b, strict=True)]
    return {
        "ours": statistics.median(a) * 1000,
        "theirs": statistics.median(b) * 1000,
        "ratio": statistics.median(ratios),
        "ours_min": min(a) * 1000,
        "ours_max": max(a) * 1000,
        "theirs_min": min(b) * 1000,
        "theirs_max": max(b) * 1000,
    }


def settled_job(url: str, env: dict[str, str], names: Sequence[str]) -> str:
    """A Completed job whose describe prints the same bytes from both (fields both botocores know)."""
    aws = [str(BIN / "aws"), "--endpoint-url", url, "sagemaker", "describe-training-job"]
    ours = [str(BIN / "sagemaker-tui"), "describe", "--endpoint-url", url]
    for name in names:
        job = ["--training-job-name", name]
        _, status = run([*aws, *job, "--query", "TrainingJobStatus", "--output", "text"], env)
        if status.strip() != "Completed":
            continue
        if run([*aws, *job], env)[1] == run([*ours, *job], env)[1]:
            return name
    raise SystemExit("no Completed job of the fleet prints the same bytes from both: nothing fair to time")


def job_with_metrics(url: str, env: dict[str, str], names: Sequence[str]) -> tuple[str, int]:
    """A Completed job with algorithm metric points (its series fetched once, so now cached)."""
    aws = [str(BIN / "aws"), "--endpoint-url", url, "sagemaker", "describe-training-job"]
    for name in names:
        job = ["--training-job-name", name]
        status = run([*aws, *job, "--query", "TrainingJobStatus", "--output", "text"], env)[1].strip()
        if status != "Completed":
            continue
        metrics = [str(BIN / "sagemaker-tui"), "metrics", *job, "--endpoint-url", url,
                   "--cloudwatch-endpoint-url", url]
        points = run(metrics, env)[1].count("\n") - 1  # the CSV header
        if points > 0:
            return name, points
    raise SystemExit("no Completed job of the fleet has metric points: nothing fair to time")


def metric_queries(url: str, env: dict[str, str], name: str, folder: Path) -> list[str]:
    """``get-metric-data`` arguments for the job's algorithm metrics over its training time."""
    import json

    aws = [str(BIN / "aws"), "--endpoint-url", url, "sagemaker", "describe-training-job",
           "--training-job-name", name, "--output", "json"]
    job = json.loads(run(aws, env)[1])
    names = [m["Name"] for m in job["AlgorithmSpecification"].get("MetricDefinitions", [])]
    if not names:
        raise SystemExit(f"{name} defines no metric: nothing to compare")
    queries = [
        {"Id": f"m{i}", "MetricStat": {"Metric": {"Namespace": "/aws/sagemaker/TrainingJobs", "MetricName": m,
         "Dimensions": [{"Name": "TrainingJobName", "Value": name}]}, "Period": 60, "Stat": "Average"}}
        for i, m in enumerate(names)
    ]
    path = folder / "queries.json"
    path.write_text(json.dumps(queries), encoding="utf-8")
    return ["--metric-data-queries", f"file://{path}", "--start-time", job["TrainingStartTime"],
            "--end-time", job["TrainingEndTime"]]


def report(label: str, figures: dict[str, float]) -> None:
    print(
        f"{label}: sagemaker-tui {figures['ours']:.0f} ms median ({figures['ours_min']:.0f}-"
        f"{figures['ours_max']:.0f}), aws {figures['theirs']:.0f} ms ({figures['theirs_min']:.0f}-"
        f"{figures['theirs_max']:.0f}); aws/sagemaker-tui {figures['ratio']:.1f}x by pair "
        f"(target >= {TARGET:g}x: {'met' if figures['ratio'] >= TARGET else 'MISSED'})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.cli_speed", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=15, help="pairs of runs per command (median reported)")
    parser.add_argument("--fleet", type=int, default=50, help="jobs in the demo fleet")
    args = parser.parse_args(argv)
    if not (BIN / "aws").exists():
        raise SystemExit("the AWS CLI is not installed in this environment (pip install -e '.[test]')")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    compileall.compile_dir(str(ROOT / "tui"), quiet=1)

    from tui.demo import start_demo_fleet

    with start_demo_fleet(seed=1, jobs=args.fleet, simulate=False) as fleet, \
            tempfile.TemporaryDirectory() as folder:
        env = child_env(Path(folder))
        url = fleet.endpoint_url
        name = settled_job(url, env, fleet.names)
        aws = [str(BIN / "aws"), "--endpoint-url", url, "sagemaker"]
        ours = [str(BIN / "sagemaker-tui")]
        describe_ours = [*ours, "describe", "--training-job-name", name, "--endpoint-url", url]
        describe_aws = [*aws, "describe-training-job", "--training-job-name", name]
        for extra in (["--output", "json"], ["--output", "text"], ["--query", QUERY]):
            same = run([*describe_ours, *extra], env)[1] == run([*describe_aws, *extra], env)[1]
            if not same:
                raise SystemExit(f"describe {' '.join(extra)}: the outputs differ")
        # The AWS CLI v1 has no yaml: the cached answer is compared with the uncached one (boto3's
        # path, which the golden tests compare with the AWS CLI v2's yaml).
        yaml = ["--output", "yaml"]
        if run([*describe_ours, *yaml], env)[1] != run([*describe_ours, *yaml, "--no-cache"], env)[1]:
            raise SystemExit("describe --output yaml: the cached answer differs from the uncached one")
        print(f"describe {name} (settled, cached): same bytes as the AWS CLI for json, text and --query; "
              "yaml the same as the uncached answer (the AWS CLI v1 has no yaml)")
        describe = paired(describe_ours, describe_aws, env, args.runs)
        report(f"describe, {args.runs} pairs", describe)

        fresh_ours = [*ours, "list", "--endpoint-url", url]
        list_aws = [*aws, "list-training-jobs"]
        run(fresh_ours, env)  # every page read: a fresh complete listing, cached
        if imports_boto3(fresh_ours, env):
            raise SystemExit("list: the fresh cached listing was not answered on the fast path")
        if run(fresh_ours, env)[1] != run(list_aws, env)[1]:
            raise SystemExit("list: the fresh cached listing differs from the AWS CLI's answer")
        print(f"list of {args.fleet} jobs from a fresh cached listing: same bytes as the AWS CLI's "
              "list-training-jobs, no boto3 imported")
        fresh = paired(fresh_ours, list_aws, env, args.runs)
        report(f"list (fresh cache), {args.runs} pairs", fresh)

        list_ours = [*ours, "list", "--offline", "--endpoint-url", url]
        same_list = run(list_ours, env)[1] == run(list_aws, env)[1]
        verdict = "same bytes as" if same_list else "NOT the same bytes as"
        why = "" if same_list else " (the cache keeps newest-first order)"
        print(f"list --offline of {args.fleet} jobs: {verdict} the AWS CLI's list-training-jobs{why}")
        listing = paired(list_ours, list_aws, env, args.runs)
        report(f"list --offline, {args.runs} pairs", listing)

        logs_ours = [*ours, "logs", "--training-job-name", name, "--endpoint-url", url,
                     "--logs-endpoint-url", url]
        logs_aws = [str(BIN / "aws"), "--endpoint-url", url, "logs", "filter-log-events", "--log-group-name",
                    "/aws/sagemaker/TrainingJobs", "--log-stream-name-prefix", f"{name}/"]
        lines = run(logs_ours, env)[1].count("\n")  # every stream read to its end: cached
        if imports_boto3(logs_ours, env) or not lines:
            raise SystemExit("logs: the finished job's cached log was not answered on the fast path")
        print(f"logs of {name} ({lines} lines) from the cache, no boto3 imported")
        logs = paired(logs_ours, logs_aws, env, args.runs)
        report(f"logs (cached), {args.runs} pairs", logs)

        with_metrics, points = job_with_metrics(url, env, fleet.names)  # its series fetched: cached
        metrics_ours = [*ours, "metrics", "--training-job-name", with_metrics, "--endpoint-url", url,
                        "--cloudwatch-endpoint-url", url]
        if imports_boto3(metrics_ours, env):
            raise SystemExit("metrics: the finished job's cached series were not answered on the fast path")
        metrics_aws = [str(BIN / "aws"), "--endpoint-url", url, "cloudwatch", "get-metric-data",
                       *metric_queries(url, env, with_metrics, Path(folder))]
        print(f"metrics of {with_metrics} ({points} points) from the cache, no boto3 imported")
        metrics = paired(metrics_ours, metrics_aws, env, args.runs)
        report(f"metrics (cached), {args.runs} pairs", metrics)

    result("cli.logs_ms", logs["ours"], "ms", "logs of a finished job, cached (whole process)")
    result("cli.logs_speedup", logs["ratio"], "x", "logs (cached) vs aws logs filter-log-events",
           target=TARGET, better="higher")
    result("cli.metrics_ms", metrics["ours"], "ms", "metrics of a finished job, cached (whole process)")
    result("cli.metrics_speedup", metrics["ratio"], "x", "metrics (cached) vs aws cloudwatch get-metric-data",
           target=TARGET, better="higher")
    result("cli.describe_ms", describe["ours"], "ms", "describe, settled cached job (whole process)")
    result("cli.describe_aws_ms", describe["theirs"], "ms", "aws sagemaker describe-training-job, same job")
    result("cli.describe_speedup", describe["ratio"], "x", "describe vs the AWS CLI (by pair)",
           target=TARGET, better="higher")
    result("cli.list_fresh_ms", fresh["ours"], "ms", "list from a fresh cached listing (whole process)")
    result("cli.list_aws_ms", fresh["theirs"], "ms", "aws sagemaker list-training-jobs, same jobs")
    result("cli.list_fresh_speedup", fresh["ratio"], "x", "list (fresh cache) vs aws list-training-jobs",
           target=TARGET, better="higher")
    result("cli.list_offline_ms", listing["ours"], "ms", "list --offline (whole process)")
    result("cli.list_offline_speedup", listing["ratio"], "x", "list --offline vs aws list-training-jobs",
           target=TARGET, better="higher")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
