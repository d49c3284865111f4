"""File > Sync with team hub…, the last sync in the status bar, and "Assigned to me".

The sync is the command line's own (`annotator.hub.sync`), run off the UI thread on a Store
of its own; each of its steps reports progress and checks Cancel, and a cancelled or failed
step rolls back on both sides. Labelling never waits for the network: the window's own
connection only reads the sync state.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QCheckBox, QInputDialog, QLabel, QLineEdit

from annotator.ui.shell.actions import Action
from annotator.ui.shell.context import WindowContext
from annotator.ui.shell.jobs import JobRunner, with_store

STEPS = ("connected", "push documents", "push entities", "push layers", "push spans",
         "push relations", "push decisions", "push commit", "push committed", "pushed",
         "pull commit")


def sync_job(db_path, url: str, analyst: str):
    """The job: one sync; progress per step (pull chunks count as steps too)."""
    from annotator.hub.sync import sync

    def work(store, progress, token):
        done = [0]

        def step(name: str) -> None:
            done[0] += 1
            # checks Cancel first; never "all done" before the job returns (a full bar
            # is reported immediately, racing the job's end in the progress dialog)
            progress(min(done[0], len(STEPS) - 1), len(STEPS))

        return sync(store, url, analyst, step)

    return with_store(db_path, work)


def _state(store, key: str) -> str | None:
    try:
        row = store.conn.execute("SELECT value FROM hub_state WHERE key = ?",
                                 (key,)).fetchone()
    except Exception:  # noqa: BLE001 (an old read-only database has no hub tables)
        return None
    return row[0] if row else None


def sync_status_text(store) -> str:
    """`Last sync: 16:42` (today), `Last sync: 2026-12-01 16:42`, or `offline`."""
    stamp = _state(store, "last_sync")
    if not stamp:
        return "offline"
    try:
        when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return f"Last sync: {stamp}"
    local = when.astimezone()
    today = datetime.now().astimezone().date()
    shown = local.strftime("%H:%M") if local.date() == today else \
        local.strftime("%Y-%m-%d %H:%M")
    return f"Last sync: {shown}"


class SyncUI:
    def __init__(self, ctx: WindowContext):
        self.ctx, self.window = ctx, ctx.window
        self.runner = JobRunner(ctx.window, notices=ctx.refresher.deliver)
        self.runner.sig_finished.connect(self._finished)
        self.runner.sig_failed.connect(self._failed)
        self.last_report = None
        self.last_error: str | None = None
        self.status = QLabel(sync_status_text(ctx.store), ctx.window)
        self.status.setObjectName("syncStatus")
        self.status.setToolTip("When this database last synced with the team hub "
                               "(File > Sync with team hub…)")
        ctx.window.statusBar().addPermanentWidget(self.status)
        documents = ctx.documents
        self.assigned = QCheckBox("Assigned to me", documents)
        self.assigned.setObjectName("assignedFilter")
        self.assigned.setToolTip("Only the documents the lead assigned to you on the hub")
        documents.layout().itemAt(0).layout().addWidget(self.assigned)
        documents.pk_filters.append(self._keep_assigned)
        self.assigned.toggled.connect(lambda _on: documents.reload())

    def _keep_assigned(self, pks: list[int]) -> list[int]:
        if not self.assigned.isChecked():
            return pks
        from annotator.hub.local import assigned_documents

        try:
            mine = assigned_documents(self.ctx.store.conn, self.ctx.analyst)
        except Exception:  # noqa: BLE001 (no hub tables: nothing is assigned)
            mine = set()
        return [pk for pk in pks if pk in mine]

    def ask_and_sync(self) -> None:
        url = _state(self.ctx.store, "url")
        if not url:
            url, ok = QInputDialog.getText(
                self.window, "Sync with team hub",
                "Hub address (a postgresql:// URL; the password comes from your password "
                "file or PGPASSWORD and is never saved):", QLineEdit.EchoMode.Normal,
                f"postgresql://{self.ctx.analyst}@HOST/DATABASE")
            if not ok or not url.strip():
                return
        self.sync(url.strip())

    def sync(self, url: str) -> None:
        if self.runner.is_running():
            self.ctx.message("A sync is already running.", 4000)
            return
        self.runner.start(sync_job(self.ctx.store.path, url, self.ctx.analyst),
                          "Syncing with the team hub…")

    def _finished(self, report) -> None:
        """The window has followed the sync's change notices; show the time and summary."""
        self.last_report, self.last_error = report, None
        self.status.setText(sync_status_text(self.ctx.store))
        self.ctx.documents.reload()  # assignments may have come in
        self.ctx.message(report.line(), 8000)

    def _failed(self, message: str) -> None:
        self.last_error = message
        self.ctx.message(f"Sync failed: {message}", 10000)


def install(ctx: WindowContext) -> SyncUI:
    sync = SyncUI(ctx)
    ctx.actions.add(Action("file.sync", "S&ync with team hub…", sync.ask_and_sync, "&File",
                           "team", keys=("Ctrl+Shift+Y",), order=2))  # after Merge
    return sync
