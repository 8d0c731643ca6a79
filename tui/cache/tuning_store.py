"""Hyperparameter tuning jobs in the cache file (tables ``tuning_summaries`` and ``tuning_jobs``).

The listing's summaries are kept so the tuning-jobs list paints at once; a tuning job's describe is
kept with its training jobs' summaries in one row, as the tuning-job screen shows them together
(500 training jobs: one row read and decoded, not 500).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tui.cache import schema
from tui.cache.codec import decode, encode
from tui.cache.queries import from_ts, to_ts
from tui.cache.scope import Scope
from tui.cache.store import CacheStore

_SCOPE = "SELECT id FROM scopes WHERE endpoint = ? AND region = ? AND account = ?"


def _key(scope: Scope) -> tuple[str, str, str]:
    return (scope.endpoint, scope.region, scope.account)


def put_tuning_summaries(
    store: CacheStore, scope: Scope, summaries: Sequence[dict[str, Any]], fetched_at: datetime, *,
    complete: bool,
) -> None:
    """Store listed summaries (insert or replace by name); ``complete`` (the whole listing) also
    forgets the tuning jobs it no longer holds (deleted ones)."""
    if store.read_only:
        return
    rows = []
    for summary in summaries:
        name = summary.get("HyperParameterTuningJobName")
        if not isinstance(name, str):
            continue
        created = summary.get("CreationTime")
        rows.append((name, encode(summary), to_ts(created) if isinstance(created, datetime) else None))
    with store._conn() as conn, schema.write_transaction(conn):
        scope_id = store._scope_id(conn, scope)
        if complete:
            conn.execute("DELETE FROM tuning_summaries WHERE scope_id = ?", (scope_id,))
        conn.executemany(
            "INSERT OR REPLACE INTO tuning_summaries (scope_id, name, data, created, fetched_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(scope_id, name, data, created, to_ts(fetched_at)) for name, data, created in rows],
        )


def get_tuning_summaries(store: CacheStore, scope: Scope) -> tuple[list[dict[str, Any]], datetime | None]:
    """The cached summaries, newest first, and when the oldest of them was fetched (None: none)."""
    with store._conn() as conn:
        rows = conn.execute(
            f"SELECT data, fetched_at FROM tuning_summaries WHERE scope_id = ({_SCOPE}) "
            "ORDER BY created DESC, name",
            _key(scope),
        ).fetchall()
    summaries = [decode(data) for data, _at in rows]
    fetched = min((from_ts(at) for _data, at in rows), default=None)
    return summaries, fetched


def put_tuning_job(
    store: CacheStore, scope: Scope, name: str, describe: dict[str, Any], trials: Sequence[dict[str, Any]],
    fetched_at: datetime,
) -> None:
    """Store a tuning job's describe and its training jobs' summaries (replacing any earlier copy)."""
    if store.read_only:
        return
    status = describe.get("HyperParameterTuningJobStatus")
    with store._conn() as conn, schema.write_transaction(conn):
        scope_id = store._scope_id(conn, scope)
        conn.execute(
            "INSERT OR REPLACE INTO tuning_jobs (scope_id, name, data, trials, status, fetched_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (scope_id, name, encode(describe), encode(list(trials)),
             status if isinstance(status, str) else None, to_ts(fetched_at)),
        )


def put_tuning_describes(
    store: CacheStore, scope: Scope, describes: Sequence[dict[str, Any]], fetched_at: datetime
) -> None:
    """Store describes made for the list (the objective and best value). Training jobs cached
    before are kept while the status is the same (a running tuning job's first paint), dropped when
    it changed: a settled describe is served for ever and must never come with stale trials."""
    if store.read_only or not describes:
        return
    with store._conn() as conn, schema.write_transaction(conn):
        scope_id = store._scope_id(conn, scope)
        conn.executemany(
            "INSERT INTO tuning_jobs (scope_id, name, data, trials, status, fetched_at) "
            "VALUES (?, ?, ?, NULL, ?, ?) ON CONFLICT (scope_id, name) DO UPDATE SET "
            "data = excluded.data, fetched_at = excluded.fetched_at, "
            "trials = CASE WHEN tuning_jobs.status IS excluded.status THEN tuning_jobs.trials END, "
            "status = excluded.status",
            [(scope_id, d["HyperParameterTuningJobName"], encode(d), d.get("HyperParameterTuningJobStatus"),
              to_ts(fetched_at)) for d in describes],
        )


def get_tuning_job(
    store: CacheStore, scope: Scope, name: str
) -> tuple[dict[str, Any], list[dict[str, Any]] | None, datetime] | None:
    """(describe, trial summaries or None when not listed, fetched at) of a cached tuning job,
    None when not cached."""
    with store._conn() as conn:
        row = conn.execute(
            f"SELECT data, trials, fetched_at FROM tuning_jobs WHERE scope_id = ({_SCOPE}) AND name = ?",
            (*_key(scope), name),
        ).fetchone()
    if row is None:
        return None
    return decode(row[0]), (decode(row[1]) if row[1] is not None else None), from_ts(row[2])


def get_tuning_describes(store: CacheStore, scope: Scope) -> dict[str, dict[str, Any]]:
    """Every cached tuning job's describe, by name."""
    with store._conn() as conn:
        rows = conn.execute(
            f"SELECT name, data FROM tuning_jobs WHERE scope_id = ({_SCOPE})", _key(scope)
        ).fetchall()
    return {name: decode(data) for name, data in rows}
