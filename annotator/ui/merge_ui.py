"""File > Merge analyst file…: bring another analyst's database or native JSONL in.

The merge is the command line's own (`store.merge`), run off the UI thread on a Store of its
own (one transaction: Cancel or a bad file changes nothing). When it ends the window says
what came in and re-reads the document list and the open document.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator.ui import file_dialogs
from annotator.ui.jobs import JobRunner, with_store

FILE_FILTER = "Analyst files (*.sqlite *.sqlite3 *.db *.jsonl);;All files (*)"


def merge_job(db_path: Path, other: Path):
    """The job: read the other file first (a bad one is refused before ours is touched)."""
    from annotator.store.merge import apply
    from annotator.transfer.merge_source import read_source

    def work(store, progress, token):
        incoming = read_source(other)
        token.check()
        return apply(store, incoming, progress)  # steps shown; Cancel between steps rolls back

    return with_store(db_path, work)


class MergeUI:
    def __init__(self, window):
        self.window = window
        self.runner = JobRunner(window)
        self.runner.sig_finished.connect(self._finished)
        self.summary_box: QMessageBox | None = None
        self.last_summary = None
        self._path: Path | None = None

    def ask_and_merge(self) -> None:
        path, _filter = file_dialogs.open_file(
            self.window, "Merge an analyst's file", "", FILE_FILTER)
        if path:
            self.merge(path)

    def merge(self, path: str | Path) -> None:
        """Start merging `path` into the window's database."""
        if self.runner.is_running():
            self.window.statusBar().showMessage("A merge is already running.", 4000)
            return
        self._path = Path(path)
        self.runner.start(merge_job(self.window.store.path, self._path),
                          f"Merging {self._path.name}…")

    def _finished(self, summary) -> None:
        self.last_summary = summary
        reload_window(self.window)
        box = QMessageBox(QMessageBox.Icon.Information, "Merge finished",
                          f"Merged {self._path.name if self._path else 'the file'}:",
                          QMessageBox.StandardButton.Ok, self.window)
        box.setInformativeText("\n".join(summary.lines()))
        box.setObjectName("mergeSummary")
        box.open()
        self.summary_box = box


def reload_window(window) -> None:
    """Re-read what the window shows after another connection wrote (the merge job's)."""
    refresher = getattr(window, "refresher", None)
    if refresher is not None:
        refresher.check()
    window.documents.reload()
    doc = window.editor.doc
    if doc is not None:
        window.editor.doc = None  # Editor.open skips the document already open
        window.open_document(doc.pk)
    elif window.documents.model.pk_at(0) is not None:
        window.open_document(window.documents.model.pk_at(0))


def install(window) -> None:
    from annotator.ui.review_feature import file_action

    window.merge_ui = MergeUI(window)
    file_action(window, "&Merge analyst file…", window.merge_ui.ask_and_merge)
