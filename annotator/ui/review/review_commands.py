"""The reviewer's decisions as undo commands on the window's one undo stack.

Each runs one `review_queries` operation (one transaction) and keeps the `Decision`s it
returned, which `store.review.undo` reverts exactly; a redo decides again.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.store import Store
from annotator.store import review as rv
from annotator.store import review_steps as steps
from annotator.ui.article.commands import Report, StoreCommand


class ReviewDecision(StoreCommand):
    """accept/reject one item, or accept all agreed: `run()` returns the decisions."""

    def __init__(self, store: Store, doc: int, text: str,
                 run: Callable[[], list[rv.Decision]], report: Report | None = None):
        super().__init__(store, doc, text, report)
        self._run = run
        self.decisions: list[rv.Decision] = []

    def do(self) -> None:
        self.decisions = self._run()

    def undo_it(self) -> None:
        rv.undo(self.store, self.decisions)


class SetReviewStatus(StoreCommand):
    """Mark a document unreviewed / in review / reviewed; undo restores the old status."""

    def __init__(self, store: Store, doc: int, status: str, reviewer: str, title: str,
                 report: Report | None = None):
        super().__init__(store, doc, f"Mark '{title}' {status.replace('_', ' ')}", report)
        self.status, self.reviewer = status, reviewer
        self.previous: str | None = None

    def do(self) -> None:
        self.previous = rv.set_review_status(self.store, self.doc, self.status, self.reviewer)

    def undo_it(self) -> None:
        rv.set_review_status(self.store, self.doc, self.previous or "unreviewed", self.reviewer)


class MarkReviewed(StoreCommand):
    """Mark a document reviewed (its gold layer done), `confirmed` when the reviewer agreed
    to leave items undecided; undo restores the old status (and the gold layer's)."""

    def __init__(self, store: Store, doc: int, reviewer: str, title: str, confirmed: bool,
                 report: Report | None = None):
        super().__init__(store, doc, f"Mark '{title}' reviewed", report)
        self.reviewer, self.confirmed = reviewer, confirmed
        self.previous: str | None = None

    def do(self) -> None:
        self.previous = steps.mark_reviewed(self.store, self.doc, self.reviewer,
                                            confirm=self.confirmed)

    def undo_it(self) -> None:
        rv.set_review_status(self.store, self.doc, self.previous or "unreviewed", self.reviewer)
