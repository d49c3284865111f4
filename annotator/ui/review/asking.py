"""Questions review mode asks before doing what the reviewer may not mean: accepting a link
whose end was rejected, marking a document reviewed with items still undecided.

Qt's own question box (`QMessageBox.question`, Yes / No, No by default), so a test answers
it the way a user does: by clicking Yes or No once it shows
(`QApplication.activeModalWidget()`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def ask(parent: QWidget, title: str, text: str) -> bool:
    """True when the reviewer answered Yes; No, Esc or closing the box say no."""
    return QMessageBox.question(parent, title, text, YES | NO, NO) == YES
