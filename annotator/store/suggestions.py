"""Accepting a suggestion: it becomes annotations in ONE transaction.

One truth for actors: a quote's speaker links to the ACTOR span the layer already has on
those words (the same span, else the one enclosing it, else one inside or overlapping it)
instead of a second, overlapping ACTOR, and a speaker the analyst rejected as a suggestion
is never created. New spans carry the attributes the schema gives by default, an ACTOR
linked to the registry its actor's kind, and a speaker its title when the schema has a
`title` attribute. An ACTOR found by a pattern with an `id` links to the registry actor
of that id, which is created (named by the matched words) when the registry lacks it.

`accept` returns an `Accepted` naming only what it created; `undo_accept` takes exactly
that back and `redo_accept` restores the same ids.
"""

from __future__ import annotations

from typing import NamedTuple

from annotator.core.errors import DataError
from annotator.core.schema import ACTOR, SPEAKER
from annotator.core.schema_rules import with_defaults
from annotator.core.suggest_base import SpeakerHint, Suggestion
from annotator.store import entities as reg
from annotator.store.rejections import rejected, unreject
from annotator.store.store import Store

SPEAKER_RELATION = SPEAKER
SPEAKER_LABEL = ACTOR
# The relation a suggestion's named actors get, by the suggestion's label.
RELATION_FOR = {"QUOTE": SPEAKER_RELATION, "EVENT": "AGENT"}
TITLE_ATTR = "title"


class Accepted(NamedTuple):
    """What one `accept` created: spans, links and registry actors (ids)."""

    span_ids: list[str]
    relation_ids: list[str]
    entity_ids: tuple[str, ...] | list[str] = ()


def actor_for(store: Store, doc: int, annotator: str, start: int, end: int) -> str | None:
    """The layer's ACTOR span that stands for the words [start, end): the one on exactly
    those words, else the smallest enclosing them, else the one overlapping them most."""
    rows = store.conn.execute(
        'SELECT id, start, "end" FROM spans WHERE doc = ? AND annotator = ? AND label = ? '
        'AND deleted = 0 AND start < ? AND "end" > ?',
        (doc, annotator, SPEAKER_LABEL, end, start)).fetchall()
    if not rows:
        return None

    def preference(row: tuple) -> tuple:
        _sid, a, b = row
        exact = (a, b) == (start, end)
        encloses = a <= start and b >= end
        overlap = min(b, end) - max(a, start)
        return (not exact, not encloses, (b - a) if encloses else -overlap, a)

    return min(rows, key=preference)[0]


def _live_entity(store: Store, entity_id: str | None) -> str | None:
    return reg.resolve(store, entity_id) if entity_id else None


def _kind_of(store: Store, entity_id: str | None) -> str | None:
    entity = reg.get_entity(store, entity_id) if entity_id else None
    return entity.kind if entity else None


def _actor_attrs(store: Store, entity_id: str | None, attrs: dict,
                 title: str | None = None) -> dict:
    schema = store.schema()
    attrs = dict(attrs)
    kind = _kind_of(store, entity_id)
    if kind is not None:
        attrs["kind"] = kind
    label = schema.label(SPEAKER_LABEL)
    if title and label is not None and label.attribute(TITLE_ATTR) is not None:
        attrs[TITLE_ATTR] = title
    return with_defaults(schema, SPEAKER_LABEL, attrs)


def _pattern_actor(store: Store, suggestion: Suggestion, text: str,
                   created: list[str]) -> str | None:
    """The registry actor a pattern's id names, created if the registry lacks it."""
    pid = suggestion.pattern_id
    if not pid or suggestion.label != reg.ENTITY_LABEL:
        return None
    live = _live_entity(store, pid)
    if live is not None:
        return live
    if reg.get_entity(store, pid) is not None:
        return None  # a deleted actor: not brought back behind the analyst's back
    reg.create_entity(store, text, None, (), pid)
    created.append(pid)
    return pid


def _speaker_span(store: Store, doc: int, annotator: str, hint: SpeakerHint,
                  refused: set, created: list[str]) -> str | None:
    existing = actor_for(store, doc, annotator, hint.start, hint.end)
    if existing is not None:
        return existing
    if (hint.start, hint.end, SPEAKER_LABEL) in refused:
        return None  # the analyst rejected this ACTOR: do not create it behind their back
    entity = _live_entity(store, hint.entity)
    span = store.add_span(doc, annotator, hint.start, hint.end, SPEAKER_LABEL,
                          _actor_attrs(store, entity, {}, hint.title), entity)
    created.append(span.id)
    return span.id


def accept(store: Store, doc: int, annotator: str, suggestion: Suggestion,
           with_speaker: bool = True) -> Accepted:
    """Add the suggested span to `annotator`'s layer of document `doc`, and for a quote
    each speaker (an existing ACTOR span when there is one) with its SPEAKER link.

    A span already at the suggestion's own offsets is refused: the suggestion is no longer
    new. Accepting a suggestion the analyst had rejected takes the rejection back.
    """
    spans: list[str] = []
    relations: list[str] = []
    entities: list[str] = []
    hints = suggestion.speakers if with_speaker else []
    relation = RELATION_FOR.get(suggestion.label, SPEAKER_RELATION)
    with store.write():
        text = store.document(doc).text[suggestion.start:suggestion.end]
        if hints and store.schema().relation(relation) is None:
            raise DataError(f"the schema has no {relation} relation")
        refused = rejected(store, doc, annotator)
        if suggestion.key in refused:
            unreject(store, doc, annotator, [suggestion.key])
        entity = _live_entity(store, suggestion.entity) or \
            _pattern_actor(store, suggestion, text, entities)
        attrs = _actor_attrs(store, entity, suggestion.attrs) \
            if suggestion.label == reg.ENTITY_LABEL else \
            with_defaults(store.schema(), suggestion.label, suggestion.attrs)
        span = store.add_span(doc, annotator, suggestion.start, suggestion.end,
                              suggestion.label, attrs, entity)
        spans.append(span.id)
        linked: set[str] = set()
        for hint in hints:
            actor = _speaker_span(store, doc, annotator, hint, refused, spans)
            if actor is None or actor in linked or actor == span.id:
                continue
            linked.add(actor)
            relations.append(store.add_relation(span.id, actor, relation).id)
    return Accepted(spans, relations, entities)


def undo_accept(store: Store, accepted: Accepted) -> None:
    """Take back what `accept` created, in one transaction."""
    with store.write():
        for rid in reversed(accepted.relation_ids):
            store.delete_relation(rid)
        for sid in reversed(accepted.span_ids):
            store.delete_span(sid)
        for eid in accepted.entity_ids:
            reg.delete_entity(store, eid)


def redo_accept(store: Store, accepted: Accepted) -> None:
    """Bring back what `undo_accept` took back, in one transaction."""
    with store.write():
        for eid in accepted.entity_ids:
            reg.restore_entity(store, eid)
        for sid in accepted.span_ids:
            store.restore_span(sid)
        for rid in accepted.relation_ids:
            store.restore_relation(rid)
