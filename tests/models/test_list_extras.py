"""The list's optional columns: tags text, the objective metric and its sparkline (pure), and the
sparklines read from a real cache file (no call)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import FIXED_NOW
from tui.cache.metrics import put_metrics
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.metrics_repository import objective_sparklines
from tui.models.list_extras import objective_metric, objective_sparkline, tags_text
from tui.repository import JobRepository

SCOPE = Scope("http://127.0.0.1", "us-east-1", "123456789012")


def test_tags_text() -> None:
    assert tags_text([{"Key": "team", "Value": "vision"}, {"Key": "owner", "Value": "ana"}]) == (
        "owner=ana,team=vision"
    )
    assert tags_text([]) == ""
    assert tags_text(None) == ""


def test_objective_is_the_tuning_objective_then_the_first_definition() -> None:
    definitions = {
        "MetricDefinitions": [{"Name": "train:loss", "Regex": "x"}, {"Name": "val:acc", "Regex": "y"}]
    }
    assert objective_metric({"AlgorithmSpecification": definitions}) == "train:loss"
    hyperparameters = {"_tuning_objective_metric": '"val:acc"'}
    tuned = {"AlgorithmSpecification": definitions, "HyperParameters": hyperparameters}
    assert objective_metric(tuned) == "val:acc"
    assert objective_metric({}) is None
    assert objective_metric({"AlgorithmSpecification": {"MetricDefinitions": [{"Regex": "x"}]}}) is None


def test_objective_sparkline() -> None:
    describe = {"AlgorithmSpecification": {"MetricDefinitions": [{"Name": "loss", "Regex": "x"}]}}
    series = {
        ("loss", ""): ([1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 1.0]),
        ("CPUUtilization", "algo-1"): ([1.0], [5.0]),
    }
    assert objective_sparkline(describe, series, 4) == "█▆▃▁"
    assert objective_sparkline(describe, {}, 4) == ""
    assert objective_sparkline({}, series, 4) == ""


class ScopedRepository(JobRepository):
    def current_scope(self) -> Scope | None:
        return SCOPE


def test_sparklines_come_from_the_cache_only(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "cache.sqlite3")
    describe: dict[str, Any] = {
        "TrainingJobName": "job-a",
        "TrainingJobStatus": "Completed",
        "AlgorithmSpecification": {"MetricDefinitions": [{"Name": "loss", "Regex": "x"}]},
    }
    store.put_describe(SCOPE, "job-a", describe, FIXED_NOW)
    store.put_describe(SCOPE, "job-b", {**describe, "TrainingJobName": "job-b"}, FIXED_NOW)  # no series
    put_metrics(store, SCOPE, "job-a", {("loss", ""): [(1.0, 3.0), (2.0, 2.0), (3.0, 1.0)]}, FIXED_NOW)
    put_metrics(store, SCOPE, "job-c", {("loss", ""): [(1.0, 3.0)]}, FIXED_NOW)  # series, no describe
    repository = ScopedRepository(client=None, cache=store)
    assert objective_sparklines(repository, 3) == {"job-a": "█▅▁"}
    assert objective_sparklines(repository, 3, names=["job-b"]) == {}
    assert repository.counter.total == 0
    assert objective_sparklines(ScopedRepository(client=None, cache=None), 3) == {}
    store.close()
