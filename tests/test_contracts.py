"""The contracts of docs/architecture.md checked the way an outside acceptance test would:
through `build_window`, the object names, real key presses and a separate sqlite3
connection."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QWidget

from annotator import paths
from annotator.app import build_window
from annotator.assets import sample_paths


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _live_spans(db) -> list[tuple[int, int, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute('SELECT start, "end", label FROM spans WHERE deleted = 0 '
                            "ORDER BY start").fetchall()
    finally:
        conn.close()


def _select(view, text: str, sub: str) -> tuple[int, int]:
    """Select `sub` in the view with a QTextCursor (UTF-16 positions), as a test would."""
    start = text.index(sub)
    cursor = view.textCursor()
    cursor.setPosition(_utf16(text[:start]))
    cursor.setPosition(_utf16(text[:start + len(sub)]), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    return start, start + len(sub)


def test_window_on_the_default_database_opens_with_the_samples(qtbot, monkeypatch, tmp_path):
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    default = paths.default_db_path()
    default.parent.mkdir(parents=True, exist_ok=True)
    window = build_window(default, "alice")
    qtbot.addWidget(window)
    rows = window.findChild(QAbstractItemView, "documentList").model().rowCount()
    assert rows == len(sample_paths()) > 0

    named = build_window(tmp_path / "named.sqlite", "alice")  # a named database: no samples
    qtbot.addWidget(named)
    assert named.findChild(QAbstractItemView, "documentList").model().rowCount() == 0


def test_delete_removes_the_span_whose_text_is_selected(qtbot, two_docs_db):
    window = build_window(two_docs_db, "alice")
    qtbot.addWidget(window)
    view = window.findChild(QWidget, "articleView")
    text = view.toPlainText()
    assert "Zoë Kovač" in text  # the CRLF/emoji/Arabic sample opens first
    labeled = _select(view, text, "Fuad Hussein 🇮🇶")
    qtbot.keyClick(view, Qt.Key.Key_1)
    _select(view, text, "Zoë Kovač")
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing selected now
    assert _live_spans(two_docs_db) == [(*labeled, "ACTOR")]

    _select(view, text, "Fuad Hussein 🇮🇶")  # select the span's text again, then Delete
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert _live_spans(two_docs_db) == []
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _live_spans(two_docs_db) == [(*labeled, "ACTOR")]

    cursor = view.textCursor()  # the caret inside a span, no selection: that span
    cursor.setPosition(_utf16(text[:labeled[0] + 3]))
    view.setTextCursor(cursor)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert _live_spans(two_docs_db) == []
