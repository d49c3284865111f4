"""Helpers for the rich-annotation window tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from window_helpers import find, label, point_of  # noqa: F401 - re-exported


def click_span(qtbot, view, start: int) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, start + 1))


def wait_suggestions(qtbot, window) -> list:
    sugg = window.rich.suggestions
    qtbot.waitUntil(lambda: not sugg.pending, timeout=10_000)
    return sugg.shown
