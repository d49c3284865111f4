"""Tells background work when the analyst is at the keyboard or mouse
(`core.foreground`): one application-wide event filter that notes key presses, clicks
and wheel turns, so a worker computing suggestions pauses while a key press is being
answered instead of taking turns with it for the interpreter lock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from annotator.core.foreground import note_input

_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                    QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel,
                    QEvent.Type.ShortcutOverride})


class InputWatch(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            note_input()
        return False


def watch_input(app: QApplication) -> None:
    """Install the filter once per application (every window shares it)."""
    if app.findChild(InputWatch) is None:
        app.installEventFilter(InputWatch(app))
