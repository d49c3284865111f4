"""Team review in the window: review mode, its keys and the agreement view, declared in
the action table. A part (`annotator.ui.shell.parts`).

Review mode's single letters work only in review mode (the table gives them that mode),
so A accepts there and starts an AGENT link while annotating; choosing a Review menu
entry turns review mode on first.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.ui.review.review_mode import ReviewMode
from annotator.ui.shell.actions import Action
from annotator.ui.shell.context import REVIEW, WindowContext

ONLY_REVIEW = (REVIEW,)


def install(ctx: WindowContext) -> ReviewMode:
    mode = ReviewMode(ctx)
    decide = mode.decisions
    on = _turning_on(mode)
    ctx.actions.add(
        Action("review.mode", "&Review mode", mode.set_active, "&Review", "mode", ("F6",),
               checkable=True),
        Action("review.accept", "&Accept span", on(decide.accept), "&Review", "decide",
               ("A", "Return", "Enter"), ONLY_REVIEW),
        Action("review.reject", "Re&ject span", on(decide.reject), "&Review", "decide",
               ("R", "X", "Del", "Backspace"), ONLY_REVIEW),
        Action("review.next", "&Next undecided span or link", on(lambda: mode.step(1)), "&Review",
               "decide", ("N",), ONLY_REVIEW),
        Action("review.previous", "&Previous undecided span or link", on(lambda: mode.step(-1)),
               "&Review", "decide", ("P",), ONLY_REVIEW),
        Action("review.next_item", "Next item, overlapping ones too",
               on(lambda: mode.next_item(1)), "&Review", "decide", (), ONLY_REVIEW,
               article_keys=("Tab",)),
        Action("review.previous_item", "Previous item, overlapping ones too",
               on(lambda: mode.next_item(-1)), "&Review", "decide", (), ONLY_REVIEW,
               article_keys=("Shift+Backtab",)),
        Action("review.conflicts_only", "&Conflicts only (N / P)",
               lambda checked: mode.panel.conflicts_box.setChecked(checked), "&Review",
               "decide", checkable=True),
        Action("review.accept_agreed", "Accept all a&greed spans", on(decide.accept_agreed),
               "&Review", "decide", ("Ctrl+Shift+A",)),
        Action("review.accept_majority", "Accept the &majority", on(decide.accept_majority),
               "&Review", "decide", ("Ctrl+Shift+M",)),
        Action("review.reviewed", "Mark document re&viewed", decide.mark_reviewed, "&Review",
               "decide"),
        Action("review.reviewed_next", "Mark the document reviewed and open the &next",
               on(lambda: decide.mark_reviewed(and_next=True)), "&Review", "decide",
               keys=("Ctrl+Return", "Ctrl+Enter"), modes=ONLY_REVIEW),
        Action("review.escape", "Deselect the span or link", mode.escape, keys=("Esc",),
               modes=ONLY_REVIEW),
        Action("review.agreement", "A&greement…", lambda: _open_agreement(ctx, mode),
               "&Review", "figures"),
    )
    ctx.actions.set_labeler(REVIEW, decide.label)
    mode.sig_toggled.connect(lambda active: ctx.actions["review.mode"].setChecked(active))
    mode.panel.sig_conflicts_only.connect(
        lambda on: ctx.actions["review.conflicts_only"].setChecked(on))
    # In review mode, Edit > Mark done would mark the reviewer's own layer: not offered.
    mode.sig_toggled.connect(lambda active: ctx.actions["edit.done_next"].setEnabled(not active))
    ctx.refresher.sig_refreshed.connect(mode.refresh)  # another connection wrote: re-read
    ctx.keys.watch(mode.view, surface=True)
    return mode


def _turning_on(mode: ReviewMode) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """A review command that first turns review mode on when it is off."""
    def wrap(slot: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            mode.set_active(True)
            slot()
        return run
    return wrap


def _open_agreement(ctx: WindowContext, mode: ReviewMode) -> None:
    from annotator.ui.review.agreement_view import open_agreement

    open_agreement(ctx, mode)
