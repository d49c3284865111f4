"""Moving through review items: N / P to the next undecided one (or the next conflict, with
"conflicts only"; a pair's disagreements first when the agreement view opened the
document), Tab / Shift+Tab through every item in text order, overlapping ones included, and
a second click on the same place cycling through the items stacked there. Wrapping round
says so; the selected item is scrolled fully into view.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor

from annotator.store import review_queries as rq


class ReviewNavigator:
    def __init__(self, mode):
        self.mode = mode
        self.conflicts_only = False
        self.pair: tuple[str, str] | None = None  # the agreement view's pair, its items first

    @property
    def items(self) -> list[rq.ReviewItem]:
        return self.mode.items

    def _message(self, text: str) -> None:
        self.mode.ctx.message(text)

    def pool(self) -> list[rq.ReviewItem]:
        """The items N and P visit, in the order they visit them."""
        todo = rq.conflicts(self.items) if self.conflicts_only else \
            [i for i in self.items if i.undecided]
        if self.pair is not None:
            first = {i.id for i in rq.pair_disagreements(todo, *self.pair)}
            if first:
                todo = [i for i in todo if i.id in first] + \
                    [i for i in todo if i.id not in first]
        return todo

    def step(self, direction: int = 1, quiet: bool = False) -> None:
        """Select the next (or previous) item of the pool, wrapping round with a message."""
        todo = self.pool()
        if not todo:
            what = "conflict" if self.conflicts_only else "item"
            self._message(f"No undecided {what} left in this document"
                          + ("" if quiet and not self.conflicts_only else
                             "; Ctrl+Return marks it reviewed."))
            return
        current = self.mode.selected_item()
        order = {i.id: n for n, i in enumerate(todo)}
        if current is None or current.id not in order:
            # not in the pool (just decided, or none selected): the next one in text order
            place = self.items.index(current) if current in self.items else -1
            text_order = {i.id: n for n, i in enumerate(self.items)}
            ahead = [i for i in todo if (text_order[i.id] - place) * direction > 0] \
                if place >= 0 and self.pair is None else []
            if ahead:
                self.mode.select((ahead[0] if direction > 0 else ahead[-1]).id)
                return
            if current is not None and place >= 0 and self.pair is None:
                self._wrapped(direction)
            self.mode.select((todo[0] if direction > 0 else todo[-1]).id)
            return
        n = order[current.id] + direction
        if not 0 <= n < len(todo):
            n %= len(todo)
            self._wrapped(direction)
        self.mode.select(todo[n].id)

    def _wrapped(self, direction: int) -> None:
        self._message("Wrapped round to the " + ("first" if direction > 0 else "last")
                      + " undecided item.")

    def next_item(self, direction: int = 1) -> None:
        """Tab: the next item in text order, decided or not, overlapping ones included."""
        if not self.items:
            return
        current = self.mode.selected_item()
        n = self.items.index(current) + direction if current in self.items else (
            0 if direction > 0 else len(self.items) - 1)
        if not 0 <= n < len(self.items):
            n %= len(self.items)
            self._message("Wrapped round to the " + ("first" if direction > 0 else "last")
                          + " item.")
        self.mode.select(self.items[n].id)

    def clicked_at(self, point: QPoint | None, first: str | None) -> str | None:
        """The item a click selects: on a place where several items lie, a click on the
        selected one moves to the next of them (the shortest first)."""
        if point is None:
            return first
        here = sorted(self.mode.view.spans_at_point(point),
                      key=lambda s: (s.end - s.start, s.start, s.label))
        ids = [s.id for s in here]
        selected = self.mode.view.selected_id
        if selected in ids and len(ids) > 1:
            return ids[(ids.index(selected) + 1) % len(ids)]
        return ids[0] if ids else first

    def reveal(self, item: rq.ReviewItem) -> None:
        """Scroll so the whole item shows: its end first, then its start (a span taller
        than the view shows from its start)."""
        view = self.mode.view
        cursor = view.textCursor()
        for pos in (item.end, item.start):
            cursor.setPosition(view.mapper.to_qt(pos), QTextCursor.MoveMode.MoveAnchor)
            view.setTextCursor(cursor)
            view.ensureCursorVisible()
