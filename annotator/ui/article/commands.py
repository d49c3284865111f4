"""Every user edit is a QUndoCommand calling one store method, with a real inverse.

The first `redo` (QUndoStack.push calls it) is skipped when the edit already ran through
`execute()`, which the editor calls before pushing so a refused edit (a duplicate span,
say) raises and never lands on the stack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.core.errors import DataError
from annotator.store import Store

Report = Callable[[str], None]


class StoreCommand(QUndoCommand):
    def __init__(self, store: Store, doc: int, text: str, report: Report | None = None):
        super().__init__(text)
        self.store, self.doc = store, doc
        self.report = report or (lambda message: None)
        self._ran = False

    def execute(self) -> None:
        """Run the edit now; raises DataError if the store refuses it."""
        self.do()
        self._ran = True

    def redo(self) -> None:
        if self._ran:
            self._ran = False
            return
        self._guard(self.do)

    def undo(self) -> None:
        self._guard(self.undo_it)

    def _guard(self, step: Callable[[], None]) -> None:
        # An undo can meet a database changed meanwhile (the same span labeled again):
        # say so instead of letting an exception escape into Qt's event loop.
        try:
            step()
        except DataError as exc:
            self.report(f"Could not {self.text().lower()}: {exc}")

    def do(self) -> None:
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError


class AddSpan(StoreCommand):
    """Add a span; undo tombstones it, redo restores the same span (same UUID)."""

    def __init__(self, store: Store, doc: int, annotator: str, start: int, end: int,
                 label: str, text: str, report: Report | None = None):
        super().__init__(store, doc, f"Add {label} '{text}'", report)
        self.annotator, self.start, self.end, self.label = annotator, start, end, label
        self.span_id: str | None = None
        self.relation_ids: list[str] = []

    def do(self) -> None:
        if self.span_id is None:
            self.span_id = self.store.add_span(self.doc, self.annotator, self.start, self.end,
                                               self.label).id
        else:
            self.store.restore_span(self.span_id, self.relation_ids)

    def undo_it(self) -> None:
        self.relation_ids = self.store.delete_span(self.span_id)


class DeleteSpan(StoreCommand):
    """Delete a span with the relations touching it; undo brings them all back."""

    def __init__(self, store: Store, doc: int, span_id: str, label: str, text: str,
                 report: Report | None = None):
        super().__init__(store, doc, f"Delete {label} '{text}'", report)
        self.span_id = span_id
        self.relation_ids: list[str] = []

    def do(self) -> None:
        self.relation_ids = self.store.delete_span(self.span_id)

    def undo_it(self) -> None:
        self.store.restore_span(self.span_id, self.relation_ids)


class RelabelSpan(StoreCommand):
    def __init__(self, store: Store, doc: int, span_id: str, old: str, new: str, text: str,
                 report: Report | None = None):
        super().__init__(store, doc, f"Relabel '{text}' {old} -> {new}", report)
        self.span_id, self.old, self.new = span_id, old, new

    def do(self) -> None:
        self.store.update_span(self.span_id, label=self.new)

    def undo_it(self) -> None:
        self.store.update_span(self.span_id, label=self.old)


class SetStatus(StoreCommand):
    """Mark a document new / in progress / done for one analyst; undo restores the old one."""

    def __init__(self, store: Store, doc: int, annotator: str, status: str, title: str,
                 report: Report | None = None):
        super().__init__(store, doc, f"Mark '{title}' {status.replace('_', ' ')}", report)
        self.annotator, self.status = annotator, status
        self.previous: str | None = None

    def do(self) -> None:
        self.previous = self.store.set_status(self.doc, self.annotator, self.status)

    def undo_it(self) -> None:
        self.store.set_status(self.doc, self.annotator, self.previous or "new")
