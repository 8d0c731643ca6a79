"""Tuning jobs in the cache file: summaries (a complete listing forgets deleted ones), a tuning job
with its training jobs in one row, describes stored for the list without training jobs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from tui.cache import tuning_store
from tui.cache.scope import Scope
from tui.cache.store import CacheStore

SCOPE = Scope("http://moto", "us-east-1", "123456789012")
OTHER = Scope("http://moto", "eu-west-1", "123456789012")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


def summary(name: str, hours: int) -> dict[str, object]:
    return {"HyperParameterTuningJobName": name, "CreationTime": NOW - timedelta(hours=hours)}


def test_summaries_newest_first_per_scope_and_a_complete_listing_forgets_the_rest(tmp_path: Path) -> None:
    with CacheStore(tmp_path / "c.sqlite3") as store:
        assert tuning_store.get_tuning_summaries(store, SCOPE) == ([], None)
        tuning_store.put_tuning_summaries(store, SCOPE, [summary("old", 5), summary("new", 1)], NOW,
                                          complete=True)
        found, at = tuning_store.get_tuning_summaries(store, SCOPE)
        assert [s["HyperParameterTuningJobName"] for s in found] == ["new", "old"] and at == NOW
        assert found[0]["CreationTime"] == NOW - timedelta(hours=1)  # datetimes come back as such
        assert tuning_store.get_tuning_summaries(store, OTHER) == ([], None)
        tuning_store.put_tuning_summaries(store, SCOPE, [summary("x", 2)], NOW, complete=False)
        assert len(tuning_store.get_tuning_summaries(store, SCOPE)[0]) == 3
        tuning_store.put_tuning_summaries(store, SCOPE, [summary("new", 1)], NOW, complete=True)
        names = [s["HyperParameterTuningJobName"] for s in tuning_store.get_tuning_summaries(store, SCOPE)[0]]
        assert names == ["new"]


def test_a_tuning_job_with_its_trials_and_describes_without_them(tmp_path: Path) -> None:
    describe = {"HyperParameterTuningJobName": "hpo", "HyperParameterTuningJobStatus": "Completed"}
    trials = [{"TrainingJobName": f"t{i}", "CreationTime": NOW} for i in range(3)]
    with CacheStore(tmp_path / "c.sqlite3") as store:
        assert tuning_store.get_tuning_job(store, SCOPE, "hpo") is None
        tuning_store.put_tuning_job(store, SCOPE, "hpo", describe, trials, NOW)
        assert tuning_store.get_tuning_job(store, SCOPE, "hpo") == (describe, trials, NOW)
        # the list's refresh describes it again: same status, its training jobs stay (first paint)
        again = dict(describe, LastModifiedTime=NOW)
        tuning_store.put_tuning_describes(store, SCOPE, [again], NOW)
        assert tuning_store.get_tuning_job(store, SCOPE, "hpo") == (again, trials, NOW)
        # another status: the training jobs may no longer match, so they go
        later = dict(describe, HyperParameterTuningJobStatus="Stopped")
        tuning_store.put_tuning_describes(store, SCOPE, [later], NOW + timedelta(minutes=1))
        assert tuning_store.get_tuning_job(store, SCOPE, "hpo") == (later, None, NOW + timedelta(minutes=1))
        assert tuning_store.get_tuning_describes(store, SCOPE) == {"hpo": later}
