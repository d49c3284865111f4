"""Driving the article view as a user would, shared by the window test folders: find a
piece of text, label exact code points with a key, point at a code point on screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return i, i + len(needle)


def label(qtbot, window, start: int, end: int, key=Qt.Key.Key_1) -> str:
    """Select [start, end) exactly and press a label key (Alt: no snapping); the new id."""
    window.view.select_range(start, end)
    qtbot.keyClick(window.view, key, Qt.KeyboardModifier.AltModifier)
    return window.editor.view.selected_id


def point_of(view, cp: int) -> QPoint:
    """Where code point `cp` is drawn in the article's viewport (scrolled into view)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.mapper.to_qt(cp))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    return QPoint(rect.x() + 3, rect.center().y())
