"""The demo fleet's hyperparameter tuning jobs and their training jobs ("trials").

Four tuning jobs, one per shape a user meets: a finished Bayesian search, a Random search whose
Auto early stopping stopped trials, a Hyperband search still in progress (trials running now, the
simulator moves them on), and a Bayesian search that failed because its trials did. Each trial is
an ordinary training job of the fleet (same stories, same rules) with the tuned hyperparameters in
its request and ``TuningJobArn`` in its describe; its objective metric follows from the values
tried, so the best trial is one a user can reason about.

Pure and deterministic like :mod:`tui.demo.fleet`. :func:`tuning_specs` recovers the tuning jobs
from a fleet's training jobs (their CreateHyperParameterTuningJob requests and their state), so a
fleet stays one list of :class:`~tui.demo.spec.JobSpec` and the server creates both through the API.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from random import Random
from typing import Any

from tui.demo import catalog as cat
from tui.demo.builder import Choices, make_request, spec_from, tell
from tui.demo.lifecycle import Life
from tui.demo.spec import DEMO_ACCOUNT, DEMO_REGION, JobSpec

#: A trial's fate: "Completed", "Failed@Training", "EarlyStopped" (stopped by the tuner with the
#: objective reached so far), or "Running" (in progress at "now").
Fate = str


@dataclass(frozen=True)
class Range:
    """One tuned hyperparameter: a continuous, integer or categorical range."""

    name: str
    kind: str  # "Continuous" | "Integer" | "Categorical"
    low: float = 0.0
    high: float = 0.0
    values: tuple[str, ...] = ()
    scaling: str = "Auto"
    #: The value where the objective peaks (continuous/integer), or the best category.
    best: float | str = 0.0

    def draw(self, rng: Random) -> str:
        if self.kind == "Categorical":
            return rng.choice(self.values)
        if self.scaling == "Logarithmic":
            value = math.exp(rng.uniform(math.log(self.low), math.log(self.high)))
        else:
            value = rng.uniform(self.low, self.high)
        return str(round(value)) if self.kind == "Integer" else f"{value:.6g}"

    def closeness(self, value: str) -> float:
        """1 at the best value, 0 at the far end of the range."""
        if self.kind == "Categorical":
            return 1.0 if value == self.best else 0.4
        number = float(json.loads(value)) if value.startswith('"') else float(value)
        if self.scaling == "Logarithmic":
            span = math.log(self.high) - math.log(self.low)
            return 1.0 - abs(math.log(number) - math.log(float(self.best))) / span
        return 1.0 - abs(number - float(self.best)) / (self.high - self.low)

    def request(self) -> tuple[str, dict[str, Any]]:
        """(ParameterRanges member, its entry) as CreateHyperParameterTuningJob takes it."""
        if self.kind == "Categorical":
            return "CategoricalParameterRanges", {"Name": self.name, "Values": list(self.values)}
        entry = {"Name": self.name, "MinValue": _number(self.low, self.kind),
                 "MaxValue": _number(self.high, self.kind), "ScalingType": self.scaling}
        return f"{self.kind}ParameterRanges", entry


def _number(value: float, kind: str) -> str:
    return str(int(value)) if kind == "Integer" else f"{value:g}"


@dataclass(frozen=True)
class Tuning:
    """One demo tuning job: what it searches, how, and how its trials end."""

    base: str
    project: str
    strategy: str
    metric: str
    kind: str  # "Maximize" | "Minimize"
    ranges: tuple[Range, ...]
    fates: tuple[Fate, ...]
    status: str
    max_parallel: int
    early_stopping: str = "Off"
    days_ago: float = 3.0
    instance_type: str = ""
    failure_reason: str | None = None
    strategy_config: dict[str, Any] = field(default_factory=dict)
    #: Script-mode projects take JSON-encoded values.
    json_values: bool = False

    def name(self, created: datetime) -> str:
        return f"{self.base}-{created:%y%m%d-%H%M}"

    def arn(self, name: str) -> str:
        return f"arn:aws:sagemaker:{DEMO_REGION}:{DEMO_ACCOUNT}:hyper-parameter-tuning-job/{name}"


C, E, F, R = "Completed", "EarlyStopped", "Failed@Training", "Running"

TUNINGS: tuple[Tuning, ...] = (
    Tuning(
        "xgb-churn-bayes", "xgboost-churn", "Bayesian", "validation:auc", "Maximize",
        (
            Range("eta", "Continuous", 0.01, 0.3, scaling="Logarithmic", best=0.08),
            Range("max_depth", "Integer", 3, 12, best=7),
            Range("subsample", "Continuous", 0.5, 1.0, best=0.85),
        ),
        (C, C, C, C, F, C, C, C, C, C, C, C),
        "Completed", 3, days_ago=6.2, instance_type="ml.m5.2xlarge",
    ),
    Tuning(
        "bert-ner-random", "bert-base-ner", "Random", "eval_loss", "Minimize",
        (
            Range("learning_rate", "Continuous", 1e-5, 1e-4, scaling="Logarithmic", best=3e-5),
            Range("per_device_train_batch_size", "Categorical", values=("16", "32", "64"), best="32"),
            Range("num_train_epochs", "Integer", 2, 6, best=4),
        ),
        (C, E, C, C, E, C, E, C, C, E),
        "Completed", 2, early_stopping="Auto", days_ago=2.4, instance_type="ml.g5.2xlarge",
        json_values=True,
    ),
    Tuning(
        "yolo-shelf-hyperband", "yolov8-shelf-detection", "Hyperband", "mAP50-95", "Maximize",
        (
            Range("lr0", "Continuous", 1e-4, 1e-2, scaling="Logarithmic", best=2e-3),
            Range("imgsz", "Categorical", values=("640", "1024"), best="1024"),
            Range("mosaic", "Continuous", 0.0, 1.0, best=0.6),
        ),
        (C, E, E, C, E, C, E, R, R, R),
        "InProgress", 3, days_ago=0.11, instance_type="ml.g5.12xlarge",
        strategy_config={"HyperbandStrategyConfig": {"MinResource": 10, "MaxResource": 150}},
    ),
    Tuning(
        "deepar-demand-bayes", "deepar-demand-forecast", "Bayesian", "test:RMSE", "Minimize",
        (
            Range("context_length", "Integer", 24, 336, best=168),
            Range("learning_rate", "Continuous", 1e-4, 1e-2, scaling="Logarithmic", best=1e-3),
        ),
        (F, F, F),
        "Failed", 3, days_ago=1.3, instance_type="ml.c5.2xlarge",
        failure_reason=(
            "The tuning job failed because 3 of its training jobs failed with ClientError: "
            "see the FailureReason of each training job."
        ),
    ),
)

#: Minutes between two waves of trials (MaxParallelTrainingJobs start together).
WAVE_MINUTES = 35


def tuning_trials(rng: Random, now: datetime, taken: set[str], *, running: int) -> list[JobSpec]:
    """The training jobs of every demo tuning job, as fleet job specs; a tuning job whose running
    trials would exceed ``running`` (the fleet's budget of InProgress jobs) is left out."""
    specs: list[JobSpec] = []
    for tuning in TUNINGS:
        job_rng = Random(rng.random())
        live = tuning.fates.count("Running")
        if live > running:
            continue
        running -= live
        specs += _trials(tuning, job_rng, now, taken)
    return specs


def _trials(tuning: Tuning, rng: Random, now: datetime, taken: set[str]) -> list[JobSpec]:
    project = next(p for p in cat.PROJECTS if p.base == tuning.project)
    created = (now - timedelta(days=tuning.days_ago)).replace(second=0, microsecond=0)
    name = tuning.name(created)
    arn = tuning.arn(name)
    specs = []
    for index, fate in enumerate(tuning.fates, start=1):
        trial = f"{name}-{index:03d}-{rng.getrandbits(32):08x}"
        if trial in taken:
            continue
        taken.add(trial)
        wave = (index - 1) // tuning.max_parallel
        at = created + timedelta(minutes=wave * WAVE_MINUTES, seconds=20 + index)
        if fate == "Running":  # the wave running now started a few minutes ago
            at = (now - timedelta(minutes=12, seconds=index)).replace(microsecond=0)
        specs.append(_trial(tuning, project, trial, at, fate, rng, now, arn))
    return specs


def _trial(
    tuning: Tuning, project: cat.Project, name: str, created: datetime, fate: Fate, rng: Random,
    now: datetime, arn: str,
) -> JobSpec:
    choices = Choices(tuning.instance_type, 1, False, 4 * 3600, 4 * 3600, False, False)
    request = make_request(project, name, rng, choices, extras=False)
    tried = {r.name: r.draw(rng) for r in tuning.ranges}
    hyper = request["HyperParameters"]
    for key, value in tried.items():
        hyper[key] = _encoded(value) if tuning.json_values else value
    hyper["_tuning_objective_metric"] = tuning.metric
    if "sagemaker_job_name" in hyper:
        hyper["sagemaker_job_name"] = json.dumps(name)
    quality = sum(r.closeness(tried[r.name]) for r in tuning.ranges) / len(tuning.ranges)
    quality = max(0.0, min(1.0, quality + rng.uniform(-0.08, 0.08)))
    metrics = _metrics(project, tuning, quality)
    life = Life(name, created)
    outcome = {"EarlyStopped": "Stopped", "Running": "Completed"}.get(fate, fate)
    minutes = (25, 40) if fate == "Running" else (12, 30)
    train = rng.randint(minutes[0] * 60, minutes[1] * 60)
    tell(life, rng, request, outcome, train_seconds=train, metrics=metrics)
    if fate == "EarlyStopped":
        # The tuner stopped it: the objective so far is worse than the best (why it was stopped).
        worse = _metrics(project, tuning, quality * 0.7)
        life.events = [
            replace(event, updates={**event.updates, "FinalMetricDataList": [
                {"MetricName": n, "Value": v, "Timestamp": event.at - timedelta(seconds=5 + i)}
                for i, (n, v) in enumerate(worse)
            ]}) if event.status == "Stopped" else event
            for event in life.events
        ]
    if fate == "Failed@Training":  # no objective: the trial failed before reporting one
        life.events = [
            replace(event, updates={k: v for k, v in event.updates.items() if k != "FinalMetricDataList"})
            for event in life.events
        ]
    spec = spec_from(life, request, now)
    spec.state["TuningJobArn"] = arn
    return spec


def _encoded(value: str) -> str:
    """A script-mode hyperparameter value: JSON, numbers as numbers (as the SDK sends them)."""
    for kind in (int, float):
        try:
            return json.dumps(kind(value))
        except ValueError:
            continue
    return json.dumps(value)


def _metrics(project: cat.Project, tuning: Tuning, quality: float) -> list[tuple[str, float]]:
    """The project's final metrics for a trial of this quality (0 worst .. 1 best)."""
    values = []
    for metric, _regex, low, high in project.metrics:
        good_high = "loss" not in metric.lower() and "rmse" not in metric.lower()
        value = low + (high - low) * (quality if good_high else 1.0 - quality)
        values.append((metric, round(value, 4)))
    return values


# -- the tuning jobs themselves ------------------------------------------------------------------
@dataclass(frozen=True)
class TuningSpec:
    """One demo tuning job: its CreateHyperParameterTuningJob request and its state at "now"
    (the members the request does not determine; counters and the best training job follow from
    the trials, on the server)."""

    name: str
    request: dict[str, Any]
    state: dict[str, Any]
    trials: tuple[str, ...]


def tuning_specs(specs: Sequence[JobSpec]) -> list[TuningSpec]:
    """The tuning jobs of a fleet, recovered from the training jobs that carry their ARN."""
    groups: dict[str, list[JobSpec]] = {}
    for spec in specs:
        arn = spec.state.get("TuningJobArn")
        if isinstance(arn, str):
            groups.setdefault(arn, []).append(spec)
    result = []
    for arn, trials in groups.items():
        name = arn.rsplit("/", 1)[-1]
        tuning = next((t for t in TUNINGS if name.startswith(t.base + "-")), None)
        if tuning is None:
            continue
        result.append(_tuning_spec(tuning, name, trials))
    return result


def _tuning_spec(tuning: Tuning, name: str, trials: list[JobSpec]) -> TuningSpec:
    first = min(trials, key=lambda s: s.state["CreationTime"])
    request = first.request
    tuned = {r.name for r in tuning.ranges}
    ranges: dict[str, list[dict[str, Any]]] = {
        "IntegerParameterRanges": [], "ContinuousParameterRanges": [], "CategoricalParameterRanges": [],
    }
    for r in tuning.ranges:
        member, entry = r.request()
        ranges[member].append(entry)
    static = {
        k: v for k, v in request["HyperParameters"].items()
        if k not in tuned and k != "sagemaker_job_name" and not k.startswith("_tuning")
    }
    algorithm = request["AlgorithmSpecification"]
    config: dict[str, Any] = {
        "Strategy": tuning.strategy,
        "HyperParameterTuningJobObjective": {"Type": tuning.kind, "MetricName": tuning.metric},
        "ResourceLimits": {
            "MaxNumberOfTrainingJobs": len(tuning.fates),
            "MaxParallelTrainingJobs": tuning.max_parallel,
        },
        "ParameterRanges": ranges,
    }
    if tuning.strategy_config:
        config["StrategyConfig"] = tuning.strategy_config
    if tuning.strategy != "Hyperband":  # Hyperband stops trials itself; the setting must be Off
        config["TrainingJobEarlyStoppingType"] = tuning.early_stopping
    definition = {
        "StaticHyperParameters": static,
        "AlgorithmSpecification": {
            "TrainingImage": algorithm["TrainingImage"],
            "TrainingInputMode": algorithm["TrainingInputMode"],
            "MetricDefinitions": algorithm["MetricDefinitions"],
        },
        "RoleArn": request["RoleArn"],
        "InputDataConfig": request["InputDataConfig"],
        "OutputDataConfig": request["OutputDataConfig"],
        "ResourceConfig": request["ResourceConfig"],
        "StoppingCondition": request["StoppingCondition"],
    }
    created = first.state["CreationTime"] - timedelta(seconds=20)
    ends = [s.state.get("TrainingEndTime") or s.state.get("LastModifiedTime") for s in trials]
    finished = [e for e in ends if isinstance(e, datetime)]
    state: dict[str, Any] = {
        "HyperParameterTuningJobStatus": tuning.status,
        "CreationTime": created,
        "LastModifiedTime": max([created, *finished]),
    }
    if tuning.status != "InProgress":
        end = max([created, *finished]) + timedelta(seconds=45)
        state["HyperParameterTuningEndTime"] = end
        state["LastModifiedTime"] = end
        state["ConsumedResources"] = {"RuntimeInSeconds": int((end - created).total_seconds())}
    if tuning.failure_reason:
        state["FailureReason"] = tuning.failure_reason
    team = next(p.team for p in cat.PROJECTS if p.base == tuning.project)
    return TuningSpec(
        name=name,
        request={
            "HyperParameterTuningJobName": name,
            "HyperParameterTuningJobConfig": config,
            "TrainingJobDefinition": definition,
            "Tags": [{"Key": "team", "Value": team}],
        },
        state=state,
        trials=tuple(sorted(s.name for s in trials)),
    )


def load_tuning_jobs(
    client: Any, backend: Any, specs: Sequence[JobSpec], naive: Callable[[Any], Any]
) -> None:
    """Create the fleet's tuning jobs through the API, then set what moto does not model (status,
    times, failure reason) on its backend objects; a tuning job with the same name is replaced."""
    for tuning in tuning_specs(specs):
        backend.hyper_parameter_tuning_jobs.pop(tuning.name, None)
        client.create_hyper_parameter_tuning_job(**tuning.request)
        job = backend.hyper_parameter_tuning_jobs[tuning.name]
        state = tuning.state
        job.hyper_parameter_tuning_job_status = state["HyperParameterTuningJobStatus"]
        job.creation_time = naive(state["CreationTime"])
        job.last_modified_time = naive(state["LastModifiedTime"])
        job.hyper_parameter_tuning_end_time = naive(state.get("HyperParameterTuningEndTime"))
        job.failure_reason = state.get("FailureReason") or ""
        job.demo_consumed_resources = state.get("ConsumedResources")
