"""Fixed tuning jobs for screen tests: a scripted TuningRepository (no network, no cache file)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.conftest import FIXED_NOW
from tests.screens.fakes import FakeRepository, list_app
from tui.aws.errors import AwsError, NotFoundError
from tui.repository import Fetched
from tui.tuning_repository import TuningJobData, TuningRepository

ARN = "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/"
HOSTILE = "evil-\x1b[31mred[/]\u202e"


def _config(strategy: str, metric: str, kind: str, early: str | None = "Off") -> dict[str, Any]:
    config: dict[str, Any] = {
        "Strategy": strategy,
        "HyperParameterTuningJobObjective": {"Type": kind, "MetricName": metric},
        "ResourceLimits": {"MaxNumberOfTrainingJobs": 12, "MaxParallelTrainingJobs": 3},
        "ParameterRanges": {
            "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "12",
                                        "ScalingType": "Auto"}],
            "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.01", "MaxValue": "0.3",
                                           "ScalingType": "Logarithmic"}],
            "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
        },
    }
    if early:
        config["TrainingJobEarlyStoppingType"] = early
    if strategy == "Hyperband":
        config["StrategyConfig"] = {"HyperbandStrategyConfig": {"MinResource": 10, "MaxResource": 150}}
    return config


def trial(index: int, status: str, value: float | None, *, minutes: int) -> dict[str, Any]:
    created = FIXED_NOW - timedelta(hours=5) + timedelta(minutes=minutes)
    item: dict[str, Any] = {
        "TrainingJobName": f"xgb-churn-bayes-{index:03d}-{index * 7919:08x}",
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:training-job/xgb-{index}",
        "TuningJobName": "xgb-churn-bayes-261126-0700",
        "CreationTime": created,
        "TrainingStartTime": created + timedelta(minutes=2),
        "TrainingJobStatus": status,
        "TunedHyperParameters": {
            "max_depth": str(3 + index % 9), "eta": f"{0.01 + index * 0.021:.4f}",
            "booster": "dart" if index % 2 else "gbtree",
        },
        "ObjectiveStatus": (
            "Succeeded" if value is not None else ("Pending" if status == "InProgress" else "Failed")
        ),
    }
    if status != "InProgress":
        item["TrainingEndTime"] = created + timedelta(minutes=14 + index)
    if value is not None:
        item["FinalHyperParameterTuningJobObjectiveMetric"] = {
            "Type": "Maximize", "MetricName": "validation:auc", "Value": value,
        }
    if status == "Failed":
        item["FailureReason"] = "AlgorithmError: " + HOSTILE
    return item


TRIALS = [
    trial(1, "Completed", 0.8412, minutes=0),
    trial(2, "Completed", 0.8893, minutes=1),
    trial(3, "Stopped", 0.8127, minutes=2),
    trial(4, "Failed", None, minutes=30),
    trial(5, "Completed", 0.8655, minutes=31),
    trial(6, "InProgress", None, minutes=60),
]


def describe(name: str, status: str, config: dict[str, Any], *, hours: float, best: float | None,
             counters: tuple[int, int, int, int], failure: str | None = None) -> dict[str, Any]:
    created = FIXED_NOW - timedelta(hours=hours)
    done, running, failed, stopped = counters
    item: dict[str, Any] = {
        "HyperParameterTuningJobName": name,
        "HyperParameterTuningJobArn": ARN + name,
        "HyperParameterTuningJobConfig": config,
        "HyperParameterTuningJobStatus": status,
        "CreationTime": created,
        "LastModifiedTime": created + timedelta(minutes=50),
        "TrainingJobStatusCounters": {"Completed": done, "InProgress": running, "RetryableError": 0,
                                      "NonRetryableError": failed, "Stopped": stopped},
        "ObjectiveStatusCounters": {"Succeeded": done + stopped, "Pending": running, "Failed": failed},
    }
    if status != "InProgress":
        item["HyperParameterTuningEndTime"] = created + timedelta(hours=1, minutes=12)
    if best is not None:
        item["BestTrainingJob"] = dict(TRIALS[1], FinalHyperParameterTuningJobObjectiveMetric={
            "Type": config["HyperParameterTuningJobObjective"]["Type"],
            "MetricName": config["HyperParameterTuningJobObjective"]["MetricName"], "Value": best,
        })
    if failure:
        item["FailureReason"] = failure
    return item


DESCRIBES = [
    describe("xgb-churn-bayes-261126-0700", "InProgress", _config("Bayesian", "validation:auc", "Maximize"),
             hours=5, best=0.8893, counters=(3, 1, 1, 1)),
    describe("bert-ner-random-261124-2210", "Completed", _config("Random", "eval_loss", "Minimize", "Auto"),
             hours=38, best=0.0712, counters=(6, 0, 0, 4)),
    describe("yolo-shelf-hyperband-261123-0915", "Completed",
             _config("Hyperband", "mAP50-95", "Maximize", None), hours=75, best=0.6044,
             counters=(3, 0, 0, 7)),
    describe("deepar-demand-bayes-261122-0048", "Failed", _config("Bayesian", "test:RMSE", "Minimize"),
             hours=107, best=None, counters=(0, 0, 3, 0),
             failure="The tuning job failed because 3 of its training jobs failed."),
    describe(HOSTILE, "Stopped", _config("Random", "acc[/b]", "Maximize"), hours=200, best=None,
             counters=(0, 0, 0, 1)),
]
SUMMARY_KEYS = ("HyperParameterTuningJobName", "HyperParameterTuningJobArn", "HyperParameterTuningJobStatus",
                "CreationTime", "HyperParameterTuningEndTime", "LastModifiedTime",
                "TrainingJobStatusCounters", "ObjectiveStatusCounters")


def summaries() -> list[dict[str, Any]]:
    return [
        {**{k: d[k] for k in SUMMARY_KEYS if k in d},
         "Strategy": d["HyperParameterTuningJobConfig"]["Strategy"]}
        for d in DESCRIBES
    ]


class FakeTuningRepository(TuningRepository):
    """Serves the fixed tuning jobs above (or ``error``), counting what the screens asked."""

    def __init__(self, *, error: AwsError | None = None, trials: list[dict[str, Any]] | None = None) -> None:
        super().__init__(client=None)
        self.error = error
        self.trials = TRIALS if trials is None else trials
        self.asked: list[str] = []

    @property
    def offline(self) -> bool:
        return False

    def cached_list(self) -> Fetched[list[dict[str, Any]]] | None:
        return None

    def cached_describes(self) -> dict[str, dict[str, Any]]:
        return {d["HyperParameterTuningJobName"]: d for d in DESCRIBES}

    def fetch_list(self, *, describe_limit: int = 0) -> Fetched[list[dict[str, Any]]]:
        self.asked.append("list")
        if self.error is not None:
            raise self.error
        return Fetched(summaries(), FIXED_NOW)

    def cached_job(self, name: str) -> Fetched[TuningJobData] | None:
        return None

    def job(self, name: str, *, force: bool = False) -> Fetched[TuningJobData]:
        self.asked.append(f"job {name}")
        if self.error is not None:
            raise self.error
        found = next((d for d in DESCRIBES if d["HyperParameterTuningJobName"] == name), None)
        if found is None:
            raise NotFoundError(f"Tuning job {name!r} was not found.")
        return Fetched(TuningJobData(found, list(self.trials)), FIXED_NOW)


def tuning_app(tuning: FakeTuningRepository | None = None) -> Any:
    """The real app over the scripted job list, with this tuning repository beside it."""
    from tests.screens.fakes import fleet

    jobs = FakeRepository([[fleet()]])
    jobs.companions["tuning"] = tuning or FakeTuningRepository()
    return list_app(jobs)
