"""The persistent cache: one SQLite file shared by every instance of the app for this user.

Safe for several processes (WAL mode, a busy timeout, write transactions taken up front with
``BEGIN IMMEDIATE`` and kept short: one page or one response each) and for several threads (a small
pool: a connection is used by one thread at a time; :mod:`tui.cache.store_file` opens the file and
keeps the pool). Responses are stored exactly as returned (:mod:`tui.cache.codec`), with when they
were fetched; scopes keep accounts, regions and endpoints apart (:mod:`tui.cache.scope`). Opening
never fails: a damaged file is moved aside and rebuilt, and if even that is impossible the run gets
an in-memory cache; either way :attr:`CacheStore.warnings` holds the one line to show.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from tui.cache import codec, schema
from tui.cache.enrich import Enrichment, billable_seconds, resources
from tui.cache.queries import (
    CachedItem,
    CacheInfo,
    ListingState,
    ScopeInfo,
    from_ts,
    iso_or_none,
    to_ts,
)
from tui.cache.scope import Context, Scope
from tui.cache.store_file import CacheError, CacheUnwritable, StoreFile

APP_NAME = "sagemaker-tui"
FILE_NAME = "cache.sqlite3"

__all__ = [
    "CacheError", "CacheInfo", "CacheStore", "CacheUnwritable", "CachedItem", "ListingState", "ScopeInfo",
]


class CacheStore(StoreFile):
    """The cache file at ``path`` (created 0600 in a 0700 directory): describes, summaries,
    listings, contexts; the other tables' modules (logs, metrics, tuning jobs, tags) use
    :meth:`~tui.cache.store_file.StoreFile.connection`."""

    @classmethod
    def default_path(cls) -> Path:
        return Path(platformdirs.user_cache_dir(APP_NAME)) / FILE_NAME

    @classmethod
    def open_default(cls) -> CacheStore:
        """The user's cache (``platformdirs.user_cache_dir("sagemaker-tui")/cache.sqlite3``)."""
        return cls(cls.default_path(), enforce_dir_mode=True)

    def __enter__(self) -> CacheStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- scopes and contexts ------------------------------------------------------------------
    @staticmethod
    def _scope_id(conn: sqlite3.Connection, scope: Scope) -> int:
        """Insert-or-get; call inside a write transaction."""
        conn.execute(
            "INSERT OR IGNORE INTO scopes (endpoint, region, account) VALUES (?, ?, ?)",
            (scope.endpoint, scope.region, scope.account),
        )
        row = conn.execute(
            "SELECT id FROM scopes WHERE endpoint = ? AND region = ? AND account = ?",
            (scope.endpoint, scope.region, scope.account),
        ).fetchone()
        return int(row[0])

    def scope_for_context(self, context: Context) -> Scope | None:
        """The scope this context's responses last carried (None before any)."""
        with self._conn() as conn:
            row = conn.execute(
                "SELECT s.endpoint, s.region, s.account FROM contexts c JOIN scopes s ON s.id = c.scope_id"
                " WHERE c.profile = ? AND c.endpoint = ? AND c.region = ?",
                (context.profile, context.endpoint, context.region),
            ).fetchone()
        return Scope(*row) if row else None

    def latest_context(self, *, profile: str | None = None, endpoint: str | None = None) -> Context | None:
        """The most recently confirmed context (optionally for one profile/endpoint)."""
        sql = "SELECT profile, endpoint, region FROM contexts WHERE 1 = 1"
        args: list[str] = []
        if profile is not None:
            sql += " AND profile = ?"
            args.append(profile)
        if endpoint is not None:
            sql += " AND endpoint = ?"
            args.append(endpoint)
        with self._conn() as conn:
            row = conn.execute(sql + " ORDER BY updated_at DESC LIMIT 1", args).fetchone()
        return Context(*row) if row else None

    def remember_context(self, context: Context, scope: Scope, at: datetime) -> None:
        if self.read_only:
            return
        with self._conn() as conn, schema.write_transaction(conn):
            scope_id = self._scope_id(conn, scope)
            conn.execute(
                "INSERT INTO contexts (profile, endpoint, region, scope_id, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile, endpoint, region)"
                " DO UPDATE SET scope_id = excluded.scope_id, updated_at = excluded.updated_at",
                (context.profile, context.endpoint, context.region, scope_id, to_ts(at)),
            )

    # -- describes ----------------------------------------------------------------------------
    def get_describe(self, scope: Scope, name: str) -> CachedItem | None:
        with self._conn() as conn:
            row = conn.execute(
                "SELECT d.data, d.fetched_at, d.partial FROM describes d JOIN scopes s ON s.id = d.scope_id"
                " WHERE s.endpoint = ? AND s.region = ? AND s.account = ? AND d.name = ?",
                (scope.endpoint, scope.region, scope.account, name),
            ).fetchone()
            if row is None:
                return None
            return CachedItem(codec.decode(row[0]), from_ts(row[1]), partial=bool(row[2]))

    def put_describe(
        self,
        scope: Scope,
        name: str,
        response: dict[str, Any],
        fetched_at: datetime,
        *,
        partial: bool = False,
    ) -> None:
        """Store a describe; ``partial``: a Search record (see :class:`CachedItem`)."""
        if self.read_only:
            return
        data = codec.encode(response)  # before the transaction: keep the write lock short
        kind, count = resources(response)
        status = response.get("TrainingJobStatus")
        with self._conn() as conn, schema.write_transaction(conn):
            scope_id = self._scope_id(conn, scope)
            conn.execute(
                "INSERT OR REPLACE INTO describes (scope_id, name, data, fetched_at, status,"
                " instance_type, instance_count, billable_seconds, partial)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (scope_id, name, data, to_ts(fetched_at), status if isinstance(status, str) else None,
                 kind, count, billable_seconds(response), int(partial)),
            )

    def enrichment(self, scope: Scope, names: Iterable[str] | None = None) -> dict[str, Enrichment]:
        """Instance type x count and billable time of every cached describe (of ``names``)."""
        wanted = None if names is None else set(names)
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT d.name, d.instance_type, d.instance_count, d.billable_seconds, d.fetched_at"
                " FROM describes d JOIN scopes s ON s.id = d.scope_id"
                " WHERE s.endpoint = ? AND s.region = ? AND s.account = ?",
                (scope.endpoint, scope.region, scope.account),
            ).fetchall()
        return {
            name: Enrichment(kind, count, billable, from_ts(fetched))
            for name, kind, count, billable, fetched in rows
            if wanted is None or name in wanted
        }

    # -- summaries and listings ---------------------------------------------------------------
    def put_summaries(self, scope: Scope, summaries: list[dict[str, Any]], fetched_at: datetime) -> None:
        """Store one page (insert or replace by name) in one short transaction."""
        if self.read_only:
            return
        rows = []
        for summary in summaries:
            name = summary.get("TrainingJobName")
            if isinstance(name, str):
                rows.append((name, codec.encode(summary), iso_or_none(summary.get("CreationTime"))))
        if not rows:
            return
        stamp = to_ts(fetched_at)
        with self._conn() as conn, schema.write_transaction(conn):
            scope_id = self._scope_id(conn, scope)
            conn.executemany(
                "INSERT OR REPLACE INTO summaries (scope_id, name, data, fetched_at, created)"
                " VALUES (?, ?, ?, ?, ?)",
                [(scope_id, name, data, stamp, created) for name, data, created in rows],
            )

    def summaries(self, scope: Scope, limit: int | None = None) -> list[dict[str, Any]]:
        """Every cached summary of the scope (the newest ``limit``), newest creation first."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT m.data FROM summaries m JOIN scopes s ON s.id = m.scope_id"
                " WHERE s.endpoint = ? AND s.region = ? AND s.account = ?"
                " ORDER BY m.created DESC, m.name LIMIT ?",
                (scope.endpoint, scope.region, scope.account, -1 if limit is None else limit),
            ).fetchall()
            return [codec.decode(row[0]) for row in rows]

    def forget_unlisted(self, scope: Scope, listed: Iterable[str], *, fetched_before: datetime) -> int:
        """Delete the scope's summaries of jobs a complete listing did not return (deleted from the
        service) and that were fetched before ``fetched_before`` (so a job another instance has
        stored since the listing began is kept). Returns how many went."""
        if self.read_only:
            return 0
        keep = set(listed)
        stamp = to_ts(fetched_before)
        with self._conn() as conn, schema.write_transaction(conn):
            scope_id = self._scope_id(conn, scope)
            rows = conn.execute(
                "SELECT name FROM summaries WHERE scope_id = ? AND fetched_at <= ?", (scope_id, stamp)
            ).fetchall()
            gone = [(scope_id, row[0]) for row in rows if row[0] not in keep]
            conn.executemany("DELETE FROM summaries WHERE scope_id = ? AND name = ?", gone)
        return len(gone)

    def listing(self, scope: Scope, filter_key: str) -> ListingState | None:
        with self._conn() as conn:
            row = conn.execute(
                "SELECT l.listed_at, l.complete_at, l.high_water FROM listings l"
                " JOIN scopes s ON s.id = l.scope_id"
                " WHERE s.endpoint = ? AND s.region = ? AND s.account = ? AND l.filter_key = ?",
                (scope.endpoint, scope.region, scope.account, filter_key),
            ).fetchone()
        if row is None:
            return None
        return ListingState(from_ts(row[0]), from_ts(row[1]) if row[1] else None,
                            from_ts(row[2]) if row[2] else None)

    def latest_listed_at(self, scope: Scope) -> datetime | None:
        """When any listing of the scope was last brought up to date (None = never)."""
        with self._conn() as conn:
            row = conn.execute(
                "SELECT max(l.listed_at) FROM listings l JOIN scopes s ON s.id = l.scope_id"
                " WHERE s.endpoint = ? AND s.region = ? AND s.account = ?",
                (scope.endpoint, scope.region, scope.account),
            ).fetchone()
        return from_ts(row[0]) if row and row[0] else None

    def newest_summary_at(self, scope: Scope) -> datetime | None:
        """When the newest cached summary of the scope was fetched (None = none cached)."""
        with self._conn() as conn:
            row = conn.execute(
                "SELECT max(m.fetched_at) FROM summaries m JOIN scopes s ON s.id = m.scope_id"
                " WHERE s.endpoint = ? AND s.region = ? AND s.account = ?",
                (scope.endpoint, scope.region, scope.account),
            ).fetchone()
        return from_ts(row[0]) if row and row[0] else None

    def record_listing(
        self,
        scope: Scope,
        filter_key: str,
        listed_at: datetime,
        *,
        complete: bool,
        high_water: datetime | None,
    ) -> None:
        """Note a listing brought up to date; the high-water mark only ever moves forward."""
        if self.read_only:
            return
        stamp = to_ts(listed_at)
        mark = to_ts(high_water) if high_water is not None else None
        with self._conn() as conn, schema.write_transaction(conn):
            scope_id = self._scope_id(conn, scope)
            conn.execute(
                "INSERT INTO listings (scope_id, filter_key, listed_at, complete_at, high_water)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope_id, filter_key) DO UPDATE SET"
                " listed_at = max(listed_at, excluded.listed_at),"
                " complete_at = coalesce(max(complete_at, excluded.complete_at), complete_at,"
                "   excluded.complete_at),"
                " high_water = coalesce(max(high_water, excluded.high_water), high_water,"
                "   excluded.high_water)",
                (scope_id, filter_key, stamp, stamp if complete else None, mark),
            )

    # -- maintenance --------------------------------------------------------------------------
    def renew(self, scope: Scope) -> int:
        """The service behind ``scope`` was made anew (the demo fleet, regenerated each run): drop
        what only that old service could confirm (describes, logs, metrics, listings' high-water
        marks) and keep the job list's summaries, which paint the list at once and which the
        first listing (a complete one: no mark to start a delta from) brings up to date.
        Returns the entries removed."""
        if self.read_only:
            return 0
        removed = 0
        with self._conn() as conn, schema.write_transaction(conn):
            row = conn.execute(
                "SELECT id FROM scopes WHERE endpoint = ? AND region = ? AND account = ?",
                (scope.endpoint, scope.region, scope.account),
            ).fetchone()
            if row is None:
                return 0
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            renewed = (
                "describes", "listings", "log_streams", "log_chunks", "metric_jobs", "metric_series", "tags",
            )
            for table in renewed:
                if table in tables:
                    removed += conn.execute(f"DELETE FROM {table} WHERE scope_id = ?", (row[0],)).rowcount
        return removed

    def info(self) -> CacheInfo:
        from tui.cache.queries import read_info

        with self._conn() as conn:
            return read_info(conn, self.path, in_memory=self.in_memory)

    def clear(self, *, scopes: Iterable[Scope] | None = None, region: str | None = None) -> int:
        """Delete scopes (all of them when neither argument is given); returns entries removed."""
        from tui.cache.queries import clear_scopes

        if self.read_only:
            raise CacheError(" ".join(self.warnings) or "the cache cannot be written now")
        with self._conn() as conn:
            with schema.write_transaction(conn):
                removed = clear_scopes(conn, scopes=scopes, region=region)
            if scopes is None and region is None:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("VACUUM")  # give the space back; skipped while others read
        return removed
