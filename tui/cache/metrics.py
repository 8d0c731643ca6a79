"""Metric series of finished jobs in the cache file (tables ``metric_jobs`` and ``metric_series``).

Only a finished job's series are stored (they never change again), so reopening its Metrics tab
costs no call, offline included. Points are packed as two arrays of doubles per series: a 72-hour
job's 50 series (216,000 points) read back in milliseconds, where JSON would take tens.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Mapping, Sequence
from datetime import datetime

from tui.cache import schema
from tui.cache.queries import from_ts, to_ts
from tui.cache.scope import Scope
from tui.cache.store import CacheStore

Point = tuple[float, float]
#: ``(metric, host)``; host "" for algorithm metrics (tui.models.metrics.SeriesKey is such a tuple).
Key = tuple[str, str]

_SCOPE = "SELECT id FROM scopes WHERE endpoint = ? AND region = ? AND account = ?"


def _pack(values: Sequence[float]) -> bytes:
    packed = array("d", values)
    if sys.byteorder != "little":  # the file is portable between machines
        packed.byteswap()
    return packed.tobytes()


def _unpack(blob: bytes) -> array[float]:
    values = array("d")
    values.frombytes(blob)
    if sys.byteorder != "little":
        values.byteswap()
    return values


def get_metrics(
    store: CacheStore, scope: Scope, name: str
) -> tuple[dict[Key, tuple[array[float], array[float]]], datetime] | None:
    """The job's cached series as (times, values) arrays, and when they were fetched; None when not
    cached. Arrays, not point tuples: 216,000 tuples would cost more than the read itself."""
    key = (scope.endpoint, scope.region, scope.account)
    with store._conn() as conn:
        row = conn.execute(
            f"SELECT fetched_at FROM metric_jobs WHERE scope_id = ({_SCOPE}) AND name = ?", (*key, name)
        ).fetchone()
        if row is None:
            return None
        rows = conn.execute(
            f"SELECT metric, host, times, vals FROM metric_series WHERE scope_id = ({_SCOPE}) AND name = ?",
            (*key, name),
        ).fetchall()
    series = {(metric, host): (_unpack(times), _unpack(vals)) for metric, host, times, vals in rows}
    return series, from_ts(row[0])


def put_metrics(
    store: CacheStore,
    scope: Scope,
    name: str,
    series: Mapping[Key, Sequence[Point]],
    fetched_at: datetime,
) -> None:
    """Store a finished job's series (replacing any earlier copy)."""
    rows = [
        (key[0], key[1], _pack([t for t, _ in points]), _pack([v for _, v in points]))
        for key, points in series.items()
    ]
    with store._conn() as conn, schema.write_transaction(conn):
        scope_id = store._scope_id(conn, scope)
        conn.execute("DELETE FROM metric_series WHERE scope_id = ? AND name = ?", (scope_id, name))
        conn.executemany(
            "INSERT INTO metric_series (scope_id, name, metric, host, times, vals) VALUES (?, ?, ?, ?, ?, ?)",
            [(scope_id, name, *row) for row in rows],
        )
        conn.execute(
            "INSERT OR REPLACE INTO metric_jobs (scope_id, name, fetched_at) VALUES (?, ?, ?)",
            (scope_id, name, to_ts(fetched_at)),
        )


def cached_metric_jobs(store: CacheStore, scope: Scope) -> set[str]:
    """Names of the jobs whose series are cached (for the list's sparkline column)."""
    with store._conn() as conn:
        rows = conn.execute(
            f"SELECT name FROM metric_jobs WHERE scope_id = ({_SCOPE})",
            (scope.endpoint, scope.region, scope.account),
        ).fetchall()
    return {row[0] for row in rows}
