"""Undo commands for the rich edits: attributes, links, registry actors, suggestions.

Each calls the store (or a store-level helper that is one transaction) and keeps what its
inverse needs, like the commands in `commands.py`. `doc` is None for a registry edit
that belongs to no document, so undoing it does not switch documents. Edits that touch an
actor's kind go through `store.actor_sync`, so the registry and the linked spans change
together and undo together.
"""

from __future__ import annotations

import copy
from typing import Any

from annotator.core.schema import LabelSchema
from annotator.core.suggest_base import Suggestion
from annotator.store import Store, actor_sync
from annotator.store.entities import merge_entities, undo_merge
from annotator.store.schema_guard import apply_schema
from annotator.store.suggestions import Accepted, accept, redo_accept, undo_accept
from annotator.ui.article.commands import Report, StoreCommand


class _Synced(StoreCommand):
    """A write through `actor_sync`: undo restores the rows it touched as they were, redo
    puts them back as the write left them."""

    snap: actor_sync.Snapshot | None = None
    after: actor_sync.Snapshot | None = None

    def write(self) -> actor_sync.Snapshot:
        raise NotImplementedError

    def do(self) -> None:
        if self.snap is None:
            self.snap = self.write()
            self.after = actor_sync.after_of(self.store, self.snap)
        else:
            actor_sync.reapply(self.store, self.snap, self.after)

    def undo_it(self) -> None:
        actor_sync.restore(self.store, self.snap)


class SetAttrs(_Synced):
    """Replace a span's attributes (an ACTOR's kind moves its registry actor and that
    actor's other spans too); undo puts them all back."""

    def __init__(self, store: Store, doc: int, span_id: str, old: dict[str, Any],
                 new: dict[str, Any], what: str, report: Report | None = None):
        super().__init__(store, doc, f"Set {what}", report)
        self.span_id, self.old, self.new = span_id, dict(old), dict(new)

    def write(self) -> actor_sync.Snapshot:
        return actor_sync.set_span_attrs(self.store, self.span_id, self.new)


class AddLink(StoreCommand):
    """Link two spans; undo tombstones the link, redo restores the same one."""

    def __init__(self, store: Store, doc: int, head: str, child: str, label: str,
                 what: str, report: Report | None = None):
        super().__init__(store, doc, f"Link {label} {what}", report)
        self.head, self.child, self.label = head, child, label
        self.relation_id: str | None = None

    def do(self) -> None:
        if self.relation_id is None:
            self.relation_id = self.store.add_relation(self.head, self.child, self.label).id
        else:
            self.store.restore_relation(self.relation_id)

    def undo_it(self) -> None:
        self.store.delete_relation(self.relation_id)


class DeleteLink(StoreCommand):
    def __init__(self, store: Store, doc: int, relation_id: str, what: str,
                 report: Report | None = None):
        super().__init__(store, doc, f"Delete link {what}", report)
        self.relation_id = relation_id

    def do(self) -> None:
        self.store.delete_relation(self.relation_id)

    def undo_it(self) -> None:
        self.store.restore_relation(self.relation_id)


class LinkEntity(_Synced):
    """Point an ACTOR span at a registry actor, creating the actor first when `new_name`
    is given; the span and the actor take one kind. Undo unlinks, puts the kinds back and
    retires an actor this command created."""

    def __init__(self, store: Store, doc: int, span_id: str, entity_id: str | None,
                 what: str, new_name: str | None = None, new_kind: str | None = None,
                 report: Report | None = None):
        verb = f"Create actor '{new_name}' for" if new_name else (
            "Link" if entity_id else "Unlink")
        super().__init__(store, doc, f"{verb} {what}", report)
        self.span_id, self.entity_id = span_id, entity_id
        self.new_name, self.new_kind = new_name, new_kind

    def write(self) -> actor_sync.Snapshot:
        if self.new_name is not None and self.entity_id is None:
            entity, snap = actor_sync.create_actor_for_span(self.store, self.span_id,
                                                            self.new_name, self.new_kind)
            self.entity_id = entity.id
            return snap
        return actor_sync.link_span(self.store, self.span_id, self.entity_id)


class MergeEntities(StoreCommand):
    """Fold one registry actor into another; undo splits them back exactly."""

    def __init__(self, store: Store, doc: int | None, keep: str, other: str, what: str,
                 report: Report | None = None):
        super().__init__(store, doc, f"Merge {what}", report)
        self.keep, self.other = keep, other
        self.result = None

    def do(self) -> None:
        self.result = merge_entities(self.store, self.keep, self.other)

    def undo_it(self) -> None:
        undo_merge(self.store, self.result)


class AcceptSuggestions(StoreCommand):
    """Turn suggestions into annotations (a quote with its speaker and SPEAKER link).

    Each suggestion is accepted in its own transaction; one the data refuses meanwhile
    (already labeled) is skipped and counted, so "accept all" takes what it can. Undo
    takes back exactly what was created, newest first; redo restores the same ids.
    """

    def __init__(self, store: Store, doc: int, annotator: str,
                 suggestions: list[Suggestion], what: str, report: Report | None = None):
        super().__init__(store, doc, f"Accept {what}", report)
        self.annotator, self.suggestions = annotator, list(suggestions)
        self.done: list[Accepted] = []
        self.skipped = 0
        self._accepted_once = False

    def do(self) -> None:
        from annotator.core.errors import DataError

        if self._accepted_once:
            for accepted in self.done:
                redo_accept(self.store, accepted)
            return
        errors = []
        for s in self.suggestions:
            try:
                self.done.append(accept(self.store, self.doc, self.annotator, s))
            except DataError as exc:
                self.skipped += 1
                errors.append(str(exc))
        self._accepted_once = True
        if not self.done:
            raise DataError(errors[0] if errors else "nothing to accept")

    def undo_it(self) -> None:
        for accepted in reversed(self.done):
            undo_accept(self.store, accepted)

    def created_spans(self) -> list[str]:
        return [sid for accepted in self.done for sid in accepted.span_ids]


class EditEntity(_Synced):
    """Rename a registry actor or change its kind and aliases; its spans take the kind.
    Undo puts the actor and its spans back."""

    def __init__(self, store: Store, entity_id: str, name: str, kind: str | None,
                 aliases: list[str], report: Report | None = None):
        super().__init__(store, None, f"Edit actor '{name}'", report)
        self.entity_id = entity_id
        self.new = (name, kind, list(aliases))

    def write(self) -> actor_sync.Snapshot:
        name, kind, aliases = self.new
        return actor_sync.edit_entity(self.store, self.entity_id, name, kind, aliases)


class SetSchema(StoreCommand):
    """Replace the label schema; undo puts the previous one back (refused, with a message,
    if annotations made meanwhile need the new one)."""

    def __init__(self, store: Store, schema: LabelSchema, report: Report | None = None):
        super().__init__(store, None, "Change the label schema", report)
        self.new = schema
        self.old: LabelSchema | None = None

    def do(self) -> None:
        self.old = copy.deepcopy(self.store.schema())
        apply_schema(self.store, self.new)

    def undo_it(self) -> None:
        apply_schema(self.store, self.old)
