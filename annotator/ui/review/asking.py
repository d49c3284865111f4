"""Questions review mode asks before doing what the reviewer may not mean: accepting a link
whose end was rejected, marking a document reviewed with items still undecided.

A real modal question box (Qt's own), so a test answers it the way a user does: by
clicking one of its buttons once it shows (`QApplication.activeModalWidget()`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget, title: str, text: str, yes: str, no: str = "Cancel") -> bool:
    """True when the reviewer chose `yes`; Esc, closing or `no` say no."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("reviewQuestion")
    go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    stop = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stop)
    box.setEscapeButton(stop)
    box.exec()
    return box.clickedButton() is go
