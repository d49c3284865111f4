"""Which documents are marked as near-duplicates: cheap reads for `stats` and the list.

Kept apart from `near_duplicates.py` so that these reads do not import numpy (the command
line stays light on a database that is up to date).
"""

from __future__ import annotations

import sqlite3

META_KEY = "near_duplicate_of"


def count_marked(conn: sqlite3.Connection) -> int:
    """Documents marked as near-duplicates of another (for `stats`)."""
    return conn.execute("SELECT count(*) FROM near_duplicates").fetchone()[0]


def marked_pks(conn: sqlite3.Connection) -> set[int]:
    """The rows of documents marked as near-duplicates (the list hides them on request)."""
    return {r[0] for r in conn.execute("SELECT doc FROM near_duplicates")}
