"""One truth for an actor's kind: the registry's `kind` and the `kind` attribute of every
ACTOR span linked to it move together.

Each write here is ONE transaction that changes the registry and the spans at once, and
returns a `Snapshot` of every row it touched as it was before; `restore(store, snapshot)`
is the exact inverse (the window's undo), also one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from annotator.core.errors import DataError
from annotator.core.ids import now
from annotator.core.model import Entity
from annotator.store import entities as reg
from annotator.store.changes import ChangeKind
from annotator.store.store import Store

KIND = "kind"


@dataclass(slots=True)
class Snapshot:
    """Rows as they were before a synced write: entity (name, kind, aliases, deleted) by
    id, span (attrs, entity) by id. `created` names an entity the write created."""

    entities: dict[str, tuple[str, str | None, list[str], int]] = field(default_factory=dict)
    spans: dict[str, tuple[dict[str, Any], str | None]] = field(default_factory=dict)
    created: str | None = None


def _remember(store: Store, snap: Snapshot, span_ids: Iterable[str] = (),
              entity_ids: Iterable[str] = ()) -> None:
    for sid in span_ids:
        if sid not in snap.spans:
            span = store.span(sid)
            if span is not None:
                snap.spans[sid] = (dict(span.attrs), span.entity)
    for eid in entity_ids:
        if eid and eid not in snap.entities:
            row = store.conn.execute("SELECT name, kind, aliases, deleted FROM entities "
                                     "WHERE id = ?", (eid,)).fetchone()
            if row is not None:
                snap.entities[eid] = (row[0], row[1], orjson.loads(row[2]), row[3])


def _linked_spans(store: Store, entity_id: str) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM spans WHERE entity = ? AND deleted = 0", (entity_id,))]


def _spread_kind(store: Store, snap: Snapshot, entity_id: str, kind: str | None) -> None:
    """Set the entity's kind and the `kind` of every span linked to it (inside a write)."""
    span_ids = _linked_spans(store, entity_id)
    _remember(store, snap, span_ids, [entity_id])
    store.conn.execute("UPDATE entities SET kind = ?, updated_at = ? WHERE id = ?",
                       (kind, now(), entity_id))
    for sid in span_ids:
        attrs = dict(snap.spans[sid][0])
        if attrs.get(KIND) == kind or (kind is None and KIND not in attrs):
            continue
        if kind is None:
            attrs.pop(KIND, None)
        else:
            attrs[KIND] = kind
        store.update_span(sid, attrs=attrs)
    store.announce(ChangeKind.ENTITIES, None, [entity_id])


def set_entity_kind(store: Store, entity_id: str, kind: str | None) -> Snapshot:
    """Change an actor's kind in the registry and on every span linked to it."""
    reg._check_kind(store, kind)
    if reg.get_entity(store, entity_id) is None:
        raise DataError(f"no entity {entity_id}")
    snap = Snapshot()
    with store.write():
        _spread_kind(store, snap, entity_id, kind)
    return snap


def edit_entity(store: Store, entity_id: str, name: str, kind: str | None,
                aliases: Iterable[str]) -> Snapshot:
    """Rename an actor and set its kind and aliases; its spans follow the kind."""
    snap = Snapshot()
    with store.write():
        _remember(store, snap, (), [entity_id])
        reg.update_entity(store, entity_id, name=name, aliases=list(aliases), kind=kind,
                          clear_kind=kind is None)
        _spread_kind(store, snap, entity_id, kind)
    return snap


def set_span_attrs(store: Store, span_id: str, attrs: dict[str, Any]) -> Snapshot:
    """Replace a span's attributes; when it is an ACTOR linked to the registry and its
    kind changes, the registry actor and its other spans take the new kind too."""
    span = store.span(span_id)
    if span is None:
        raise DataError(f"no span {span_id}")
    new_kind = attrs.get(KIND) or None
    follows = (span.label == reg.ENTITY_LABEL and span.entity is not None
               and new_kind != (span.attrs.get(KIND) or None))
    if follows:
        reg._check_kind(store, new_kind)
    snap = Snapshot()
    with store.write():
        _remember(store, snap, [span_id])
        store.update_span(span_id, attrs=dict(attrs))
        if follows:
            _spread_kind(store, snap, span.entity, new_kind)
    return snap


def link_span(store: Store, span_id: str, entity_id: str | None) -> Snapshot:
    """Point an ACTOR span at an actor (None unlinks it) and bring their kinds in step:
    the span takes the actor's kind; an actor without one takes the span's."""
    span = store.span(span_id)
    if span is None:
        raise DataError(f"no span {span_id}")
    snap = Snapshot()
    with store.write():
        _remember(store, snap, [span_id], [span.entity, entity_id])
        reg.link_span(store, span_id, entity_id)
        if entity_id is not None:
            entity = reg.get_entity(store, entity_id)
            kind = entity.kind or span.attrs.get(KIND) or None
            if kind is not None:  # neither has one: nothing to bring in step
                _spread_kind(store, snap, entity_id, kind)
    return snap


def create_actor_for_span(store: Store, span_id: str, name: str, kind: str | None = None,
                          aliases: Iterable[str] = (), entity_id: str | None = None
                          ) -> tuple[Entity, Snapshot]:
    """Add an actor to the registry and link the span to it, in one transaction; the
    actor's kind is `kind`, else the span's."""
    span = store.span(span_id)
    if span is None:
        raise DataError(f"no span {span_id}")
    kind = kind or span.attrs.get(KIND) or None
    with store.write():
        entity = reg.create_entity(store, name, kind, aliases, entity_id)
        snap = link_span(store, span_id, entity.id)
        snap.created = entity.id
    return entity, snap


def restore(store: Store, snap: Snapshot) -> None:
    """Put every row a synced write touched back as it was (its undo)."""
    stamp = now()
    with store.write() as conn:
        for sid, (attrs, entity) in snap.spans.items():
            store.update_span(sid, attrs=attrs, entity=entity)
        for eid, (name, kind, aliases, deleted) in snap.entities.items():
            conn.execute("UPDATE entities SET name = ?, kind = ?, aliases = ?, deleted = ?, "
                         "updated_at = ? WHERE id = ?",
                         (name, kind, orjson.dumps(aliases).decode(), deleted, stamp, eid))
        if snap.created is not None:
            conn.execute("UPDATE entities SET deleted = 1, updated_at = ? WHERE id = ?",
                         (stamp, snap.created))
        store.announce(ChangeKind.ENTITIES, None, [*snap.entities, *([snap.created] if snap.created
                                                           else [])])


def reapply(store: Store, snap: Snapshot, after: Snapshot) -> None:
    """Redo: put back the rows as they were after the write (`after` is a Snapshot taken
    of the same rows once it was done, see `after_of`)."""
    restore(store, after)
    if snap.created is not None:
        with store.write() as conn:
            conn.execute("UPDATE entities SET deleted = 0, updated_at = ? WHERE id = ?",
                         (now(), snap.created))
            store.announce(ChangeKind.ENTITIES, None, [snap.created])


def after_of(store: Store, snap: Snapshot) -> Snapshot:
    """The same rows as `snap` names, as they are now (what a redo puts back)."""
    now_snap = Snapshot()
    _remember(store, now_snap, snap.spans, snap.entities)
    return now_snap
