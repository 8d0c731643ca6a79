"""Value types of the cache and the maintenance queries behind ``sagemaker-tui cache``."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tui.cache.schema import SCHEMA_VERSION
from tui.cache.scope import Scope


@dataclass(frozen=True)
class CachedItem:
    """A response as it was returned, and when it was fetched."""

    value: dict[str, Any]
    fetched_at: datetime
    #: A Search record: the describe minus the members Search lacks (never served as a describe).
    partial: bool = False


@dataclass(frozen=True)
class ListingState:
    """How far one listing (one set of server-side filters) of a scope is known."""

    #: When it was last brought up to date (a full listing or an incremental one).
    listed_at: datetime
    #: When a full listing last completed (None: only ever partly listed).
    complete_at: datetime | None
    #: Every change with a LastModifiedTime up to this instant is in the cache.
    high_water: datetime | None


@dataclass(frozen=True)
class ScopeInfo:
    scope: Scope
    jobs: int
    describes: int
    oldest: datetime | None
    newest: datetime | None
    listed_at: datetime | None


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    size_bytes: int
    schema_version: int
    in_memory: bool
    scopes: list[ScopeInfo]

    @property
    def entries(self) -> int:
        return sum(s.jobs + s.describes for s in self.scopes)


def to_ts(value: datetime) -> str:
    """Fixed-width UTC text: sorts as it compares, readable in the sqlite3 shell."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def from_ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def iso_or_none(value: object) -> str | None:
    return to_ts(value) if isinstance(value, datetime) else None


def read_info(conn: sqlite3.Connection, path: Path, *, in_memory: bool) -> CacheInfo:
    rows = conn.execute(
        """SELECT s.endpoint, s.region, s.account,
                  (SELECT count(*) FROM summaries m WHERE m.scope_id = s.id),
                  (SELECT count(*) FROM describes d WHERE d.scope_id = s.id),
                  (SELECT min(f) FROM (
                      SELECT min(fetched_at) AS f FROM summaries WHERE scope_id = s.id
                      UNION ALL SELECT min(fetched_at) FROM describes WHERE scope_id = s.id)),
                  (SELECT max(f) FROM (
                      SELECT max(fetched_at) AS f FROM summaries WHERE scope_id = s.id
                      UNION ALL SELECT max(fetched_at) FROM describes WHERE scope_id = s.id)),
                  (SELECT max(listed_at) FROM listings l WHERE l.scope_id = s.id)
           FROM scopes s ORDER BY s.account, s.region, s.endpoint"""
    ).fetchall()
    scopes = [
        ScopeInfo(
            Scope(endpoint, region, account),
            jobs,
            describes,
            from_ts(oldest) if oldest else None,
            from_ts(newest) if newest else None,
            from_ts(listed) if listed else None,
        )
        for endpoint, region, account, jobs, describes, oldest, newest, listed in rows
    ]
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    size = 0
    if not in_memory:
        for suffix in ("", "-wal"):
            with contextlib.suppress(FileNotFoundError):
                size += os.stat(f"{path}{suffix}").st_size
    return CacheInfo(path, size, version or SCHEMA_VERSION, in_memory, scopes)


def clear_scopes(
    conn: sqlite3.Connection, *, scopes: Iterable[Scope] | None, region: str | None
) -> int:
    """Delete the chosen scopes with everything in them (inside the caller's transaction)."""
    if scopes is None and region is None:
        ids = [row[0] for row in conn.execute("SELECT id FROM scopes")]
    elif region is not None:
        ids = [row[0] for row in conn.execute("SELECT id FROM scopes WHERE region = ?", (region,))]
    else:
        ids = []
        for scope in scopes or ():
            row = conn.execute(
                "SELECT id FROM scopes WHERE endpoint = ? AND region = ? AND account = ?",
                (scope.endpoint, scope.region, scope.account),
            ).fetchone()
            if row:
                ids.append(row[0])
    removed = 0
    for scope_id in ids:
        for table in ("summaries", "describes"):
            removed += conn.execute(f"DELETE FROM {table} WHERE scope_id = ?", (scope_id,)).rowcount
        conn.execute("DELETE FROM scopes WHERE id = ?", (scope_id,))  # cascades to contexts, listings
    return removed
