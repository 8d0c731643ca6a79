"""The persistent cache: one SQLite file shared by every instance of the app for this user.

Safe for several processes (WAL mode, a busy timeout, write transactions taken up front with
``BEGIN IMMEDIATE`` and kept short: one page or one response each) and for several threads (a small
pool: a connection is used by one thread at a time). Responses are stored exactly as returned
(:mod:`tui.cache.codec`), with when they were fetched; scopes keep accounts, regions and endpoints
apart (:mod:`tui.cache.scope`). Opening never fails: a damaged file is moved aside and rebuilt, and
if even that is impossible the run gets an in-memory cache; either way :attr:`CacheStore.warnings`
holds the one line to show.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import sqlite3
import stat
import threading
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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

APP_NAME = "sagemaker-tui"
FILE_NAME = "cache.sqlite3"
#: Idle connections kept for reuse; more are opened when more threads read at once.
POOL_SIZE = 4
_memory_ids = itertools.count(1)

__all__ = ["CacheError", "CacheInfo", "CacheStore", "CachedItem", "ListingState", "ScopeInfo"]


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def _not_a_file(path: Path) -> bool:
    """Something other than a file where the cache file should be (a directory, say)."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _free_bytes(directory: Path) -> int:
    try:
        return shutil.disk_usage(directory).free
    except OSError:
        return 1 << 30


class CacheError(Exception):
    """A cache read or write failed (the cache is best effort: callers carry on without it)."""


class CacheUnwritable(CacheError):
    """A write failed because of the machine, not the file (disk full, I/O error, read-only):
    the store stops writing for the rest of the run; ``str()`` is the one line to show."""


@dataclass
class _Target:
    location: str
    uri: bool
    wal: bool


class CacheStore:
    """The cache file at ``path`` (created 0600 in a 0700 directory)."""

    def __init__(self, path: Path | str, *, enforce_dir_mode: bool = False) -> None:
        self.path = Path(path)
        #: One-line warnings from opening (a file moved aside, a rebuilt cache …) for UI and CLI.
        self.warnings: list[str] = []
        self.in_memory = False
        #: Nothing is written this run (disk full, read-only file …); reads still work.
        self.read_only = False
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._keeper: sqlite3.Connection | None = None
        self._closed = False
        self._target = self._open(enforce_dir_mode)

    @classmethod
    def default_path(cls) -> Path:
        return Path(platformdirs.user_cache_dir(APP_NAME)) / FILE_NAME

    @classmethod
    def open_default(cls) -> CacheStore:
        """The user's cache (``platformdirs.user_cache_dir("sagemaker-tui")/cache.sqlite3``)."""
        return cls(cls.default_path(), enforce_dir_mode=True)

    @property
    def warning(self) -> str | None:
        """All opening warnings as one line (None when there were none)."""
        return " ".join(self.warnings) or None

    # -- opening ------------------------------------------------------------------------------
    def _open(self, enforce_dir_mode: bool) -> _Target:
        try:
            schema.secure_directory(self.path.parent, enforce=enforce_dir_mode)
        except OSError as exc:
            # A folder owned by another user (after a `sudo` run), a read-only file system …
            words = schema.unwritable_words(exc)
            if words == exc.strerror:
                words = f"cannot create the folder {self.path.parent} ({words})"
            return self._unwritable(schema.UnwritableCache(words))
        for attempt in (1, 2):
            inode = _inode(self.path)
            try:
                schema.secure_file(self.path)
                conn = schema.connect(str(self.path))
            except OSError as exc:  # never the file's fault: keep it
                return self._unwritable(schema.UnwritableCache(schema.unwritable_words(exc)))
            except sqlite3.Error as exc:
                bad = schema.damaged(exc) or _not_a_file(self.path)
                if attempt == 1 and bad and _inode(self.path) is not None:
                    self._move_aside(inode, str(exc))
                    continue
                return self._unwritable(schema.UnwritableCache(schema.unwritable_words(exc)))
            try:
                note = schema.ensure_schema(conn)
            except schema.UnwritableCache as exc:
                conn.close()
                return self._unwritable(exc)
            except schema.CorruptCache as exc:
                conn.close()
                if attempt == 1:
                    self._move_aside(inode, str(exc))
                    continue
                return self._memory(f"cannot rebuild {self.path} ({exc})")
            except schema.UnsupportedCache as exc:
                conn.close()
                return self._memory(str(exc))
            except sqlite3.OperationalError as exc:  # still locked after the busy timeout
                conn.close()
                return self._memory(f"{self.path} is locked by another process ({exc})")
            if note:
                self.warnings.append(note)
            schema.secure_file(self.path)  # the -wal/-shm files now exist: make sure of them too
            if not os.access(self.path, os.W_OK):  # a read-only file: say so now, once
                self.read_only = True
                self.warnings.append(str(schema.UnwritableCache("read-only file")))
            self._idle.append(conn)
            return _Target(str(self.path), uri=False, wal=True)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns

    def _move_aside(self, inode: int | None, reason: str) -> None:
        # Two instances starting together may both find the file bad: only the first moves it,
        # the second must not move the fresh file the first has just created in its place.
        if inode is not None and _inode(self.path) == inode:
            self.warnings.append(schema.move_aside(self.path, reason))

    def _unwritable(self, problem: schema.UnwritableCache) -> _Target:
        """The file cannot be written now (disk full, I/O error, not ours): it is kept as it is.
        Read it read-only when that works, else use a memory cache; one line either way."""
        if problem.words == "disk I/O error" and _free_bytes(self.path.parent) < 1 << 20:
            problem = schema.UnwritableCache("disk full")  # SQLite's word for a full disk, often
        from tui.log import logger  # only here: a cache read need not import logging

        logger(__name__).warning("%s", problem)
        quoted = urllib.parse.quote(str(self.path))
        # Read-only first; on a full disk WAL readers cannot map the -shm file, so then the main
        # file alone (immutable: what the last checkpoint wrote, which a clean exit makes all).
        for location in (f"file:{quoted}?mode=ro", f"file:{quoted}?immutable=1"):
            try:
                conn = schema.connect(location, uri=True)
            except (OSError, sqlite3.Error):
                continue
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                conn.execute("SELECT count(*) FROM scopes").fetchone()
            except (OSError, sqlite3.Error):
                conn.close()
                continue
            if version != schema.SCHEMA_VERSION:
                conn.close()
                break
            self.warnings.append(str(problem))
            self.read_only = True
            self._idle.append(conn)
            return _Target(location, uri=True, wal=False)
        return self._memory(str(problem), line=f"{problem}; using a memory cache for this run.")

    def _memory(self, reason: str, *, line: str | None = None) -> _Target:
        """A cache for this run only, when the file cannot be used at all."""
        from tui.log import logger  # only here: a cache read need not import logging

        logger(__name__).info("cache: %s", reason)
        self.warnings.append(
            line or f"The cache is unavailable: {reason}; using a memory cache for this run."
        )
        self.in_memory = True
        target = _Target(f"file:sagemaker-tui-{id(self)}-{next(_memory_ids)}?mode=memory&cache=shared",
                         uri=True, wal=False)
        # A shared in-memory database lives as long as one connection to it is open.
        self._keeper = schema.connect(target.location, uri=True)
        schema.ensure_schema(self._keeper, wal=False)
        return target

    @contextlib.contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._closed:
                raise CacheError("the cache is closed")
            conn = self._idle.pop() if self._idle else None
        try:
            if conn is None:
                conn = schema.connect(self._target.location, uri=self._target.uri)
            yield conn
        except sqlite3.Error as exc:
            if not schema.damaged(exc) and not (
                isinstance(exc, sqlite3.OperationalError) and schema._is_busy(exc)
            ):
                words = schema.unwritable_words(exc)
                if words in ("disk full", "disk I/O error", "read-only file", "no permission"):
                    self.read_only = True  # no more writes this run: one line, not one per write
                    raise CacheUnwritable(str(schema.UnwritableCache(words))) from exc
            raise CacheError(f"cache {type(exc).__name__}: {exc}") from exc
        except codec.CodecError as exc:
            raise CacheError(str(exc)) from exc
        finally:
            if conn is not None:
                with self._lock:
                    keep = not self._closed and len(self._idle) < POOL_SIZE and not conn.in_transaction
                    if keep:
                        self._idle.append(conn)
                if not keep:
                    conn.close()

    def connection(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A pooled connection for the cache's other tables (:mod:`tui.cache.log_store`); SQLite
        and codec failures come out as :class:`CacheError`."""
        return self._conn()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None

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
