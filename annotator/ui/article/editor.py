"""What the analyst's keys do to the open document: label, relabel, delete, undo, mark
done. Every edit is a command on the undo stack that calls one store method; the views
follow the store's change notices, so an undo, a redo or another window's edit all
repaint the same way."""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.errors import DataError
from annotator.core.model import Document, Span
from annotator.core.snapping import snap_to_words
from annotator.formats.language import is_rtl
from annotator.store.changes import Change, ChangeKind
from annotator.store.queries import live_span
from annotator.ui.article.article_view import ArticleView, snippet
from annotator.ui.article.colors import LabelStyle
from annotator.ui.article.commands import AddSpan, DeleteSpan, RelabelSpan, SetStatus, StoreCommand
from annotator.ui.shell.context import WindowContext

UNDONE = ("new", "in_progress")


def text_is_rtl(doc: Document) -> bool | None:
    """The document's direction from its `meta.lang`; None when it has no language."""
    lang = doc.meta.get("lang")
    return is_rtl(lang) if isinstance(lang, str) and lang else None


class Editor(QObject):
    sig_message = Signal(str)
    """Something the analyst should read (in the status bar)."""
    sig_opened = Signal(object, list)
    """A document was opened: (Document, its spans in this layer)."""
    sig_span_changed = Signal(str, object)
    """A span of the open document changed: (id, Span or None when it is gone)."""
    sig_selected = Signal(object)
    """The selected span (Span) or None."""
    sig_open_request = Signal(int)
    """Please show this document (undo in another document, done-and-next)."""

    def __init__(self, ctx: WindowContext, view: ArticleView,
                 styles: dict[str, LabelStyle], parent: QObject | None = None):
        super().__init__(parent)
        self.ctx, self.store, self.view, self.styles = ctx, ctx.store, view, styles
        self.stack = QUndoStack(self)
        self.doc: Document | None = None
        self.snap = True
        self._choose_next: Callable[[int, list[int]], int | None] | None = None
        view.sig_span_clicked.connect(self.select_span)
        self.store.subscribe(self.on_change)

    # -- opening ------------------------------------------------------------------------

    def open(self, pk: int) -> None:
        if self.doc is not None and self.doc.pk == pk:
            return
        # Loading thousands of spans allocates enough to trigger a full garbage collection
        # over every Qt wrapper (100+ ms); nothing here makes cycles, so pause it.
        gc.disable()
        try:
            self.doc = self.store.document(pk)
            spans = self.store.spans(pk, self.annotator)
            self.view.show_text(self.doc.text, spans, self.styles, rtl=text_is_rtl(self.doc))
        finally:
            gc.enable()
        self.sig_opened.emit(self.doc, spans)
        self.sig_selected.emit(None)

    def reopen(self) -> None:
        """Show the open document again from the store (another layer, another writer)."""
        doc, self.doc = self.doc, None
        self.select_span(None)
        if doc is not None:
            self.open(doc.pk)

    @property
    def annotator(self) -> str:
        """The analyst whose layer this edits (the context's, never a copy)."""
        return self.ctx.analyst

    def set_styles(self, styles: dict[str, LabelStyle]) -> None:
        self.styles = styles
        self.view.set_styles(styles)

    # -- edits --------------------------------------------------------------------------

    def label(self, name: str, exact: bool = False) -> None:
        """Label the text selection; with no selection, relabel the selected span."""
        if self.doc is None:
            return
        rng = self.view.selection_range()
        if rng is not None:
            start, end = rng if exact or not self.snap else snap_to_words(self.doc.text, *rng)
            if start >= end:
                self.sig_message.emit("The selection holds only spaces: nothing labeled.")
                return
            cmd = AddSpan(self.store, self.doc.pk, self.annotator, start, end, name,
                          snippet(self.doc.text[start:end]), self._report)
            if self._push(cmd):
                self.view.clear_selection()
                self.select_span(cmd.span_id)
            return
        span = self.selected_span()
        if span is None:
            self.sig_message.emit("Select some text first, then press a label's key.")
        elif span.label != name:
            self._push(RelabelSpan(self.store, self.doc.pk, span.id, span.label, name,
                                   snippet(self.doc.text[span.start:span.end]), self._report))

    def delete_selected(self) -> None:
        span = self.selected_span() or self._span_under_cursor()
        if span is None or self.doc is None:
            self.sig_message.emit("Click a span first to delete it.")
            return
        self._push(DeleteSpan(self.store, self.doc.pk, span.id, span.label,
                              snippet(self.doc.text[span.start:span.end]), self._report))

    def set_next_chooser(self, choose: Callable[[int, list[int]], int | None] | None
                         ) -> None:
        """Ctrl+Return opens `choose(current pk, not-done pks)` (None: all done) instead
        of the next not-done document in list order; None goes back to list order."""
        self._choose_next = choose

    def mark_done_and_next(self) -> None:
        if self.doc is None:
            return
        if self.store.status(self.doc.pk, self.annotator) != "done":
            self._push(SetStatus(self.store, self.doc.pk, self.annotator, "done",
                                 snippet(self.doc.title or self.doc.id, 30), self._report))
        following = self.store.document_pks(annotator=self.annotator, statuses=UNDONE)
        nxt = next((p for p in following if p > self.doc.pk), following[0] if following else None)
        if self._choose_next is not None:  # a part's order (most useful next)
            nxt = self._choose_next(self.doc.pk, following)
        if nxt is None:
            self.sig_message.emit("Every document is done. Well done!")
        else:
            self.sig_open_request.emit(nxt)

    def push(self, cmd: StoreCommand) -> bool:
        """Run an edit and put it on the undo stack; a refusal becomes a message."""
        return self._push(cmd)

    def _push(self, cmd: StoreCommand) -> bool:
        try:
            cmd.execute()
        except DataError as exc:
            self.sig_message.emit(str(exc))
            return False
        self.stack.push(cmd)
        return True

    def _report(self, message: str) -> None:
        self.sig_message.emit(message)

    def undo(self) -> None:
        self._travel(self.stack.index() - 1, self.stack.undo)

    def redo(self) -> None:
        self._travel(self.stack.index(), self.stack.redo)

    def _travel(self, index: int, step) -> None:
        """Undo or redo, first showing the document the command belongs to."""
        cmd = self.stack.command(index) if 0 <= index < self.stack.count() else None
        if cmd is None:
            return
        if cmd.doc is not None and (self.doc is None or cmd.doc != self.doc.pk):
            self.sig_open_request.emit(cmd.doc)  # a registry edit (doc None) stays put
        step()
        # Keep the span the edit concerns selected when it is there (an undone delete comes
        # back selected, so Delete or a number key acts on it again).
        span_id = getattr(cmd, "span_id", None)
        if span_id is not None and self.view.index.get(span_id) is not None:
            self.select_span(span_id)

    # -- selection ----------------------------------------------------------------------

    def selected_span(self) -> Span | None:
        sid = self.view.selected_id
        return self.view.index.get(sid) if sid else None

    def _span_under_cursor(self) -> Span | None:
        """With no span selected: the span whose text is selected (exactly, or as the
        selection snaps), else the innermost span under the caret."""
        if self.doc is None:
            return None
        index = self.view.index
        rng = self.view.selection_range()
        if rng is not None:
            wanted = {rng, snap_to_words(self.doc.text, *rng)}
            found = [s for s in index.overlapping(*rng) if (s.start, s.end) in wanted]
            return min(found, key=lambda s: (s.start, s.end, s.label)) if found else None
        spans = index.at(self.view.mapper.from_qt(self.view.textCursor().position()))
        return spans[0] if spans else None

    def select_span(self, span_id: str | None, reveal: bool = False) -> None:
        self.view.set_selected_span(span_id, reveal)
        self.sig_selected.emit(self.selected_span())

    # -- the store's notices ------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        if change.kind != ChangeKind.SPANS or self.doc is None or change.doc != self.doc.pk:
            return
        for sid in change.ids:
            span = live_span(self.store, sid)
            if span is not None and span.annotator != self.annotator:
                continue
            if span is None and self.view.index.get(sid) is None:
                continue
            was_selected = sid == self.view.selected_id  # update_span forgets a deleted one
            self.view.update_span(sid, span)
            self.sig_span_changed.emit(sid, span)
            if was_selected:
                self.sig_selected.emit(self.selected_span())  # None: the panels forget it

    def close(self) -> None:
        self.store.unsubscribe(self.on_change)
