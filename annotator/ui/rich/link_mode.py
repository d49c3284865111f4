"""Making links with two gestures: a key on the selected span, then a click on the other.

Every relation type of the schema has its key (S, A, T for SPEAKER, AGENT, TARGET; a type
added in the schema editor gets its own) and its entry under "Link as…": with a QUOTE
selected, S then a click on an ACTOR makes its SPEAKER link. A link the schema does not
allow between those labels is refused with a message in the status bar; Esc cancels.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from annotator.ui.article.article_view import snippet
from annotator.ui.rich.rich_commands import AddLink, DeleteLink


class LinkMode(QObject):
    sig_pending = Signal(object)
    """The link type waiting for its second click, or None."""

    def __init__(self, editor, links, parent: QObject | None = None):
        super().__init__(parent)
        self.editor, self.links, self.view = editor, links, editor.view
        self.pending: tuple[str, str] | None = None  # (head span id, relation type)
        self.view.sig_span_clicked.connect(self._clicked)

    def _say(self, message: str) -> None:
        self.editor.sig_message.emit(message)

    def start(self, relation: str) -> None:
        """Begin a link of this type from the selected span."""
        if self.editor.doc is None:
            return
        rdef = self.editor.store.schema().relation(relation)
        if rdef is None:
            self._say(f"The label schema has no {relation} links.")
            return
        span = self.editor.selected_span()
        if span is None:
            self._say(f"Select a {rdef.head or 'span'} first, then press the {relation} key.")
            return
        if rdef.head not in (None, span.label):
            self._say(f"A {relation} link starts at a {rdef.head}, not at this {span.label}: "
                      "refused.")
            return
        self.pending = (span.id, relation)
        self.view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self._say(f"{relation}: click the {rdef.child or 'span'} to link to "
                  f"'{snippet(self.view.text[span.start:span.end], 30)}' (Esc cancels).")
        self.sig_pending.emit(relation)

    def cancel(self) -> bool:
        """Leave link mode; True if it was on."""
        if self.pending is None:
            return False
        self._end()
        self._say("Linking cancelled.")
        return True

    def _end(self) -> None:
        self.pending = None
        self.view.viewport().unsetCursor()
        self.view.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.sig_pending.emit(None)

    def _clicked(self, span_id: str | None) -> None:
        if self.pending is None:
            return
        head_id, relation = self.pending
        self._end()
        self.link(head_id, span_id, relation)
        self.editor.select_span(head_id)  # stay on the quote or event: A then T flows

    def link(self, head_id: str, child_id: str | None, relation: str) -> bool:
        """Make the link if the schema allows it; otherwise say why."""
        head = self.view.index.get(head_id)
        child = self.view.index.get(child_id) if child_id else None
        if head is None or child is None:
            self._say("No span there: nothing linked.")
            return False
        rdef = self.editor.store.schema().relation(relation)
        if rdef is None or not rdef.allows(head.label, child.label):
            allowed = f"{rdef.head or 'any'} to {rdef.child or 'any'}" if rdef else "nothing"
            self._say(f"A {relation} link goes from {allowed}, not from {head.label} to "
                      f"{child.label}: refused.")
            return False
        text = self.view.text
        what = (f"'{snippet(text[head.start:head.end], 20)}' -> "
                f"'{snippet(text[child.start:child.end], 20)}'")
        ok = self.editor.push(AddLink(self.editor.store, self.editor.doc.pk, head_id, child_id,
                                      relation, what, self.editor._report))
        if ok:
            self._say(f"Linked {relation}: {what}.")
        return ok

    def delete(self, relation_id: str | None) -> bool:
        rel = self.links.get(relation_id)
        if rel is None or self.editor.doc is None:
            return False
        return self.editor.push(DeleteLink(self.editor.store, self.editor.doc.pk, rel.id,
                                           describe(rel, self.view), self.editor._report))


def describe(rel, view) -> str:
    """'SPEAKER 'not complete' -> Pentagon' for lists and undo texts."""
    head, child = view.index.get(rel.head), view.index.get(rel.child)
    if head is None or child is None:
        return rel.label
    text = view.text
    return (f"{rel.label} '{snippet(text[head.start:head.end], 24)}' → "
            f"{snippet(text[child.start:child.end], 24)}")
