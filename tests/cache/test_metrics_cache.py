"""Metric series in the cache file: round trip, scopes, and the upgrade from schema 1."""

from __future__ import annotations

import sqlite3
from array import array
from datetime import datetime, timezone
from pathlib import Path

from tests.cache.old_versions import rewind
from tui.cache import schema
from tui.cache.metrics import cached_metric_jobs, get_metrics, put_metrics
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.models.metrics import SeriesKey

SCOPE = Scope("https://api.sagemaker.us-east-1.amazonaws.com", "us-east-1", "123456789012")
OTHER = Scope("http://127.0.0.1:5000", "us-east-1", "123456789012")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def as_points(
    found: dict[tuple[str, str], tuple[array[float], array[float]]],
) -> dict[tuple[str, str], list[tuple[float, float]]]:
    return {key: list(zip(t, v, strict=True)) for key, (t, v) in found.items()}


def test_round_trip_keeps_every_point_exactly(tmp_path: Path) -> None:
    series: dict[tuple[str, str], list[tuple[float, float]]] = {
        SeriesKey("train:loss"): [(1.0e9 + 60 * i, 1 / (i + 1)) for i in range(1000)],
        SeriesKey("CPUUtilization", "algo-2"): [(1.0e9, 12.5)],
        SeriesKey("validation:loss"): [],
    }
    with CacheStore(tmp_path / "c.sqlite3") as store:
        assert get_metrics(store, SCOPE, "job") is None
        put_metrics(store, SCOPE, "job", series, NOW)
        found = get_metrics(store, SCOPE, "job")
        assert found is not None
        assert as_points(found[0]) == series and found[1] == NOW
        assert get_metrics(store, OTHER, "job") is None  # scopes stay apart
        assert cached_metric_jobs(store, SCOPE) == {"job"}
        # Replacing drops series that are gone.
        put_metrics(store, SCOPE, "job", {SeriesKey("train:loss"): [(1.0, 2.0)]}, NOW)
        again = get_metrics(store, SCOPE, "job")
        assert again is not None and as_points(again[0]) == {SeriesKey("train:loss"): [(1.0, 2.0)]}


def test_a_schema_2_file_gains_the_metric_tables_and_keeps_its_describes(tmp_path: Path) -> None:
    """Version 2 (partial describes, before metrics): the migration adds the metric tables."""
    path = tmp_path / "c.sqlite3"
    with CacheStore(path) as store:
        store.put_describe(SCOPE, "a", {"TrainingJobName": "a"}, NOW)
    rewind(path, 2)
    with CacheStore(path) as store:
        assert store.warnings == []
        assert store.get_describe(SCOPE, "a") is not None
        put_metrics(store, SCOPE, "a", {SeriesKey("x"): [(1.0, 1.0)]}, NOW)
        assert get_metrics(store, SCOPE, "a") is not None
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    conn.close()

