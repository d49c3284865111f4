"""Change notices: what a committed write changed, told to whoever listens (the window).

One door (docs/architecture.md): an edit is one store method, one transaction and, once
it has committed, one notice per kind of row it touched, carrying the ids. Views refresh
only what a notice names; `data_version` is left for writes by other processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum


class ChangeKind(StrEnum):
    """What kind of rows a change touched. A StrEnum: `kind == "spans"` still holds."""

    DOCUMENTS = "documents"
    SPANS = "spans"
    RELATIONS = "relations"
    STATUS = "status"  # a layer's status or a document's review status
    SCHEMA = "schema"
    ENTITIES = "entities"
    CONNECTION = "connection"  # reopened after its SQLite locks were lost (file_guard)


@dataclass(frozen=True, slots=True)
class Change:
    """What a committed write changed: `doc` the document row it concerns (None: many or
    none), `ids` the span, relation or entity ids of that kind."""

    kind: ChangeKind
    doc: int | None = None
    ids: tuple[str, ...] = ()


Listener = Callable[[Change], None]


class ChangeBus:
    """Notices queued during a transaction and delivered after it commits (or dropped)."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._pending: list[Change] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def queue(self, kind: ChangeKind, doc: int | None, ids: Iterable[str]) -> None:
        """Queue a notice. `kind` is a ChangeKind; a plain string naming one is turned into
        it (code written before the enum), and any other string raises ValueError, so a
        typo is never a notice nobody hears."""
        self._pending.append(Change(ChangeKind(kind), doc, tuple(ids)))

    def drop(self) -> None:
        """The transaction rolled back: nothing it queued happened."""
        self._pending.clear()

    def deliver(self) -> None:
        """The transaction committed: tell every listener, in the order of the writes."""
        changes, self._pending = self._pending, []
        for change in changes:
            for listener in list(self._listeners):
                listener(change)
