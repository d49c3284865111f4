"""Seeing other writers' edits: another window, an `annotator import` in a terminal, or a
job's own connection. The store's listeners only hear this connection's commits, so when
the window regains focus it compares SQLite's `PRAGMA data_version`; if another connection
committed, it re-reads the document list rows and the open document's spans, keeping the
current document, the selected span and the text selection. The window's own jobs (import,
merge) do not need this: their change notices are delivered here (`deliver`) and heard
by every listener like the window's own writes.

It also asks the store every few seconds whether its SQLite locks are still its own
(store/file_guard.py): something in this process that opens and closes the database file
drops them, and the store then reconnects and says so here.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from annotator.store.changes import Change, ChangeKind
from annotator.ui.shell.context import WindowContext

FILE_CHECK_MS = 2000
RECONNECTED = ("The database was reconnected: something had touched its file and SQLite's "
               "locks were lost. Nothing was lost.")


class Refresher(QObject):
    sig_refreshed = Signal()
    """Another connection had written and the window has re-read what it shows (features
    holding their own copies of store data, such as relations, can re-read too)."""

    def __init__(self, ctx: WindowContext):
        super().__init__(ctx)
        self.ctx, self.window = ctx, ctx.window
        window = ctx.window
        self._version = ctx.store.data_version()
        window.installEventFilter(self)
        ctx.store.subscribe(self._store_changed)
        self._files_timer = QTimer(self)
        self._files_timer.setInterval(FILE_CHECK_MS)
        self._files_timer.timeout.connect(self.verify_files)
        self._files_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._state_changed)

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.check()
        return False

    def verify_files(self) -> bool:
        """Let the store reconnect if its locks were dropped; True if it had to."""
        store = self.ctx.store
        return store is not None and store.verify_files()

    def _store_changed(self, change: Change) -> None:
        if change.kind == ChangeKind.CONNECTION:
            self.window.statusBar().showMessage(RECONNECTED, 10000)
            QTimer.singleShot(0, self.check)  # others may have written meanwhile
        elif change.kind == ChangeKind.DOCUMENTS and change.doc is None:
            self.reload()  # many documents changed at once (an import or merge job's notice)

    def deliver(self, changes: list[Change]) -> None:
        """A job's change notices (its own connection wrote): every listener hears them as
        it hears the window's own writes, then polling starts again from here (what
        `data_version` says from now on is other processes' writes)."""
        store = self.ctx.store
        changes = [c for c in changes if c.kind != ChangeKind.CONNECTION]  # the job's own
        if store is None or not changes:
            return
        if any(c.kind == ChangeKind.SCHEMA for c in changes):
            store.reload_schema()  # the cached schema is this connection's
        for change in changes:
            store.announce(change.kind, change.doc, change.ids)
        with store.write():
            pass  # an empty transaction: the store tells its listeners the queued notices
        self._version = store.data_version()

    def check(self) -> bool:
        """Re-read if another connection committed since the last look; True if it did."""
        store = self.ctx.store
        if store is None:  # the window is closed
            return False
        self.verify_files()
        version = store.data_version()
        if version == self._version:
            return False
        self._version = version
        self.reload()
        return True

    def reload(self) -> None:
        ctx, window = self.ctx, self.window
        if ctx.store.reload_schema():  # labels a merge or another window added
            window.restyle()
        ctx.documents.reload()  # keeps the current row when it is still listed
        doc = ctx.editor.doc
        if doc is None and ctx.documents.model.pk_at(0) is not None:
            window.open_document(ctx.documents.model.pk_at(0))  # the first ones came in
        elif doc is not None:
            self._reload_spans(doc.pk)
            ctx.article.show_header(doc, ctx.store.status(doc.pk, ctx.analyst))
        self.sig_refreshed.emit()

    def _reload_spans(self, pk: int) -> None:
        """Apply the difference between the spans shown and the stored ones, span by span,
        through the same path the editor's own changes take (selection kept)."""
        editor, view = self.ctx.editor, self.ctx.view
        try:
            stored = {s.id: s for s in self.ctx.store.spans(pk, self.ctx.analyst)}
        except LookupError:
            return
        shown = {s.id: s for s in view.index}
        changed = [sid for sid in shown.keys() | stored.keys() if shown.get(sid) != stored.get(sid)]
        selected = view.selected_id  # update_span forgets it when it was deleted
        for sid in changed:
            span = stored.get(sid)
            view.update_span(sid, span)
            editor.sig_span_changed.emit(sid, span)
        if selected in changed:
            editor.sig_selected.emit(editor.selected_span())
