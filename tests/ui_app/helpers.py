"""Helpers shared by the app-level window tests."""

from __future__ import annotations

import sqlite3

from PySide6.QtGui import QAction


def action(window, text: str) -> QAction:
    """The window's action whose text (without '&' and '…') is `text`."""
    for act in window.findChildren(QAction):
        if act.text().replace("&", "").rstrip("…") == text:
            return act
    raise LookupError(f"no action {text!r}")


def dump(db_path) -> list[str]:
    """Every row of the database as SQL, to compare before and after."""
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
