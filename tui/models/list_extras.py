"""The list's optional columns (pure): TAGS text and the OBJECTIVE metric's name and sparkline.

Both come only from what is already held (Search records seen this session, the metric series
cache): the list never calls the service to fill a column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tui.models.chart import sparkline
from tui.models.compare import tags_map

#: SageMaker sets this hyperparameter on every training job a tuning job starts: the objective.
TUNING_OBJECTIVE = "_tuning_objective_metric"


def tags_text(tags: Any) -> str:
    """``team=vision,owner=ana`` (keys sorted, so a row reads the same every time); "" for none."""
    pairs = tags_map(tags)
    return ",".join(f"{key}={pairs[key]}" for key in sorted(pairs))


def objective_metric(describe: Mapping[str, Any]) -> str | None:
    """The metric a job is judged by: its tuning objective when a tuning job started it (the
    ``_tuning_objective_metric`` hyperparameter SageMaker sets), else its first MetricDefinition."""
    hyperparameters = describe.get("HyperParameters")
    if isinstance(hyperparameters, Mapping):
        tuned = hyperparameters.get(TUNING_OBJECTIVE)
        if isinstance(tuned, str) and tuned:
            return tuned.strip('"')  # the SDK writes it JSON-quoted
    algorithm = describe.get("AlgorithmSpecification")
    definitions = algorithm.get("MetricDefinitions") if isinstance(algorithm, Mapping) else None
    for definition in definitions or ():
        if isinstance(definition, Mapping) and isinstance(definition.get("Name"), str):
            return str(definition["Name"])
    return None


def objective_sparkline(
    describe: Mapping[str, Any], series: Mapping[tuple[str, str], tuple[Sequence[float], Sequence[float]]],
    width: int,
) -> str:
    """The sparkline of the job's objective metric from its cached ``series`` ((metric, host) ->
    (times, values)); "" when the job has no objective or it is not among the series."""
    metric = objective_metric(describe)
    if metric is None:
        return ""
    found = series.get((metric, ""))
    if found is None:
        return ""
    times, values = found
    return sparkline(list(zip(times, values, strict=False)), width)
