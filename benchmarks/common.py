"""Shared by the benchmark modules: the machine-readable RESULT line, and what the machine is.

Every module prints its figures for people, and ends with ``RESULT`` lines for the runner
(``python -m benchmarks``), one per key figure::

    RESULT name=list.build_first_render value=812.4 unit=ms target=1000 label="..."

``target`` (optional) is the figure's bound in the same unit; ``better`` says which side of it is
good (``lower``, the default, or ``higher``). Values are shell-quoted, so labels may hold spaces.
"""

from __future__ import annotations

import os
import platform
import shlex
import sys
from dataclasses import dataclass
from importlib import metadata

PREFIX = "RESULT "


@dataclass(frozen=True)
class Result:
    """One key figure of one benchmark."""

    name: str
    value: float
    unit: str
    label: str
    target: float | None = None
    better: str = "lower"

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None when the figure has none)."""
        if self.target is None or self.value != self.value:  # NaN: nothing was measured
            return None if self.target is None else False
        return self.value < self.target if self.better == "lower" else self.value > self.target

    def line(self) -> str:
        fields = {"name": self.name, "value": f"{self.value:.6g}", "unit": self.unit}
        if self.target is not None:
            fields["target"] = f"{self.target:g}"
            fields["better"] = self.better
        fields["label"] = self.label
        return PREFIX + " ".join(f"{key}={shlex.quote(value)}" for key, value in fields.items())


def result(
    name: str, value: float, unit: str, label: str, *, target: float | None = None, better: str = "lower"
) -> Result:
    """Print one RESULT line (flushed, so the runner sees it at once) and return it."""
    item = Result(name, float(value), unit, label, target, better)
    print(item.line(), flush=True)
    return item


def parse_result(line: str) -> Result | None:
    """The Result of a RESULT line, or None for any other line (or a malformed one)."""
    if not line.startswith(PREFIX):
        return None
    try:
        fields = dict(part.split("=", 1) for part in shlex.split(line[len(PREFIX) :]))
        target = fields.get("target")
        return Result(
            name=fields["name"],
            value=float(fields["value"]),
            unit=fields.get("unit", ""),
            label=fields.get("label", fields["name"]),
            target=float(target) if target is not None else None,
            better=fields.get("better", "lower"),
        )
    except (KeyError, ValueError):
        return None


def format_value(value: float, unit: str) -> str:
    """``812 ms``, ``1.62 s``, ``23.4x``, ``1,234 calls``, ``nan`` when nothing was measured."""
    if value != value:
        return "not measured"
    if unit == "x":
        return f"{value:.1f}x"
    if unit in ("ms", "MB"):
        return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"
    if unit == "s":
        return f"{value:.2f} s"
    if value == int(value):
        return f"{int(value):,} {unit}".rstrip()
    return f"{value:,.1f} {unit}".rstrip()


def format_target(item: Result) -> str:
    if item.target is None:
        return "-"
    sign = "<" if item.better == "lower" else ">"
    return f"{sign} {item.target:,g} {item.unit}"


# -- the machine --------------------------------------------------------------------------------
def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def _ram_gb() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    """What the figures were measured on (printed by the runner, pasted into the README)."""
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": _cpu_model(),
        "cores": f"{affinity} usable of {os.cpu_count()}",
        "RAM": _ram_gb(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": sys.version.split()[0],
        "textual": _version("textual"),
        "rich": _version("rich"),
        "boto3": _version("boto3"),
        "moto": _version("moto"),
    }


def proc_status_kb(field: str) -> int:
    """A /proc/self/status figure in kB (VmRSS, VmHWM); 0 where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
