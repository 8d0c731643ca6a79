"""Cache files as older versions of the app left them: a current file with what came later taken out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: What each schema version added, newest first (tui/cache/schema.py's MIGRATIONS, in reverse).
ADDED = {
    6: ("DROP TABLE tags",),
    5: ("DROP TABLE tuning_jobs", "DROP TABLE tuning_summaries"),
    4: ("DROP TABLE log_chunks", "DROP TABLE log_streams"),
    3: ("DROP TABLE metric_series", "DROP TABLE metric_jobs"),
    2: ("ALTER TABLE describes DROP COLUMN partial",),
}


def rewind(path: Path, version: int) -> None:
    """Make the cache file at ``path`` look as version ``version`` wrote it."""
    conn = sqlite3.connect(path)
    for added in sorted(ADDED, reverse=True):
        if added > version:
            for statement in ADDED[added]:
                conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
