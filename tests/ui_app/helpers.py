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


def select_code_points(view, text: str, start: int, end: int) -> None:
    """Select code points [start, end) in the article view, as a mouse drag would
    (positions computed here, independently of annotator.ui.article.offsets)."""
    from PySide6.QtGui import QTextCursor

    cursor = view.textCursor()
    cursor.setPosition(len(text[:start].encode("utf-16-le")) // 2)
    cursor.setPosition(len(text[:end].encode("utf-16-le")) // 2, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
