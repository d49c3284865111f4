"""An uncaught exception in the window becomes a dialog, not a silent death or a traceback.

The traceback goes to a crash log (annotator.crashlog); the dialog says what happened,
where the log is, and that the work is safe: the store commits every edit as it is made,
so the only duty here is to keep the window alive instead of exiting abruptly.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.crashlog import write_crash_log


def describe(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> str:
    """'ValueError: bad value (in store.py, line 12, in add_span)': what and where, one line."""
    what = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
    frames = traceback.extract_tb(tb) if tb is not None else []
    if not frames:
        return what
    last = frames[-1]
    return f"{what} (in {Path(last.filename).name}, line {last.lineno}, in {last.name})"


class CrashHandler(QObject):
    """The sys.excepthook of the window: log the crash, tell the user, keep running."""

    sig_crashed = Signal(str)
    """The message shown to the user, after the crash log was written."""

    def __init__(self, app: QApplication, *, blocking: bool = True):
        super().__init__(app)
        self.blocking = blocking  # tests pass False: the box opens without a nested loop
        self.box: QMessageBox | None = None
        self.log_path: Path | None = None
        self._previous = sys.excepthook

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous(exc_type, exc, tb)
            return
        try:
            self.log_path = write_crash_log(exc_type, exc, tb)
            where = f"A report was written to:\n{self.log_path}"
        except OSError as err:  # a full disk must not hide the original error
            self.log_path = None
            where = f"The crash report could not be written ({err})."
        message = (
            f"Something went wrong: {describe(exc_type, exc, tb)}\n\n"
            "Your work is safe: every edit was saved to the database as you made it. "
            "You can keep working, or restart the app if it misbehaves.\n\n"
            f"{where}\nPlease send it to whoever looks after the app."
        )
        if self.box is not None and self.box.isVisible():
            self.box.setText(message)  # a burst of errors updates one dialog, not a pile
        else:
            self._show(message)
        self.sig_crashed.emit(message)

    def _show(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error", message,
                          QMessageBox.StandardButton.Ok, QApplication.activeWindow())
        box.setAccessibleName("Unexpected error")
        box.setEscapeButton(QMessageBox.StandardButton.Ok)  # Esc and close() still work
        if self.log_path is not None:
            folder = self.log_path.parent
            button = box.addButton("Open &log folder", QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        self.box = box
        if self.blocking:
            box.exec()
        else:
            box.open()

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous


def install_excepthook(app: QApplication, *, blocking: bool = True) -> CrashHandler:
    """Route uncaught exceptions (including those raised in Qt slots) to a CrashHandler."""
    handler = CrashHandler(app, blocking=blocking)
    sys.excepthook = handler
    return handler
