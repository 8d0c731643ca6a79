"""Cache files written by older versions reach the current schema by their migration steps."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.cache.old_versions import rewind
from tui.cache import schema
from tui.cache.scope import Scope
from tui.cache.store import CacheStore

SCOPE = Scope("https://sagemaker.us-east-1.amazonaws.com", "us-east-1", "123456789012")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5])
def test_every_older_file_reaches_the_current_schema_with_its_describes(tmp_path: Path, version: int) -> None:
    """Each migration step in turn (partial describes, metric tables, log tables), no rebuild."""
    path = tmp_path / "c.sqlite3"
    with CacheStore(path) as store:
        store.put_describe(SCOPE, "a", {"TrainingJobName": "a"}, NOW)
    rewind(path, version)
    with CacheStore(path) as store:
        assert store.warnings == []
        assert store.get_describe(SCOPE, "a") is not None
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"metric_jobs", "metric_series", "log_streams", "log_chunks"} <= tables
    assert {"tuning_summaries", "tuning_jobs"} <= tables
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 6
    assert "tags" in tables
    conn.close()


@pytest.mark.parametrize(
    ("version", "extra"),
    [
        (3, schema.LOG_DDL[0]),  # a draft build's log tables in a file still saying schema 3
        (1, "ALTER TABLE describes ADD COLUMN partial INTEGER NOT NULL DEFAULT 0"),  # a column ahead
    ],
    ids=["log-tables-ahead", "partial-column-ahead"],
)
def test_a_file_whose_tables_contradict_its_version_is_rebuilt_not_dropped_to_memory(
    tmp_path: Path, version: int, extra: str
) -> None:
    """A step meeting tables it should create ("table log_streams already exists") used to fail
    the opening: every run then used a memory cache and cached nothing. It is rebuilt, once, said."""
    path = tmp_path / "c.sqlite3"
    with CacheStore(path) as store:
        store.put_describe(SCOPE, "a", {"TrainingJobName": "a"}, NOW)
    rewind(path, version)
    conn = sqlite3.connect(path)
    conn.execute(extra)
    conn.commit()
    conn.close()
    with CacheStore(path) as store:
        assert not store.in_memory and not store.read_only
        assert len(store.warnings) == 1 and "did not match its schema" in store.warnings[0]
        assert "it was rebuilt" in store.warnings[0]
        store.put_describe(SCOPE, "b", {"TrainingJobName": "b"}, NOW)  # a working file again
    with CacheStore(path) as store:
        assert store.warnings == []
        assert store.get_describe(SCOPE, "b") is not None
