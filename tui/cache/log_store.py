"""Log events of training jobs in the cache file (tables ``log_streams`` and ``log_chunks``).

Each stream's events are kept from its head, in order, as zlib-compressed chunks appended as they
are read, with the forward token to resume from. A stream read to its end after its job finished is
``complete``: reopening the log then costs no call and works offline. Chunks are small enough to
decode one at a time, so the newest screenful of a long log is read from the last chunks alone.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tui.cache import schema
from tui.cache.queries import to_ts
from tui.cache.scope import Scope
from tui.cache.store import CacheError, CacheStore

#: Events per chunk: a small trailing chunk is merged with the next events until it holds this many.
CHUNK_EVENTS = 2_000
_SCOPE = "(SELECT id FROM scopes WHERE endpoint = ? AND region = ? AND account = ?)"

Row = tuple[int, str]


@dataclass(frozen=True)
class CachedStream:
    """What the cache knows of one stream."""

    stream: str
    host: str
    forward_token: str | None
    events: int
    complete: bool


def encode_events(events: Sequence[Row]) -> bytes:
    return zlib.compress(json.dumps(events, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def decode_events(data: bytes) -> list[Row]:
    try:
        rows = json.loads(zlib.decompress(data).decode("utf-8"))
    except (zlib.error, ValueError, UnicodeDecodeError) as exc:
        raise CacheError(f"a cached log chunk is damaged ({exc})") from None
    return [(int(ts), str(msg)) for ts, msg in rows]


def _key(scope: Scope) -> tuple[str, str, str]:
    return (scope.endpoint, scope.region, scope.account)


class LogStore:
    """Reads and appends cached log events (every method may raise :class:`CacheError`)."""

    def __init__(self, store: CacheStore) -> None:
        self.store = store

    def streams(self, scope: Scope, job: str) -> list[CachedStream]:
        with self.store.connection() as conn:
            rows = conn.execute(
                f"SELECT stream, host, forward_token, events, complete FROM log_streams"
                f" WHERE scope_id = {_SCOPE} AND job = ? ORDER BY stream",
                (*_key(scope), job),
            ).fetchall()
        return [CachedStream(s, h, t, int(n), bool(c)) for s, h, t, n, c in rows]

    def events(self, scope: Scope, job: str, stream: str, *, newest: int | None = None) -> list[Row]:
        """The stream's cached events oldest first; ``newest``: only (at least) the last ``newest``,
        decoding no more chunks than needed."""
        with self.store.connection() as conn:
            cursor = conn.execute(
                f"SELECT data, count FROM log_chunks WHERE scope_id = {_SCOPE} AND job = ? AND stream = ?"
                " ORDER BY seq DESC",
                (*_key(scope), job, stream),
            )
            chunks: list[bytes] = []
            held = 0
            for data, count in cursor:
                chunks.append(data)
                held += int(count)
                if newest is not None and held >= newest:
                    break
        rows: list[Row] = []
        for data in reversed(chunks):
            rows.extend(decode_events(data))
        if newest is not None and len(rows) > newest:
            rows = rows[-newest:]
        return rows

    def events_beyond(
        self, scope: Scope, job: str, stream: str, *, before: int | None = None, after: int | None = None,
        limit: int,
    ) -> list[Row]:
        """Up to ``limit`` events just before the time ``before`` (the newest of them) or just after
        ``after`` (the oldest), oldest first, decoding only the chunks that hold them."""
        if (before is None) == (after is None):
            raise ValueError("give before or after")
        if before is not None:
            where, order, edge = "first_ts < ?", "DESC", before
        else:
            where, order, edge = "last_ts > ?", "ASC", after or 0
        with self.store.connection() as conn:
            cursor = conn.execute(
                f"SELECT data, count FROM log_chunks WHERE scope_id = {_SCOPE} AND job = ? AND stream = ?"
                f" AND {where} ORDER BY seq {order}",
                (*_key(scope), job, stream, edge),
            )
            chunks: list[bytes] = []
            held = 0
            for data, count in cursor:
                chunks.append(data)
                held += int(count)
                if held >= limit + CHUNK_EVENTS:  # the edge chunk may hold events on the other side
                    break
        if before is not None:
            rows = [row for data in reversed(chunks) for row in decode_events(data) if row[0] < before]
            return rows[-limit:]
        rows = [row for data in chunks for row in decode_events(data) if row[0] > (after or 0)]
        return rows[:limit]

    def append(
        self,
        scope: Scope,
        job: str,
        stream: str,
        host: str,
        events: Sequence[Row],
        *,
        forward_token: str | None,
        complete: bool,
        at: datetime,
    ) -> None:
        """Add ``events`` (read forward, after what is cached) and move the stream's token on."""
        with self.store.connection() as conn, schema.write_transaction(conn):
            conn.execute(
                "INSERT OR IGNORE INTO scopes (endpoint, region, account) VALUES (?, ?, ?)", _key(scope)
            )
            scope_id = int(
                conn.execute(
                    "SELECT id FROM scopes WHERE endpoint = ? AND region = ? AND account = ?", _key(scope)
                ).fetchone()[0]
            )
            if events:
                self._append_chunks(conn, scope_id, job, stream, list(events))
            conn.execute(
                "INSERT INTO log_streams (scope_id, job, stream, host, forward_token, events, complete,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope_id, job, stream) DO UPDATE"
                " SET forward_token = excluded.forward_token, events = events + excluded.events,"
                " complete = excluded.complete, updated_at = excluded.updated_at",
                (scope_id, job, stream, host, forward_token, len(events), int(complete), to_ts(at)),
            )

    @staticmethod
    def _append_chunks(
        conn: sqlite3.Connection, scope_id: int, job: str, stream: str, events: list[Row]
    ) -> None:
        last = conn.execute(
            "SELECT seq, count, data FROM log_chunks WHERE scope_id = ? AND job = ? AND stream = ?"
            " ORDER BY seq DESC LIMIT 1",
            (scope_id, job, stream),
        ).fetchone()
        seq = 0
        if last is not None:
            seq = int(last[0])
            if int(last[1]) < CHUNK_EVENTS:
                # Top the small trailing chunk up rather than keep many tiny ones (follow mode).
                events = decode_events(last[2]) + events
                conn.execute(
                    "DELETE FROM log_chunks WHERE scope_id = ? AND job = ? AND stream = ? AND seq = ?",
                    (scope_id, job, stream, seq),
                )
            else:
                seq += 1
        for start in range(0, len(events), CHUNK_EVENTS):
            part = events[start : start + CHUNK_EVENTS]
            conn.execute(
                "INSERT INTO log_chunks (scope_id, job, stream, seq, first_ts, last_ts, count, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (scope_id, job, stream, seq, part[0][0], part[-1][0], len(part), encode_events(part)),
            )
            seq += 1

    def forget(self, scope: Scope, job: str) -> None:
        with self.store.connection() as conn, schema.write_transaction(conn):
            for table in ("log_chunks", "log_streams"):
                conn.execute(
                    f"DELETE FROM {table} WHERE scope_id = {_SCOPE} AND job = ?", (*_key(scope), job)
                )
