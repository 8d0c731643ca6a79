"""The cache file opened safely, and its connections: the half of :class:`~tui.cache.store.CacheStore`
that knows files, not jobs.

Opening never fails: a damaged file is moved aside and rebuilt, a file that cannot be written now
(disk full, read-only, not ours) is read without writing, and if even that is impossible the run
gets an in-memory cache; either way :attr:`StoreFile.warnings` holds the one line to show. A small
pool of connections serves several threads (a connection is used by one thread at a time); SQLite
and codec failures come out of :meth:`StoreFile.connection` as :class:`CacheError`.
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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.cache import codec, schema

#: Idle connections kept for reuse; more are opened when more threads read at once.
POOL_SIZE = 4
_memory_ids = itertools.count(1)


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


class StoreFile:
    """The cache file at ``path`` (created 0600 in a 0700 directory), opened, and its connections."""

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
