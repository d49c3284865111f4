"""File > Merge analyst file…: bring another analyst's database or native JSONL in.

The merge is the command line's own (`store.merge`), run off the UI thread on a Store of its
own (one transaction: Cancel or a bad file changes nothing). When it ends, the job's change
notices bring the window up to date (`Refresher.deliver`) and a box says what came in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator.ui.dialogs import file_dialogs
from annotator.ui.shell.actions import Action
from annotator.ui.shell.context import WindowContext
from annotator.ui.shell.jobs import JobRunner, with_store

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
    def __init__(self, ctx: WindowContext):
        self.ctx, self.window = ctx, ctx.window
        self.runner = JobRunner(ctx.window, notices=ctx.refresher.deliver)
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
            self.ctx.message("A merge is already running.", 4000)
            return
        self._path = Path(path)
        self.runner.start(merge_job(self.ctx.store.path, self._path),
                          f"Merging {self._path.name}…")

    def _finished(self, summary) -> None:
        """The window has already followed the merge's change notices; say what came in."""
        self.last_summary = summary
        box = QMessageBox(QMessageBox.Icon.Information, "Merge finished",
                          f"Merged {self._path.name if self._path else 'the file'}:",
                          QMessageBox.StandardButton.Ok, self.window)
        box.setInformativeText("\n".join(summary.lines()))
        box.setObjectName("mergeSummary")
        box.open()
        self.summary_box = box


def install(ctx: WindowContext) -> MergeUI:
    merge = MergeUI(ctx)
    ctx.actions.add(Action("file.merge", "&Merge analyst file…", merge.ask_and_merge, "&File",
                           "team", order=1))  # after Switch analyst
    return merge
