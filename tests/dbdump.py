"""The whole content of a database as SQL text: "nothing changed" means equal dumps."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def dump(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()
