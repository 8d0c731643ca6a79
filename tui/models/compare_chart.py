"""One metric of every compared job on one chart (pure): which metric, and the series aligned.

Runs start at different times, so each job's points are placed at their time since the job's
training started (or its first point): runs of a series overlay where they can be compared, at
the same point of training. The chart itself is :func:`tui.models.chart.render`'s: the first job in
braille, the others with marker glyphs (told apart without colour).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tui.models.chart import ChartSeries, Raster, glyphs_for, render
from tui.models.list_extras import objective_metric
from tui.models.summary import epoch


def overlay_metric(describes: Sequence[Mapping[str, Any]]) -> str | None:
    """The metric to overlay: the objective (tuning objective, else first MetricDefinition) of the
    first job that has one."""
    for describe in describes:
        metric = objective_metric(describe)
        if metric:
            return metric
    return None


@dataclass(frozen=True)
class JobSeries:
    name: str
    #: TrainingStartTime (epoch seconds), None when unknown: the first point is the start then.
    start: float | None
    points: Sequence[tuple[float, float]]


def training_start(describe: Mapping[str, Any]) -> float | None:
    return epoch(describe.get("TrainingStartTime")) or epoch(describe.get("CreationTime"))


@dataclass(frozen=True)
class Overlay:
    raster: Raster | None
    #: (glyph, job name) for the jobs drawn, in order.
    legend: list[tuple[str, str]]


def overlay(jobs: Sequence[JobSeries], width: int, height: int) -> Overlay:
    """The jobs' series on one chart, x = seconds since each job's start; jobs without points are
    left out of the chart and the legend."""
    drawn = [job for job in jobs if job.points]
    glyphs = glyphs_for(len(drawn))
    series = []
    for job, glyph in zip(drawn, glyphs, strict=True):
        origin = job.start if job.start is not None else job.points[0][0]
        times = [t - origin for t, _ in job.points]
        series.append(ChartSeries(job.name, times, [v for _, v in job.points], glyph))
    legend = [
        ("⣿" if glyph == "braille" else glyph, job.name) for job, glyph in zip(drawn, glyphs, strict=True)
    ]
    raster = render(series, width, height) if series else None
    return Overlay(raster, legend)
