"""Long work (import, export, merge, suggestions, agreement) off the UI thread.

A job is a plain callable `job(progress, cancel_token) -> result`, so the same code runs
from the command line. `JobRunner` runs it on its own worker thread, shows a progress
dialog with Cancel, and reports back on the UI thread through signals. A failure becomes
a message box with the reason (an `AnnotatorError`'s message; for a bug, where the crash
log is), never a traceback. Work that writes must do so in one store transaction and call
`progress` or `cancel_token.check()` inside it, so a cancel or an error rolls it all back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.jobs import Cancelled, CancelToken
from annotator.store.changes import Change

Progress = Callable[..., None]  # progress(done, total=None): same shape as the pipeline's
Job = Callable[[Progress, CancelToken], Any]

_EMIT_INTERVAL = 0.05  # seconds between progress signals, so a fast loop cannot flood the UI


class StoreJob:
    """A job that opens its own `Store(db_path)` in the worker thread and closes it after.

    The window's store connection stays with the UI thread, and its listeners do not hear
    this connection: the job keeps the change notices its store announced (`changes`), and
    a `JobRunner` given `notices` hands them to the window when the job succeeds, so the
    window follows a job's writes as it follows its own (docs/window.md)."""

    def __init__(self, db_path: str | Path, work: Callable[[Any, Progress, CancelToken], Any]):
        self.db_path, self.work = db_path, work
        self.changes: list[Change] = []

    def __call__(self, progress: Progress, token: CancelToken) -> Any:
        from annotator.store import Store

        store = Store(self.db_path)
        store.subscribe(self.changes.append)  # committed writes only
        try:
            return self.work(store, progress, token)
        finally:
            store.close()


def with_store(db_path: str | Path, work: Callable[[Any, Progress, CancelToken], Any]) -> Job:
    """The job `work(store, progress, token)` on a Store of its own (see StoreJob)."""
    return StoreJob(db_path, work)


class _Relay(QObject):
    """Lives on the UI thread; the worker emits through it, so slots run on the UI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Worker(QRunnable):
    def __init__(self, job: Job, token: CancelToken, relay: _Relay):
        super().__init__()
        self.job, self.token, self.relay = job, token, relay
        self._last_emit = 0.0

    def progress(self, done: int, total: int | None = None) -> None:
        """Given to the job: checks for Cancel (raising inside the job), then reports."""
        self.token.check()
        now = time.monotonic()
        if now - self._last_emit >= _EMIT_INTERVAL or (total is not None and done >= total):
            self._last_emit = now
            self.relay.progressed.emit(done, -1 if total is None else total)

    def run(self) -> None:
        try:
            self.token.check()
            result = self.job(self.progress, self.token)
        except Cancelled:
            self.relay.cancelled.emit()
        except AnnotatorError as exc:
            self.relay.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 (a bug: log the traceback, say where)
            from annotator.crashlog import write_crash_log

            log = write_crash_log(type(exc), exc, exc.__traceback__)
            self.relay.failed.emit(f"Unexpected error: {exc}\n\nDetails were written to {log}")
        else:
            self.relay.succeeded.emit(result)


class JobRunner(QObject):
    """Runs one job at a time off the UI thread, with a progress dialog and Cancel."""

    sig_progress = Signal(int, int)
    """(done, total); total is -1 when unknown. For a status-bar progress bar."""
    sig_finished = Signal(object)
    """The job's result, on the UI thread."""
    sig_failed = Signal(str)
    """The message shown to the user (the message box is shown too, unless turned off)."""
    sig_cancelled = Signal()
    """The job stopped because the user pressed Cancel; its transaction was rolled back."""
    sig_done = Signal()
    """Emitted last, whatever the outcome."""

    def __init__(self, parent: QWidget | None = None, *, show_dialog: bool = True,
                 show_errors: bool = True,
                 notices: Callable[[list[Change]], None] | None = None):
        super().__init__(parent)
        self.notices = notices  # where a StoreJob's change notices go when it succeeds
        self._job: Job | None = None
        self._parent_widget = parent
        self.show_dialog = show_dialog
        self.show_errors = show_errors
        self.dialog: QProgressDialog | None = None
        self.error_box: QMessageBox | None = None
        self._token: CancelToken | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_progress)
        self._relay.succeeded.connect(self._on_success)
        self._relay.failed.connect(self._on_failure)
        self._relay.cancelled.connect(self._on_cancelled)

    def is_running(self) -> bool:
        return self._token is not None

    def start(self, job: Job, title: str = "Working…") -> CancelToken:
        """Start `job(progress, cancel_token)` on the worker thread; returns its token."""
        if self._token is not None:
            raise RuntimeError("a job is already running")
        self._token = CancelToken()
        self._job = job
        if self.show_dialog:
            self.dialog = self._make_dialog(title)
        self._pool.start(_Worker(job, self._token, self._relay))
        return self._token

    def cancel(self) -> None:
        """Ask the running job to stop at its next progress report or check()."""
        if self._token is not None:
            self._token.cancel()
            if self.dialog is not None:
                self.dialog.setLabelText("Cancelling…")

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker thread is idle (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def _make_dialog(self, title: str) -> QProgressDialog:
        dialog = QProgressDialog(title, "&Cancel", 0, 0, self._parent_widget)
        dialog.setWindowTitle(title)
        dialog.setAccessibleName(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # short jobs finish without a flashing dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)
        return dialog

    def _on_progress(self, done: int, total: int) -> None:
        # A local: a modal dialog's setValue() runs the event loop, where the job may end
        # and `self.dialog` become None before the next line.
        dialog = self.dialog
        if dialog is not None and not self._token_cancelled():
            if total > 0:
                dialog.setRange(0, total)
                dialog.setValue(min(done, total))
                dialog.setLabelText(f"{done:,} of {total:,}")
            else:
                dialog.setRange(0, 0)
                dialog.setLabelText(f"{done:,} done")
        self.sig_progress.emit(done, total)

    def _token_cancelled(self) -> bool:
        return self._token is not None and self._token.cancelled

    def _finish(self) -> None:
        self._token = None
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _on_success(self, result: object) -> None:
        job, self._job = self._job, None
        self._finish()
        if self.notices is not None and isinstance(job, StoreJob) and job.changes:
            self.notices(job.changes)  # the window catches up before it hears the result
        self.sig_finished.emit(result)
        self.sig_done.emit()

    def _on_cancelled(self) -> None:
        self._job = None
        self._finish()
        self.sig_cancelled.emit()
        self.sig_done.emit()

    def _on_failure(self, message: str) -> None:
        self._job = None
        self._finish()
        if self.show_errors:
            box = QMessageBox(QMessageBox.Icon.Warning, "Could not finish", message,
                              QMessageBox.StandardButton.Ok, self._parent_widget)
            box.setAccessibleName("Error message")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.destroyed.connect(self._forget_error_box)
            self.error_box = box
            box.open()
        self.sig_failed.emit(message)
        self.sig_done.emit()

    def _forget_error_box(self) -> None:
        self.error_box = None
