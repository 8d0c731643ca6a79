"""Training jobs' tags in the cache file (table ``tags``).

No DescribeTrainingJob response has a job's tags; Search records do (the change feed, ``--where``,
a comparison). They are kept per job as Search last returned them, so the list's TAGS column shows
them offline and after a restart, not only for the jobs Search returned this session.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tui.cache import schema
from tui.cache.codec import decode, encode
from tui.cache.queries import to_ts
from tui.cache.scope import Scope
from tui.cache.store import CacheStore

_SCOPE = "SELECT id FROM scopes WHERE endpoint = ? AND region = ? AND account = ?"


def put_tags(store: CacheStore, scope: Scope, tags: Mapping[str, Any], fetched_at: datetime) -> None:
    """Store each job's tags (a list of ``{"Key", "Value"}``, an empty list included), replacing
    what was held for it."""
    if store.read_only or not tags:
        return
    stamp = to_ts(fetched_at)
    with store._conn() as conn, schema.write_transaction(conn):
        scope_id = store._scope_id(conn, scope)
        conn.executemany(
            "INSERT OR REPLACE INTO tags (scope_id, name, data, fetched_at) VALUES (?, ?, ?, ?)",
            [(scope_id, name, encode(value), stamp) for name, value in tags.items()],
        )


def get_tags(store: CacheStore, scope: Scope) -> dict[str, Any]:
    """Every cached job's tags in the scope, by job name."""
    with store._conn() as conn:
        rows = conn.execute(
            f"SELECT name, data FROM tags WHERE scope_id = ({_SCOPE})",
            (scope.endpoint, scope.region, scope.account),
        ).fetchall()
    return {name: decode(data) for name, data in rows}
