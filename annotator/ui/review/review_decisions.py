"""The reviewer's decisions in review mode: accept or reject a span or a link, choose a gold
span's attributes, label in gold, accept everything agreed, mark a document reviewed.

Each is a command on the editor's undo stack (Ctrl+Z undoes it like any edit), recorded
under the current analyst's name (`ctx.analyst`, read at the moment of the decision).
"""

from __future__ import annotations

from annotator.core.errors import DataError
from annotator.core.model import GOLD
from annotator.core.snapping import snap_to_words
from annotator.store import review as rv
from annotator.store import review_links as rl
from annotator.store import review_queries as rq
from annotator.ui.article.article_view import snippet
from annotator.ui.article.commands import AddSpan, DeleteSpan, RelabelSpan, StoreCommand
from annotator.ui.review.review_commands import ReviewDecision, SetReviewStatus
from annotator.ui.rich.rich_commands import DeleteLink, SetAttrs
from annotator.ui.shell.context import WindowContext

NOT_REVIEWED = ("unreviewed", "in_review")


class ReviewDecisions:
    def __init__(self, ctx: WindowContext, mode):
        self.ctx, self.mode, self.store = ctx, mode, ctx.store

    @property
    def reviewer(self) -> str:
        """Whoever the analyst is now: decisions are recorded under their name."""
        return self.ctx.analyst

    @property
    def doc(self):
        return self.mode.doc

    def _message(self, text: str) -> None:
        self.ctx.message(text)

    def _push(self, cmd: StoreCommand) -> bool:
        try:
            cmd.execute()
        except DataError as exc:
            self._message(str(exc))
            return False
        self.ctx.stack.push(cmd)
        self.mode.refresh()
        return True

    def _snip(self, item: rq.ReviewItem) -> str:
        return snippet(self.doc.text[item.start:item.end])

    def _link_text(self, link: rl.LinkItem) -> str:
        head, child = self.mode.by_id.get(link.head), self.mode.by_id.get(link.child)
        return f"{snippet(self._snip(head), 20) if head else '?'} → " \
               f"{snippet(self._snip(child), 20) if child else '?'}"

    def accept_link(self, link: rl.LinkItem) -> None:
        if not link.members:
            self._message("That link is the reviewer's own: it is in gold already.")
        elif link.decision == rq.ACCEPTED:
            self._message("Already accepted.")
        else:
            self._push(ReviewDecision(
                self.store, self.doc.pk, f"Accept link {link.label} {self._link_text(link)}",
                lambda: rl.accept_link(self.store, link, self.reviewer), self._message))

    def reject_link(self, link: rl.LinkItem) -> None:
        if not link.members:
            self._push(DeleteLink(self.store, self.doc.pk, link.gold,
                                  f"{link.label} {self._link_text(link)}", self._message))
        elif link.decision == rq.REJECTED:
            self._message("Already rejected.")
        else:
            self._push(ReviewDecision(
                self.store, self.doc.pk, f"Reject link {link.label} {self._link_text(link)}",
                lambda: rl.reject_link(self.store, link, self.reviewer), self._message))

    def choose_attr(self, name: str, value) -> None:
        """Give the selected item's gold span this value of an attribute (None removes it)."""
        item = self.mode.selected_item()
        gold = self.store.span(item.gold) if item is not None and item.gold else None
        if gold is None:
            self._message("Accept the span first, then choose its attributes.")
            return
        new = dict(gold.attrs)
        if value is None:
            new.pop(name, None)
        else:
            new[name] = value
        if new != gold.attrs:
            self._push(SetAttrs(self.store, self.doc.pk, gold.id, gold.attrs, new,
                                f"{name} of {item.label} '{self._snip(item)}'", self._message))

    def accept(self) -> None:
        link = self.mode.selected_link()
        if link is not None and self.doc is not None:
            self.accept_link(link)
            return
        item = self.mode.selected_item()
        if item is None or self.doc is None:
            self._message("Select a span first (N selects the next undecided one).")
        elif not item.members:
            self._message("That span is the reviewer's own: it is in gold already.")
        elif item.decision == rq.ACCEPTED:
            self._message("Already accepted.")
        else:
            self._push(ReviewDecision(
                self.store, self.doc.pk, f"Accept {item.label} '{self._snip(item)}'",
                lambda: rq.accept_item(self.store, item, self.reviewer), self._message))

    def reject(self) -> None:
        link = self.mode.selected_link()
        if link is not None and self.doc is not None:
            self.reject_link(link)
            return
        item = self.mode.selected_item()
        if item is None or self.doc is None:
            self._message("Select a span first (N selects the next undecided one).")
        elif not item.members:
            self._push(DeleteSpan(self.store, self.doc.pk, item.gold, item.label,
                                  self._snip(item), self._message))
        elif item.decision == rq.REJECTED:
            self._message("Already rejected.")
        else:
            self._push(ReviewDecision(
                self.store, self.doc.pk, f"Reject {item.label} '{self._snip(item)}'",
                lambda: rq.reject_item(self.store, item, self.reviewer), self._message))

    def accept_agreed(self) -> None:
        doc = self.doc
        if doc is None:
            return
        cmd = ReviewDecision(self.store, doc.pk, "Accept all agreed spans",
                             lambda: rq.accept_agreed(self.store, doc.pk, self.reviewer),
                             self._message)
        try:
            cmd.execute()
        except DataError as exc:
            self._message(str(exc))
            return
        spans = sum(1 for d in cmd.decisions if self.store.span(d.item) is not None)
        if not cmd.decisions:
            self._message("No undecided span that all analysts agree on.")
            return
        self.ctx.stack.push(cmd)
        self.mode.refresh()
        self._message(f"Accepted {spans} agreed analyst span(s).")

    def label(self, name: str, exact: bool = False) -> None:
        """Add the text selection to gold as `name`; with no selection, give the selected
        item that label in gold."""
        doc = self.doc
        if doc is None:
            return
        rng = self.mode.view.selection_range()
        item = self.mode.selected_item()
        if rng is not None:
            start, end = rng if exact else snap_to_words(doc.text, *rng)
            if start >= end:
                self._message("The selection holds only spaces: nothing labeled.")
                return
        elif item is None:
            self._message("Select some text or a span first, then press a label's key.")
            return
        elif item.label == name and item.members:
            self.accept()
            return
        elif not item.members:
            self._push(RelabelSpan(self.store, doc.pk, item.gold, item.label, name,
                                   self._snip(item), self._message))
            return
        else:
            start, end = item.start, item.end
        cmd = AddSpan(self.store, doc.pk, GOLD, start, end, name,
                      snippet(doc.text[start:end]), self._message)
        if self._push(cmd):
            self.mode.view.clear_selection()
            self.mode.select(cmd.span_id)

    def mark_reviewed(self, and_next: bool = False) -> None:
        doc = self.doc
        if doc is None:
            return
        if rv.review_status(self.store, doc.pk)[0] != "reviewed":
            self._push(SetReviewStatus(self.store, doc.pk, "reviewed", self.reviewer,
                                       snippet(doc.title or doc.id, 30), self._message))
        if not and_next:
            return
        todo = self.store.document_pks(review=NOT_REVIEWED)
        nxt = next((p for p in todo if p > doc.pk), todo[0] if todo else None)
        if nxt is None:
            self._message("Every document is reviewed.")
        else:
            self.ctx.window.open_document(nxt)
            self.mode.view.setFocus()
