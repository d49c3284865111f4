"""File > Import… and File > Export…: dialogs over `transfer.pipeline`, run off the UI thread.

The dialogs only collect a request; the work is the same `import_paths` / `export` the
command line runs, wrapped by `jobs.with_store` so it opens its own Store in the worker
thread: one transaction for an import (Cancel or an error rolls it all back), and an export
whose files appear only when complete. An import's change notices reach the window's
listeners when it ends (`Refresher.deliver`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog

from annotator.settings import load_settings
from annotator.transfer.pipeline import ExportRequest, export, import_paths
from annotator.ui.dialogs.transfer_dialogs import ExportDialog, ImportDialog, extra_missing
from annotator.ui.shell.actions import Action
from annotator.ui.shell.context import WindowContext
from annotator.ui.shell.jobs import Job, JobRunner, with_store

__all__ = ["ExportDialog", "ImportDialog", "ImportExport", "export_job", "extra_missing",
           "import_job", "install"]


def import_job(db_path: str | Path, paths: list[str], fmt: str, annotator: str) -> Job:
    """The import as a job: its own Store, one transaction, Cancel rolls it back."""
    return with_store(db_path, lambda store, progress, token: import_paths(
        store, paths, fmt, annotator, progress, token))


def export_job(db_path: str | Path, request: ExportRequest) -> Job:
    """The export as a job: its own Store; output appears only when complete."""
    return with_store(db_path, lambda store, progress, token: export(
        store, request, progress, token))


class ImportExport(QObject):
    """The File menu's Import and Export for one window: dialogs, the job, the outcome."""

    sig_imported = Signal(object)
    """An import finished (its ImportSummary); the window has reloaded."""
    sig_exported = Signal(object)
    """An export finished (its ExportReport)."""

    def __init__(self, ctx: WindowContext):
        super().__init__(ctx.window)
        self.ctx, self.window = ctx, ctx.window
        self.runner = JobRunner(ctx.window, notices=ctx.refresher.deliver)
        self.runner.sig_finished.connect(self._finished)
        self.runner.sig_cancelled.connect(lambda: self._say("Cancelled: nothing was changed."))
        self.dialog: QDialog | None = None
        self._kind = ""
        self.last_message = ""

    # -- dialogs ------------------------------------------------------------------------

    def import_dialog(self) -> ImportDialog:
        dialog = ImportDialog(self.window)
        dialog.accepted.connect(lambda: self.start_import(dialog.chosen_paths(),
                                                          dialog.chosen_format()))
        return self._show(dialog)

    def export_dialog(self) -> ExportDialog:
        folder = load_settings().get("export_folder") or ""
        store = self.ctx.store
        dialog = ExportDialog([lab.name for lab in store.schema().labels],
                              self.ctx.analyst, self.window,
                              folder if folder and Path(folder).is_dir() else "",
                              store.path.stem)
        dialog.accepted.connect(lambda: self.start_export(dialog.request()))
        return self._show(dialog)

    def _show(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- jobs ---------------------------------------------------------------------------

    def start_import(self, paths: list[str], fmt: str = "auto") -> bool:
        if self._busy():
            return False
        self._kind = "import"
        self.runner.start(import_job(self.ctx.store.path, paths, fmt, self.ctx.analyst),
                          "Importing…")
        return True

    def start_export(self, request: ExportRequest) -> bool:
        if self._busy():
            return False
        self._kind = "export"
        self.runner.start(export_job(self.ctx.store.path, request), "Exporting…")
        return True

    def _busy(self) -> bool:
        if self.runner.is_running():
            self._say("Another import or export is still running.")
            return True
        return False

    def _finished(self, result) -> None:
        if self._kind == "import":
            notes = "".join(f"\n{n}" for n in result.notes)
            self._say(f"Imported {result.files} file(s): {result.describe()}{notes}")
            self.sig_imported.emit(result)
        else:
            lines = result.lines()
            if result.documents == 0:
                head = "Exported nothing: no layer matches (the output is empty)."
            else:
                head = (f"Exported {result.documents} record(s), {result.spans} span(s), "
                        f"{result.relations} relation(s).")
            self._say(" ".join([head, *lines]))
            self.sig_exported.emit(result)

    def _say(self, message: str) -> None:
        self.last_message = message
        self.ctx.message(message.replace("\n", "  "), 10000)


def install(ctx: WindowContext) -> ImportExport:
    """File > Import… (Ctrl+I) and File > Export… (Ctrl+E)."""
    controller = ImportExport(ctx)
    ctx.actions.add(
        Action("file.import", "&Import…", controller.import_dialog, "&File", "transfer",
               ("Ctrl+I",), icon="import",
               tip="Add articles and annotations from files or a folder"),
        Action("file.export", "&Export…", controller.export_dialog, "&File", "transfer",
               ("Ctrl+E",), icon="export", tip="Write annotations in a format other tools read"),
    )
    return controller
