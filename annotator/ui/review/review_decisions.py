"""The reviewer's decisions in review mode: accept or reject a span or a link, accept one
analyst's version, choose a gold span's attributes, label in gold, accept everything agreed
or the majority's, mark a document reviewed.

Each is a command on the editor's undo stack (Ctrl+Z undoes it like any edit), recorded
under the current analyst's name (`ctx.analyst`, read at the moment of the decision), with
the note typed in the panel. Deciding an item moves on to the next undecided one. What the
reviewer may not mean is asked first (`asking`): a link whose end was rejected, marking a
document reviewed with items undecided. Review writes only the gold layer and the review
status: never the reviewer's own analyst layer.
"""

from __future__ import annotations

from annotator.core.errors import DataError
from annotator.core.model import GOLD
from annotator.core.snapping import snap_to_words
from annotator.store import review as rv
from annotator.store import review_links as rl
from annotator.store import review_queries as rq
from annotator.store import review_steps as steps
from annotator.store.review_versions import accept_version, item_versions
from annotator.ui.article.article_view import snippet
from annotator.ui.article.commands import AddSpan, DeleteSpan, RelabelSpan, StoreCommand
from annotator.ui.review.asking import ask
from annotator.ui.review.review_commands import MarkReviewed, ReviewDecision
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

    def _note(self) -> str | None:
        """The note typed for this decision (taken, so the next decision starts empty)."""
        return self.mode.panel.take_note()

    def _decided(self, cmd: ReviewDecision) -> None:
        """Push a decision and move on to the next undecided item."""
        if self._push(cmd):
            self.mode.step(1, quiet=True)

    def _snip(self, item: rq.ReviewItem) -> str:
        return snippet(self.doc.text[item.start:item.end])

    def _link_text(self, link: rl.LinkItem) -> str:
        head, child = self.mode.by_id.get(link.head), self.mode.by_id.get(link.child)
        return f"{snippet(self._snip(head), 20) if head else '?'} → " \
               f"{snippet(self._snip(child), 20) if child else '?'}"

    def accept_link(self, link: rl.LinkItem) -> None:
        if not link.members:
            self._message("That link is the reviewer's own: it is in gold already.")
            return
        if link.decision == rq.ACCEPTED:
            self._message("Already accepted.")
            return
        ends = [self.mode.by_id.get(link.head), self.mode.by_id.get(link.child)]
        missing = [e for e in ends if e is not None and e.gold is None]
        with_ends = False
        if missing:
            rejected = [e for e in missing if e.decision == rq.REJECTED]
            what = " and ".join(f"{e.label} “{self._snip(e)}”" for e in missing)
            if rejected:
                question = (f"You rejected {what}. Accepting this {link.label} link puts it "
                            "back into gold. Accept the link and its end?")
            else:
                question = (f"{what} is not in gold yet; a link joins gold spans only. Accept "
                            "the link and its end?")
            if not ask(self.ctx.window, "Accept link", question):
                self._message("Nothing changed: the link needs both ends in gold.")
                return
            with_ends = True
        note = self._note()
        self._decided(ReviewDecision(
            self.store, self.doc.pk, f"Accept link {link.label} {self._link_text(link)}",
            lambda: rl.accept_link(self.store, link, self.reviewer, accept_ends=with_ends,
                                   note=note), self._message))

    def reject_link(self, link: rl.LinkItem) -> None:
        if not link.members:
            self._push(DeleteLink(self.store, self.doc.pk, link.gold,
                                  f"{link.label} {self._link_text(link)}", self._message))
        elif link.decision == rq.REJECTED and not link.end_rejected:
            self._message("Already rejected.")
        else:
            note = self._note()
            self._decided(ReviewDecision(
                self.store, self.doc.pk, f"Reject link {link.label} {self._link_text(link)}",
                lambda: rl.reject_link(self.store, link, self.reviewer, note), self._message))

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
            note = self._note()
            self._decided(ReviewDecision(
                self.store, self.doc.pk, f"Accept {item.label} '{self._snip(item)}'",
                lambda: rq.accept_item(self.store, item, self.reviewer, note=note),
                self._message))

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
            note = self._note()
            self._decided(ReviewDecision(
                self.store, self.doc.pk, f"Reject {item.label} '{self._snip(item)}'",
                lambda: rq.reject_item(self.store, item, self.reviewer, note), self._message))

    def accept_version(self, number: int) -> None:
        """Accept the selected item's version number `number` (1 = the first analyst shown
        side by side) and reject the other readings beside it."""
        item = self.mode.selected_item()
        if item is None or self.doc is None or not item.members:
            self._message("Select an analyst's span first; its versions are listed by number.")
            return
        versions = item_versions(self.store, self.doc.pk, item, self.mode.items)
        if not 1 <= number <= len(versions):
            self._message(f"No version {number}: this item has {len(versions)}.")
            return
        who = versions[number - 1].analyst
        note = self._note()
        self._decided(ReviewDecision(
            self.store, self.doc.pk, f"Accept {who}'s version of '{self._snip(item)}'",
            lambda: accept_version(self.store, self.doc.pk, item, who, self.reviewer, note),
            self._message))

    def _automatic(self, text: str, run, none: str) -> None:
        doc = self.doc
        if doc is None:
            return
        cmd = ReviewDecision(self.store, doc.pk, text, run, self._message)
        try:
            cmd.execute()
        except DataError as exc:
            self._message(str(exc))
            return
        done = cmd.decisions
        if not done:
            self._message(none)
            return
        self.ctx.stack.push(cmd)
        self.mode.refresh()
        self._message(done.describe())

    def accept_agreed(self) -> None:
        doc = self.doc
        self._automatic("Accept all agreed", lambda: steps.accept_agreed(
            self.store, doc.pk, self.reviewer), "Nothing undecided that every analyst agrees on.")

    def accept_majority(self) -> None:
        doc = self.doc
        if doc is None:
            return
        k = self.mode.panel.threshold()
        self._automatic(f"Accept the majority ({k} analysts)", lambda: steps.accept_majority(
            self.store, doc.pk, self.reviewer, k),
            f"Nothing undecided that at least {k} analysts marked alike.")

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
        elif item.members and not exact:
            key = self.store.schema().label(name).key
            self.accept_version(int(key))  # the digit picks a version, side by side
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
        """Mark the document reviewed (asking first when items or links are undecided) and,
        with `and_next`, open the next document not reviewed yet. Never the analyst's
        own layer: review mode marks the review, not a layer done."""
        doc = self.doc
        if doc is None:
            return
        if rv.review_status(self.store, doc.pk)[0] != "reviewed":
            left = steps.undecided(self.store, doc.pk)
            if left.total and not ask(
                    self.ctx.window, "Mark reviewed",
                    f"{left.items} item(s) and {left.links} link(s) are still undecided; they "
                    "stay out of gold. Mark the document reviewed anyway?"):
                self._message(f"Not marked reviewed: {left.describe()}.")
                return
            if not self._push(MarkReviewed(self.store, doc.pk, self.reviewer,
                                           snippet(doc.title or doc.id, 30), bool(left.total),
                                           self._message)):
                return
            self._message("Marked reviewed" + (f" with {left.describe()}." if left.total
                                               else "."))
        if not and_next:
            return
        todo = self.store.document_pks(review=NOT_REVIEWED)
        nxt = next((p for p in todo if p > doc.pk), todo[0] if todo else None)
        if nxt is None:
            self._message("Every document is reviewed.")
        else:
            self.ctx.window.open_document(nxt)
            self.mode.view.setFocus()
