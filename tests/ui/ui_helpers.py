"""Helpers shared by the window tests (computed without annotator.ui, to check it)."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor


def utf16(text: str, cp: int) -> int:
    """Qt position of a code point offset, computed independently of
    annotator.ui.article.offsets."""
    return len(text[:cp].encode("utf-16-le")) // 2


def select(view, text: str, start: int, end: int) -> None:
    """Select code points [start, end) in the article view, as a mouse drag would."""
    cursor = view.textCursor()
    cursor.setPosition(utf16(text, start))
    cursor.setPosition(utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def label_piece(qtbot, view, text: str, piece: str, key) -> int:
    """Select the first `piece` of the text and press `key` on the view; returns its start."""
    start = text.index(piece)
    select(view, text, start, start + len(piece))
    qtbot.keyClick(view, key)
    return start
