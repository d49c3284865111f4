"""The first-start note: the three keys that matter, shown once, gone after "Got it".

It sits in its own strip just above the widget it is given (the article view), so it
never covers the article's first lines; a widget with no layout around it gets it floating
in its top-right corner instead. Dismissing it records `first_start_seen` in the
settings, so it never comes back, and gives the keyboard back to that widget (the article),
not to whatever comes next in the tab order.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.settings import load_settings, save_settings

FLAG = "first_start_seen"
MESSAGE = "Select text · press 1/2/3 · Ctrl+Return when done"
_DETAIL = ("<b>1</b> Actor &nbsp; <b>2</b> Event &nbsp; <b>3</b> Quote<br>"
           "Every edit is saved at once. Help &gt; Keyboard shortcuts lists the rest.")
_MARGIN = 12


def should_show(settings: Mapping[str, Any]) -> bool:
    """True until the analyst has dismissed the note once."""
    return not settings.get(FLAG, False)


class FirstStartNote(QFrame):
    """A small dismissable note; an overlay on `parent` when it has one."""

    sig_dismissed = Signal()
    """The analyst pressed "Got it" (the flag is already saved)."""

    def __init__(self, parent: QWidget | None = None, settings_path: Path | None = None):
        super().__init__(parent)
        self._path = settings_path
        self._target = parent  # where the keyboard goes back to on "Got it"
        self._floating = True
        self.setObjectName("firstStartNote")
        self.setAccessibleName("Getting started")
        self.setAccessibleDescription(MESSAGE)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)  # palette roles: follows light and dark themes
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)

        self.message = QLabel(f"<b>{MESSAGE}</b>")
        self.message.setAccessibleName(MESSAGE)
        self.detail = QLabel(_DETAIL)
        self.detail.setAccessibleName("Label keys: 1 Actor, 2 Event, 3 Quote")
        self.setFont(QApplication.font())  # the UI's font, not the article's it floats over
        self.detail.setWordWrap(True)  # a narrow article pane wraps it instead of cutting it
        for label in (self.message, self.detail):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.button = QPushButton("&Got it")
        self.button.setAccessibleName("Got it, hide this note")
        self.button.clicked.connect(self.dismiss)

        text = QVBoxLayout()
        text.addWidget(self.message)
        text.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addLayout(text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        if parent is not None:
            host = parent.parentWidget()
            layout = host.layout() if host is not None else None
            if layout is not None and layout.indexOf(parent) >= 0:
                self._floating = False  # a strip of its own above the text
                self.setParent(host)
                layout.insertWidget(layout.indexOf(parent), self)
            else:
                parent.installEventFilter(self)
                self._place()

    def dismiss(self) -> None:
        """Remember the note was seen, hide it and tell the window."""
        settings = load_settings(self._path)
        settings[FLAG] = True
        save_settings(settings, self._path)
        had_focus = self.isAncestorOf(QApplication.focusWidget()) \
            if QApplication.focusWidget() else True
        self.hide()
        if self._target is not None and had_focus:
            self._target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_dismissed.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._floating and watched is self.parentWidget() and \
                event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        """Top-right corner of the parent, as wide as the text needs (never wider than it)."""
        parent = self.parentWidget()
        self.adjustSize()
        width = min(self.sizeHint().width(), max(parent.width() - 2 * _MARGIN, 0))
        self.resize(width, self.heightForWidth(width) if self.hasHeightForWidth()
                    else self.sizeHint().height())
        self.move(max(parent.width() - self.width() - _MARGIN, 0), _MARGIN)
        self.raise_()


def show_first_start(parent: QWidget, settings_path: Path | None = None) -> FirstStartNote | None:
    """Show the note over `parent` if this analyst has not dismissed it yet."""
    if not should_show(load_settings(settings_path)):
        return None
    note = FirstStartNote(parent, settings_path)
    note.show()
    return note
