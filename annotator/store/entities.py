"""The actor registry: canonical actors (name, kind, aliases) that ACTOR spans point at.

Every write is one `store.write()` transaction announcing `Change("entities", ...)`, and
each returns what its undo needs. Entities are never removed: a merged one stays as a
tombstone with `merged_into`, so old exports that name it can still be resolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import orjson

from annotator.core.errors import DataError
from annotator.core.ids import new_id, now
from annotator.core.model import Entity
from annotator.core.schema import ACTOR
from annotator.store.changes import ChangeKind
from annotator.store.store import Store

ENTITY_LABEL = ACTOR  # registry actors are spans of this label
_COLS = "id, name, kind, aliases, updated_at"


@dataclass(slots=True)
class RegistryEntry:
    """An entity with how often it is mentioned (live ACTOR spans, every layer)."""

    entity: Entity
    mentions: int = 0
    documents: int = 0


@dataclass(frozen=True, slots=True)
class Mention:
    doc: int  # the document row
    doc_id: str
    span_id: str
    annotator: str
    start: int
    end: int
    text: str
    title: str | None = None  # the document's title, what a list of mentions shows


@dataclass(slots=True)
class MergeResult:
    """What `merge_entities` did, so `undo_merge` can put it back."""

    kept: str
    merged: str
    moved_spans: list[str] = field(default_factory=list)
    kept_aliases_before: list[str] = field(default_factory=list)


def _entity_from_row(row: tuple) -> Entity:
    eid, name, kind, aliases, updated = row
    return Entity(name, kind, orjson.loads(aliases), eid, updated)


def _clean(name: str, aliases: Iterable[str]) -> tuple[str, list[str]]:
    name = (name or "").strip()
    if not name:
        raise DataError("an actor needs a name")
    out: list[str] = []
    for alias in aliases:
        if not isinstance(alias, str):
            raise DataError("aliases are text")
        alias = alias.strip()
        if alias and alias != name and alias not in out:
            out.append(alias)
    return name, out


def _check_kind(store: Store, kind: str | None) -> None:
    """A kind must be one the schema's ACTOR `kind` attribute allows (if it lists any)."""
    if kind is None:
        return
    label = store.schema().label(ENTITY_LABEL)
    attr = label.attribute("kind") if label else None
    if attr is not None and attr.values and kind not in attr.values:
        raise DataError(f"unknown actor kind {kind!r} (expected one of "
                        f"{', '.join(attr.values)})")


# -- reading ---------------------------------------------------------------------------

def get_entity(store: Store, entity_id: str) -> Entity | None:
    """The entity with this id, live, merged or not (None if unknown)."""
    row = store.conn.execute(f"SELECT {_COLS} FROM entities WHERE id = ?",
                             (entity_id,)).fetchone()
    return _entity_from_row(row) if row else None


def resolve(store: Store, entity_id: str) -> str | None:
    """Follow `merged_into` to the live entity an id stands for today."""
    seen = set()
    current = entity_id
    while current is not None and current not in seen:
        seen.add(current)
        row = store.conn.execute("SELECT merged_into, deleted FROM entities WHERE id = ?",
                                 (current,)).fetchone()
        if row is None:
            return None
        if row[0] is None:
            return None if row[1] else current
        current = row[0]
    return None


def list_entities(store: Store) -> list[RegistryEntry]:
    """Live entities with mention counts, most mentioned first, then by name."""
    counts = {eid: (n, d) for eid, n, d in store.conn.execute(
        "SELECT entity, count(*), count(DISTINCT doc) FROM spans "
        "WHERE deleted = 0 AND entity IS NOT NULL GROUP BY entity")}
    entries = [RegistryEntry(e, *counts.get(e.id, (0, 0))) for e in (
        _entity_from_row(r) for r in store.conn.execute(
            f"SELECT {_COLS} FROM entities WHERE deleted = 0 AND merged_into IS NULL"))]
    entries.sort(key=lambda r: (-r.mentions, r.entity.name.casefold()))
    return entries


def live_entities(store: Store) -> list[Entity]:
    """Every live entity (what the registry suggester needs)."""
    return [_entity_from_row(r) for r in store.conn.execute(
        f"SELECT {_COLS} FROM entities WHERE deleted = 0 AND merged_into IS NULL "
        "ORDER BY name")]


def mentions(store: Store, entity_id: str) -> list[Mention]:
    """Every live span linked to this entity across the corpus, in document order."""
    rows = store.conn.execute(
        'SELECT s.doc, d.id, s.id, s.annotator, s.start, s."end", '
        'substr(d.text, s.start + 1, s."end" - s.start), d.title FROM spans s '
        "JOIN documents d ON d.pk = s.doc WHERE s.entity = ? AND s.deleted = 0 "
        "ORDER BY s.doc, s.start, s.annotator", (entity_id,))
    return [Mention(*r) for r in rows]


def search_entities(store: Store, text: str, limit: int = 20) -> list[Entity]:
    """Live actors whose name or alias holds `text` anywhere, case- and "the"-blind
    (see `actor_search`, which keeps the names normalized between keystrokes)."""
    from annotator.store.actor_search import search_entities as search

    return search(store, text, limit)


def find_actor(store: Store, name: str) -> Entity | None:
    """The live actor named `name` (or with it as an alias), case- and "the"-blind."""
    from annotator.store.actor_search import find_actor as find

    return find(store, name)


# -- writing ---------------------------------------------------------------------------

def create_entity(store: Store, name: str, kind: str | None = None,
                  aliases: Iterable[str] = (), entity_id: str | None = None) -> Entity:
    """Add an actor to the registry."""
    name, clean = _clean(name, aliases)
    eid = entity_id or new_id()
    stamp = now()
    with store.write() as conn:
        _check_kind(store, kind)
        if conn.execute("SELECT 1 FROM entities WHERE id = ?", (eid,)).fetchone():
            raise DataError(f"entity id {eid} is already used")
        conn.execute(
            "INSERT INTO entities (id, name, kind, aliases, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (eid, name, kind, orjson.dumps(clean).decode(), stamp, stamp))
        store.announce(ChangeKind.ENTITIES, None, [eid])
    return Entity(name, kind, clean, eid, stamp)


def update_entity(store: Store, entity_id: str, *, name: str | None = None,
                  kind: str | None = None, aliases: Iterable[str] | None = None,
                  clear_kind: bool = False) -> Entity:
    """Rename an actor or change its kind or aliases; returns the entity as it was."""
    with store.write() as conn:
        old = get_entity(store, entity_id)
        if old is None:
            raise DataError(f"no entity {entity_id}")
        new_name, new_aliases = _clean(name if name is not None else old.name,
                                       aliases if aliases is not None else old.aliases)
        new_kind = None if clear_kind else (kind if kind is not None else old.kind)
        _check_kind(store, new_kind)
        conn.execute("UPDATE entities SET name = ?, kind = ?, aliases = ?, updated_at = ? "
                     "WHERE id = ?", (new_name, new_kind, orjson.dumps(new_aliases).decode(),
                                      now(), entity_id))
        store.announce(ChangeKind.ENTITIES, None, [entity_id])
    return old


def delete_entity(store: Store, entity_id: str) -> None:
    """Tombstone an actor nobody mentions (the undo of creating one)."""
    with store.write() as conn:
        n = conn.execute("SELECT count(*) FROM spans WHERE entity = ? AND deleted = 0",
                         (entity_id,)).fetchone()[0]
        if n:
            raise DataError(f"the actor is still linked from {n} span(s); unlink or merge "
                            "it instead")
        if conn.execute("UPDATE entities SET deleted = 1, updated_at = ? WHERE id = ?",
                        (now(), entity_id)).rowcount == 0:
            raise DataError(f"no entity {entity_id}")
        store.announce(ChangeKind.ENTITIES, None, [entity_id])


def restore_entity(store: Store, entity_id: str) -> None:
    with store.write() as conn:
        if conn.execute("UPDATE entities SET deleted = 0, updated_at = ? WHERE id = ?",
                        (now(), entity_id)).rowcount == 0:
            raise DataError(f"no entity {entity_id}")
        store.announce(ChangeKind.ENTITIES, None, [entity_id])


def link_span(store: Store, span_id: str, entity_id: str | None) -> str | None:
    """Point an ACTOR span at an entity (None unlinks it); returns the previous entity id,
    so undo is `link_span(store, span_id, previous)`."""
    with store.write():
        span = store.span(span_id)
        if span is None:
            raise DataError(f"no span {span_id}")
        if entity_id is not None:
            if span.label != ENTITY_LABEL:
                raise DataError(f"only {ENTITY_LABEL} spans link to registry actors, "
                                f"not {span.label}")
            if resolve(store, entity_id) != entity_id:
                raise DataError(f"no live registry actor {entity_id}")
        store.update_span(span_id, entity=entity_id)
        store.announce(ChangeKind.ENTITIES, None, [e for e in (span.entity, entity_id) if e])
    return span.entity


def unlink_span(store: Store, span_id: str) -> str | None:
    return link_span(store, span_id, None)


def merge_entities(store: Store, keep_id: str, other_id: str) -> MergeResult:
    """Fold `other` into `keep`: its mentions move over, its name and aliases become
    aliases of `keep`, and it stays as a tombstone with `merged_into`."""
    if keep_id == other_id:
        raise DataError("cannot merge an actor with itself")
    stamp = now()
    with store.write() as conn:
        keep, other = get_entity(store, keep_id), get_entity(store, other_id)
        for eid, ent in ((keep_id, keep), (other_id, other)):
            if ent is None or resolve(store, eid) != eid:
                raise DataError(f"no live registry actor {eid}")
        _, aliases = _clean(keep.name, [*keep.aliases, other.name, *other.aliases])
        moved = conn.execute("SELECT id, doc FROM spans WHERE entity = ? AND deleted = 0",
                             (other_id,)).fetchall()
        conn.execute("UPDATE spans SET entity = ?, updated_at = ? WHERE entity = ? AND "
                     "deleted = 0", (keep_id, stamp, other_id))
        conn.execute("UPDATE entities SET aliases = ?, updated_at = ? WHERE id = ?",
                     (orjson.dumps(aliases).decode(), stamp, keep_id))
        conn.execute("UPDATE entities SET merged_into = ?, updated_at = ? WHERE id = ?",
                     (keep_id, stamp, other_id))
        _announce_spans(store, moved)
        store.announce(ChangeKind.ENTITIES, None, [keep_id, other_id])
    return MergeResult(keep_id, other_id, [r[0] for r in moved], list(keep.aliases))


def undo_merge(store: Store, result: MergeResult) -> None:
    """Put a merge back: the merged actor lives again with exactly its old mentions."""
    stamp = now()
    with store.write() as conn:
        marks = ",".join("?" * len(result.moved_spans))
        moved = conn.execute(f"SELECT id, doc FROM spans WHERE id IN ({marks})",
                             result.moved_spans).fetchall() if result.moved_spans else []
        if moved:
            conn.execute(f"UPDATE spans SET entity = ?, updated_at = ? WHERE id IN ({marks})",
                         (result.merged, stamp, *result.moved_spans))
        conn.execute("UPDATE entities SET aliases = ?, updated_at = ? WHERE id = ?",
                     (orjson.dumps(result.kept_aliases_before).decode(), stamp, result.kept))
        conn.execute("UPDATE entities SET merged_into = NULL, updated_at = ? WHERE id = ?",
                     (stamp, result.merged))
        _announce_spans(store, moved)
        store.announce(ChangeKind.ENTITIES, None, [result.kept, result.merged])


def _announce_spans(store: Store, rows: list[tuple[str, int]]) -> None:
    by_doc: dict[int, list[str]] = {}
    for sid, doc in rows:
        by_doc.setdefault(doc, []).append(sid)
    for doc, ids in by_doc.items():
        store.announce(ChangeKind.SPANS, doc, ids)
