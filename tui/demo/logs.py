"""The demo fleet's CloudWatch logs: what each job printed, as a pure function of its describe.

Every job gets a log per host (``<job>/algo-<n>-<epoch>``): framework start-up, data download, then
training lines at a steady pace (every tenth an epoch line whose text the job's MetricDefinitions'
regexes match), a few warnings, and an ending that fits the job (the model saved; a traceback ending
in its FailureReason; SIGTERM for a stopped one). A spot interruption ends a host's stream and the
restart opens a second one. A running job's log has lines up to "now" only, so it grows as time
passes. Line ``i`` is computed from ``i`` alone, so 100,000 lines cost nothing until they are read.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from tui.demo.names import MAXIMAL_JOB

#: Body lines per host stream of a finished job (the maximal job: 4 hosts x 2 runs x 12,500, so
#: 100,000 body lines, plus each stream's start-up and ending lines).
BODY_LINES = 120
MAXIMAL_BODY_LINES = 12_500
#: A running job prints a body line every this many seconds.
RUNNING_CADENCE = 2.0
METRIC_EVERY = 10

Line = tuple[int, str]


def _ms(value: datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return int(value.timestamp() * 1000)


def instantiate(regex: str, value: float) -> str | None:
    """Text that ``regex`` matches with ``value`` as its first group (None when that cannot be made)."""
    out: list[str] = []
    i = 0
    filled = False
    number = f"{value:.4f}"

    def skip_quantifier(j: int) -> tuple[int, str]:
        if j < len(regex) and regex[j] in "+*?":
            return j + 1, regex[j]
        return j, ""

    while i < len(regex):
        c = regex[i]
        if c == "\\" and i + 1 < len(regex):
            e = regex[i + 1]
            text = {"s": " ", "d": "1", "w": "a", "t": "\t"}.get(e, e)
            i, q = skip_quantifier(i + 2)
            out.append("" if q in ("*", "?") else text)
        elif c == "(":
            depth, j = 0, i
            while j < len(regex):
                if regex[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(regex[j], 0)
                j += 1
                if depth == 0:
                    break
            optional = regex[i + 1 : i + 3] == "?:"
            i, _ = skip_quantifier(j)
            if not optional and not filled:
                out.append(number)
                filled = True
        elif c == "[":
            j = regex.index("]", i + 1) + 1
            chars = regex[i + 1 : j - 1]
            i, q = skip_quantifier(j)
            if q not in ("*", "?"):
                out.append("1" if "0-9" in chars or "\\d" in chars else chars.lstrip("^\\")[:1] or "x")
        elif c == ".":
            i, q = skip_quantifier(i + 1)
            out.append("" if q in ("*", "?") else " ")
        elif c in "^$":
            i += 1
        else:
            out.append(c)
            i += 1
    text = "".join(out)
    try:
        match = re.search(regex, text)
    except re.error:
        return None
    if match is None or not match.groups() or match.group(1) is None:
        return None
    try:
        return text if math.isclose(float(match.group(1)), float(number)) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class HostStream:
    """One stream: its name, host, and its lines' timing (``count`` lines up to now)."""

    name: str
    host: str
    rank: int
    prelude_at: int
    body_at: int
    cadence_ms: float
    body_lines: int
    first_index: int
    #: None = still running (no ending yet); else "Completed", "Failed", "Stopped", "Interrupted".
    ending: str | None
    ended_at: int


@dataclass(frozen=True)
class JobLog:
    """Every stream of one job, and how to make any of its lines."""

    job: str
    streams: tuple[HostStream, ...]
    metrics: tuple[tuple[str, str], ...]
    failure: str

    def lines(self, stream: HostStream, now_ms: int) -> list[Line]:
        """The stream's lines whose time has come, oldest first."""
        out = [line for line in _prelude(self, stream) if line[0] <= now_ms]
        if now_ms < stream.body_at:
            return out
        due = stream.body_lines
        if stream.ending is None:
            due = int((now_ms - stream.body_at) / stream.cadence_ms) + 1
        out.extend(self.body_line(stream, i) for i in range(due))
        if stream.ending is not None and stream.ended_at <= now_ms:
            out.extend(_ending(self, stream))
        return out

    def body_line(self, stream: HostStream, i: int) -> Line:
        at = stream.body_at + int(i * stream.cadence_ms)
        step = stream.first_index + i
        seed = zlib.crc32(f"{self.job}/{stream.rank}/{step}".encode())
        if step % METRIC_EVERY == METRIC_EVERY - 1 and stream.rank == 0 and self.metrics:
            epoch = step // METRIC_EVERY + 1
            progress = 1 - math.exp(-step / 400)
            parts = []
            for name, regex in self.metrics:
                lower = "loss" in name.lower() or "rmse" in name.lower() or "error" in name.lower()
                value = (2.5 * (1 - progress) + 0.05) if lower else (0.4 + 0.55 * progress)
                value += (seed % 100) / 10_000
                parts.append(instantiate(regex, value) or f"{name}={value:.4f}")
            return at, f"[epoch {epoch}] " + " ".join(parts)
        if seed % 97 == 0:
            return at, (
                f"[rank {stream.rank}] /opt/conda/lib/python3.11/site-packages/torch/utils/data/"
                "dataloader.py:"
                "557: UserWarning: This DataLoader will create 8 worker processes in total."
            )
        loss = 2.5 * math.exp(-step / 400) + (seed % 1000) / 20_000
        return at, (
            f"[rank {stream.rank}] step {step + 1}: loss={loss:.4f} lr={3e-4 * (1 - step / 1e6):.3e} "
            f"throughput={900 + seed % 200} samples/s"
        )


def _prelude(log: JobLog, stream: HostStream) -> list[Line]:
    t = stream.prelude_at
    host = stream.host
    texts = [
        "bash: cannot set terminal process group (-1): Inappropriate ioctl for device",
        f"{_stamp(t)} sagemaker-training-toolkit INFO     Imported framework "
        "sagemaker_pytorch_container.training",
        f"{_stamp(t)} sagemaker-training-toolkit INFO     No Neurons detected "
        "(normal if no neurons installed)",
        f"{_stamp(t)} sagemaker-training-toolkit INFO     Invoking user training script.",
        f"Current host: {host}, hosts: {[s.host for s in log.streams if s.rank >= 0][:8]}",
        "Downloading s3://sagemaker-demo-datasets/train/ to /opt/ml/input/data/train",
        "Download complete: 1,284 files, 14.2 GiB in 118 s",
    ]
    if stream.first_index:
        texts.append(f"Resuming from checkpoint /opt/ml/checkpoints/step-{stream.first_index}.pt")
    step = max(1, (stream.body_at - t) // (len(texts) + 1))
    return [(t + k * step, text) for k, text in enumerate(texts)]


def _ending(log: JobLog, stream: HostStream) -> list[Line]:
    t = stream.ended_at
    if stream.ending == "Completed":
        texts = ["Training complete. Saving model to /opt/ml/model", "Reporting training SUCCESS"]
    elif stream.ending == "Interrupted":
        texts = ["Received spot interruption notice: saving checkpoint", "Checkpoint saved; exiting."]
    elif stream.ending == "Stopped":
        texts = ["Received SIGTERM: stopping training", "Training stopped by request."]
    else:
        texts = [
            "Traceback (most recent call last):",
            '  File "/opt/ml/code/train.py", line 214, in <module>',
            "    main()",
            '  File "/opt/ml/code/train.py", line 187, in main',
            "    trainer.train()",
            *(log.failure or "AlgorithmError: the training script exited with code 1").splitlines(),
        ]
    return [(t + k, text) for k, text in enumerate(texts)]


def _stamp(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M:%S,%f")[:-3]


def host_count(describe: Mapping[str, Any]) -> int:
    config = describe.get("ResourceConfig") or {}
    groups = config.get("InstanceGroups") or []
    if groups:
        return max(1, sum(int(g.get("InstanceCount") or 0) for g in groups))
    return max(1, int(config.get("SelectedInstanceCount") or config.get("InstanceCount") or 1))


def job_log(describe: Mapping[str, Any]) -> JobLog | None:
    """The log of a job described by ``describe`` (None when it never got to run a container)."""
    name = str(describe.get("TrainingJobName", ""))
    transitions = describe.get("SecondaryStatusTransitions") or []
    start = describe.get("TrainingStartTime")
    if start is None:
        downloading = [t for t in transitions if t.get("Status") == "Downloading"]
        start = downloading[0]["StartTime"] if downloading else None
    if not isinstance(start, datetime):
        return None
    status = str(describe.get("TrainingJobStatus", ""))
    end = describe.get("TrainingEndTime") if status != "InProgress" else None
    if status != "InProgress" and not isinstance(end, datetime):
        end = describe.get("LastModifiedTime")
    algo = describe.get("AlgorithmSpecification") or {}
    metrics = tuple((str(m["Name"]), str(m["Regex"])) for m in algo.get("MetricDefinitions") or [])
    # Runs: split at each spot interruption; a run restarts at the next Downloading.
    runs: list[tuple[datetime, datetime | None, str | None]] = []
    run_start = start
    for k, t in enumerate(transitions):
        if t.get("Status") == "Interrupted" and isinstance(t.get("StartTime"), datetime):
            runs.append((run_start, t["StartTime"], "Interrupted"))
            after = [u for u in transitions[k:] if u.get("Status") == "Downloading"]
            run_start = after[0]["StartTime"] if after else t["StartTime"]
    final = None if status == "InProgress" else ("Failed" if status == "Failed" else
                                                 "Stopped" if status == "Stopped" else "Completed")
    runs.append((run_start, end if isinstance(end, datetime) else None, final))
    per_run = MAXIMAL_BODY_LINES if name == MAXIMAL_JOB else BODY_LINES
    hosts = host_count(describe)
    streams = []
    done_lines = 0
    for began, stopped, ending in runs:
        prelude_at = _ms(began) + 5_000
        body_at = prelude_at + 60_000
        if stopped is not None:
            ended_at = max(body_at + 1_000, _ms(stopped) - 30_000)
            lines = per_run
            cadence = max(1.0, (ended_at - body_at) / max(1, lines))
        else:
            ended_at, lines, cadence = 0, 0, RUNNING_CADENCE * 1000
        for rank in range(hosts):
            host = f"algo-{rank + 1}"
            streams.append(HostStream(
                name=f"{name}/{host}-{int(_ms(began) // 1000)}", host=host, rank=rank,
                prelude_at=prelude_at + rank * 7, body_at=body_at + rank * 3, cadence_ms=cadence,
                body_lines=lines, first_index=done_lines, ending=ending, ended_at=ended_at + rank * 5,
            ))
        done_lines += lines
    return JobLog(name, tuple(streams), metrics, str(describe.get("FailureReason") or ""))


def now_ms(now: datetime) -> int:
    """Epoch milliseconds of an aware (or naive UTC) datetime."""
    return _ms(now)
