"""The QApplication with the app's name, so Qt settings and dialogs say "annotator"."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("annotator")
    app.setApplicationDisplayName("Annotator")
    app.setOrganizationName("annotator")
    return app
