"""Moving through review items: N / P to the next undecided item, span first, then link
(or the next conflict, with "conflicts only"; a pair's disagreements first when the
agreement view opened the document), never to a suggestion; Tab / Shift+Tab through every
item in text order, overlapping ones included, and a second click on the same place
cycling through the items stacked there. Wrapping round
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

    def stops(self) -> list[tuple[str, str | None]]:
        """Where N and P stop, in order, as (item id, link id or None): the undecided items
        of the pool, then the undecided links (ordered by their ends in the text); never a
        suggestion. "Conflicts only" stops at span conflicts alone."""
        spans = [(i.id, None) for i in self.pool()]
        if self.conflicts_only:
            return spans
        links = sorted((link for link in self.mode.link_items
                        if link.undecided and link.head in self.mode.by_id),
                       key=self._link_key)
        return spans + [(link.head, link.id) for link in links]

    def _link_key(self, link) -> tuple:
        order = {i.id: n for n, i in enumerate(self.items)}
        return (1, order.get(link.head, -1), order.get(link.child, -1), link.label, link.id)

    def _key(self, stop: tuple[str, str | None]) -> tuple:
        """A stop's place: every span in text order, then every link."""
        item_id, link_id = stop
        link = self.mode.link_by_id.get(link_id) if link_id else None
        if link is not None:
            return self._link_key(link)
        return (0, next((n for n, i in enumerate(self.items) if i.id == item_id), -1))

    def _go(self, stop: tuple[str, str | None]) -> None:
        item_id, link_id = stop
        self.mode.select(item_id)
        if link_id is not None:
            self.mode.select_link(link_id)

    def step(self, direction: int = 1, quiet: bool = False) -> None:
        """Select the next (or previous) stop, wrapping round with a message."""
        todo = self.stops()
        if not todo:
            what = "conflict" if self.conflicts_only else "item"
            self._message(f"No undecided {what} left in this document"
                          + ("" if quiet and not self.conflicts_only else
                             "; Ctrl+Return marks it reviewed."))
            return
        current = self.mode.selected_item()
        here = (current.id, self.mode.links.selected) if current is not None else None
        if here in todo:
            n = todo.index(here) + direction
            if not 0 <= n < len(todo):
                n %= len(todo)
                self._wrapped(direction)
            self._go(todo[n])
            return
        # not a stop (just decided, or none selected): the next one after it
        if current is not None and current in self.items and self.pair is None:
            place = self._key(here)
            ahead = [s for s in todo if (self._key(s) > place if direction > 0
                                         else self._key(s) < place)]
            if ahead:
                self._go(ahead[0] if direction > 0 else ahead[-1])
                return
            self._wrapped(direction)
        self._go(todo[0] if direction > 0 else todo[-1])

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
