"""The cache file's layout, its version, and what happens to a file of another version or a bad one.

The version lives in SQLite's ``PRAGMA user_version``. A file at another version is migrated when a
step is registered in :data:`MIGRATIONS`, otherwise its tables are dropped and recreated: a cache can
always be refetched, a misread one would show wrong data. A file that is not a readable database is
moved aside (``cache.sqlite3.corrupt-<UTC timestamp>``) and a fresh one created.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

SCHEMA_VERSION = 6
#: Milliseconds a writer waits for another process's write transaction before giving up.
BUSY_TIMEOUT_MS = 10_000
DIR_MODE = 0o700
FILE_MODE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")

TABLES = (
    "describes", "summaries", "listings", "contexts", "scopes", "metric_jobs", "metric_series",
    "log_streams", "log_chunks", "tuning_summaries", "tuning_jobs", "tags",
)
#: Version 4: the log events of training jobs (:mod:`tui.cache.log_store`).
LOG_DDL: tuple[str, ...] = (
    # One row per stream read: where forward reading resumes, and whether its end has been read
    # after the job finished (then the stream is complete and costs no call again).
    """CREATE TABLE log_streams (
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        job TEXT NOT NULL,
        stream TEXT NOT NULL,
        host TEXT NOT NULL,
        forward_token TEXT,
        events INTEGER NOT NULL DEFAULT 0,
        complete INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (scope_id, job, stream)
    ) WITHOUT ROWID""",
    # A stream's events from its head, in compressed chunks appended as they are read.
    """CREATE TABLE log_chunks (
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        job TEXT NOT NULL,
        stream TEXT NOT NULL,
        seq INTEGER NOT NULL,
        first_ts INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        count INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (scope_id, job, stream, seq)
    ) WITHOUT ROWID""",
)
DDL: tuple[str, ...] = (
    """CREATE TABLE scopes (
        id INTEGER PRIMARY KEY,
        endpoint TEXT NOT NULL,
        region TEXT NOT NULL,
        account TEXT NOT NULL,
        UNIQUE (endpoint, region, account)
    )""",
    # What is known before any call (profile, endpoint, region) -> the scope its responses carried.
    """CREATE TABLE contexts (
        profile TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        region TEXT NOT NULL,
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (profile, endpoint, region)
    )""",
    # One row per server-side filter combination ("" = unfiltered) listed in a scope.
    """CREATE TABLE listings (
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        filter_key TEXT NOT NULL,
        listed_at TEXT NOT NULL,
        complete_at TEXT,
        high_water TEXT,
        PRIMARY KEY (scope_id, filter_key)
    )""",
    """CREATE TABLE summaries (
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data BLOB NOT NULL,
        fetched_at TEXT NOT NULL,
        created TEXT,
        PRIMARY KEY (scope_id, name)
    ) WITHOUT ROWID""",
    """CREATE TABLE describes (
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data BLOB NOT NULL,
        fetched_at TEXT NOT NULL,
        status TEXT,
        instance_type TEXT,
        instance_count INTEGER,
        billable_seconds INTEGER,
        -- 1: a Search record (the describe minus what Search lacks), never served as a describe
        partial INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (scope_id, name)
    ) WITHOUT ROWID""",
    *LOG_DDL,
)

# Metric series of finished jobs (tui/cache/metrics.py): one row per job that says the set is
# complete (a job may have no series at all), one per series with its points as packed doubles.
METRICS_DDL = (
    """CREATE TABLE IF NOT EXISTS metric_jobs (
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (scope_id, name)
    )""",
    """CREATE TABLE IF NOT EXISTS metric_series (
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        metric TEXT NOT NULL,
        host TEXT NOT NULL,
        times BLOB NOT NULL,
        vals BLOB NOT NULL,
        UNIQUE (scope_id, name, metric, host)
    )""",
)
DDL = DDL + METRICS_DDL

# Hyperparameter tuning jobs (tui/cache/tuning_store.py): the listing's summaries, and per tuning
# job its describe with its training jobs' summaries (one row: they are shown together).
TUNING_DDL = (
    """CREATE TABLE IF NOT EXISTS tuning_summaries (
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data BLOB NOT NULL,
        created TEXT,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (scope_id, name)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS tuning_jobs (
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data BLOB NOT NULL,
        -- NULL: described by the list's refresh, training jobs not listed yet
        trials BLOB,
        status TEXT,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (scope_id, name)
    ) WITHOUT ROWID""",
)
DDL = DDL + TUNING_DDL

# A training job's tags as Search last returned them (tui/cache/tags_store.py): no describe has
# them, so the TAGS column shows them offline and after a restart.
TAGS_DDL = (
    """CREATE TABLE IF NOT EXISTS tags (
        scope_id INTEGER NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data BLOB NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (scope_id, name)
    ) WITHOUT ROWID""",
)
DDL = DDL + TAGS_DDL


def _add_metric_tables(conn: sqlite3.Connection) -> None:
    for statement in METRICS_DDL:
        conn.execute(statement)


#: ``{old version: step}``: each step upgrades a file from that version to the next, in place.
#: A version without a path up is rebuilt instead.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {}


def _add_partial_describes(conn: sqlite3.Connection) -> None:
    """1 -> 2: describes may be partial (Search records); every older row is a full describe."""
    conn.execute("ALTER TABLE describes ADD COLUMN partial INTEGER NOT NULL DEFAULT 0")


MIGRATIONS[1] = _add_partial_describes
MIGRATIONS[2] = _add_metric_tables


def _add_log_tables(conn: sqlite3.Connection) -> None:
    """3 -> 4: the log events of training jobs."""
    for statement in LOG_DDL:
        conn.execute(statement)


MIGRATIONS[3] = _add_log_tables


def _add_tuning_tables(conn: sqlite3.Connection) -> None:
    """4 -> 5: hyperparameter tuning jobs (:mod:`tui.cache.tuning_store`). Self-contained: the
    version it upgrades from may be renumbered without touching anything else."""
    for statement in TUNING_DDL:
        conn.execute(statement)


MIGRATIONS[4] = _add_tuning_tables


def _add_tags_table(conn: sqlite3.Connection) -> None:
    """5 -> 6: training jobs' tags from Search records (:mod:`tui.cache.tags_store`)."""
    for statement in TAGS_DDL:
        conn.execute(statement)


MIGRATIONS[5] = _add_tags_table


class CorruptCache(Exception):
    """The file is not a usable cache database (the message says why)."""


class UnwritableCache(Exception):
    """The file may well be good, but cannot be written here now: the disk is full, an I/O error,
    a read-only file or file system, no permission. Never a reason to move the file aside.
    ``str()`` is the one line to show (``cache: disk full, running without writing``)."""

    def __init__(self, words: str) -> None:
        super().__init__(f"cache: {words}, running without writing")
        self.words = words


# SQLite's primary result codes that mean the file itself is damaged; everything else (FULL,
# IOERR, READONLY, CANTOPEN, PERM, NOMEM …) is about this machine now, not about the file.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_WORDS = {13: "disk full", 10: "disk I/O error", 8: "read-only file", 14: "cannot open the file",
          3: "no permission", 7: "out of memory", 23: "no permission"}


def damaged(exc: sqlite3.Error) -> bool:
    """True when ``exc`` says the database file is damaged (not merely unwritable now)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()  # Python < 3.11: no error code on the exception
    return "malformed" in text or "not a database" in text or "corrupt" in text


def unwritable_words(exc: sqlite3.Error | OSError) -> str:
    """What stops the cache being written, in words (``disk full``)."""
    if isinstance(exc, OSError):
        import errno

        if exc.errno == errno.ENOSPC:
            return "disk full"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "no permission to write the cache folder (owned by another user?)"
        if exc.errno == errno.EROFS:
            return "read-only file system"
        return exc.strerror or str(exc)
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _WORDS:
        return _WORDS[code & 0xFF]
    text = str(exc).lower()
    if "full" in text:
        return "disk full"
    if "readonly" in text or "read-only" in text:
        return "read-only file"
    return str(exc)


class UnsupportedCache(Exception):
    """The file is fine but cannot be shared safely here (e.g. no WAL on this file system)."""


def secure_directory(directory: Path, *, enforce: bool) -> None:
    """Create ``directory`` 0700; with ``enforce``, also tighten an existing one we own."""
    existed = directory.is_dir()
    directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if (enforce or not existed) and _owned(directory):
        os.chmod(directory, DIR_MODE)


def secure_file(path: Path) -> None:
    """Create the database file (and tighten its side files) 0600 before SQLite opens it.

    SQLite creates -wal/-shm with the main file's permissions, so getting the main file right
    first is what keeps describe responses (role ARNs, environment variables) private.
    """
    # Only ever create the file here, never open an existing one: closing any descriptor of a
    # file drops every POSIX lock this process holds on it, SQLite's own included. A connection
    # already open in this process (another store, or the one _open has just made) would lose
    # its locks, and another process would then checkpoint and reset the WAL under it: lost
    # commits and a corrupt index (https://sqlite.org/howtocorrupt.html, section 2.2).
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        pass
    else:
        os.close(fd)
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            if _owned(candidate):
                os.chmod(candidate, FILE_MODE)


def _owned(path: Path) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or path.stat().st_uid == getuid()


def connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit and short)."""
    conn = sqlite3.connect(
        target,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
        uri=uri,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE: take the write lock up front, so a read never has to upgrade (and fail)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def ensure_schema(conn: sqlite3.Connection, *, wal: bool = True) -> str | None:
    """Bring the file to :data:`SCHEMA_VERSION`; a sentence when it had to be rebuilt.

    Raises :class:`CorruptCache` when the file is not a readable database, and
    :class:`UnsupportedCache` when it cannot be shared safely where it is.
    """
    try:
        if wal:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                # Not the file's fault (a network file system, say): keep it, use memory this run.
                raise UnsupportedCache(f"the file system does not support WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous = NORMAL")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == SCHEMA_VERSION:
            _check_readable(conn)
            return None
        with write_transaction(conn):
            # Re-read under the write lock: another instance may have just done this work.
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version == SCHEMA_VERSION:
                return None
            return _upgrade(conn, version)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
            raise
        if not damaged(exc):  # a full disk or an I/O error is not corruption: keep the file
            raise UnwritableCache(unwritable_words(exc)) from None
        raise CorruptCache(_in_words(exc)) from None


def _upgrade(conn: sqlite3.Connection, version: int) -> str | None:
    existing = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version == 0 and not existing:
        _create(conn)
        return None
    try:
        while version in MIGRATIONS and version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
    except sqlite3.OperationalError as exc:
        if _is_busy(exc) or not _contradicts_version(exc):
            raise
        # Its tables are not what its version says (a draft build wrote them): no step can be
        # trusted on it, and failing here would leave every run on a memory cache. Rebuilt, said.
        _rebuild(conn)
        return f"The cache's tables did not match its schema {version} ({exc}); it was rebuilt."
    if version == SCHEMA_VERSION:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return None
    _rebuild(conn)
    return f"The cache was written by another version (schema {version}); it was rebuilt."


#: SQLite's words for a migration step meeting tables other than its version's.
_CONTRADICTIONS = ("already exists", "duplicate column", "no such table", "no such column")


def _contradicts_version(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return any(words in text for words in _CONTRADICTIONS)


def _rebuild(conn: sqlite3.Connection) -> None:
    """Every table dropped (the ones a failed step made too), the current schema created."""
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for name in names:
        if not name.startswith("sqlite_"):
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    _create(conn)


def _create(conn: sqlite3.Connection) -> None:
    for statement in DDL:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _check_readable(conn: sqlite3.Connection) -> None:
    """Cheap checks that catch a damaged file at start rather than mid-session."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise CorruptCache(f"tables missing: {', '.join(missing)}")
    result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    if result != "ok":
        # SQLite's own words (`*** in database main ***`, page numbers) mean nothing to a user.
        raise CorruptCache("it failed SQLite's integrity check")


def _in_words(exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "not a database" in text:
        return "it is not a database file"
    if "malformed" in text or "corrupt" in text:
        return "the database file is damaged"
    return str(exc)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def move_aside(path: Path, reason: str, now: datetime | None = None) -> str:
    """Rename a bad cache file (and its side files) out of the way; the warning line to show."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    with contextlib.suppress(FileNotFoundError):
        os.replace(path, target)
    for suffix in SIDE_FILES:
        side = Path(f"{path}{suffix}")
        with contextlib.suppress(FileNotFoundError):
            if suffix == "-shm":
                side.unlink()  # shared-memory index: meaningless without its database
            else:
                os.replace(side, Path(f"{target}{suffix}"))
    return (
        f"The cache file was unreadable ({_short(reason)}); "
        f"moved it to {target.name} and started a new one."
    )


def _short(reason: str) -> str:
    line = reason.strip().splitlines()[0] if reason.strip() else "unknown error"
    return line[:120]
