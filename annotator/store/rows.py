"""Named rows of the annotation tables, and their conversion to the core model.

The column lists here are the one place that says what a row holds; the merge, the write
helpers and the readers all use these names instead of tuple positions.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat
from typing import Any, NamedTuple

import orjson

from annotator.core.model import Relation, Span

EMPTY_OBJ = "{}"

# Building a row from a tuple without NamedTuple's Python-level __new__: merges read and
# rewrite hundreds of thousands of rows, and the named constructor would cost a third of it.
_new = tuple.__new__

# What views read of a span / relation (`span_from_row`, `relation_from_row`).
SPAN_COLS = 'id, doc, annotator, start, "end", label, attrs, entity, updated_at'
REL_COLS = "id, doc, annotator, head, child, label, updated_at"


class SpanRow(NamedTuple):
    """A whole `spans` row. While a merge reads another file, `doc` is that file's key."""

    id: str | None
    doc: Any
    annotator: str
    start: int
    end: int
    label: str
    attrs: str  # JSON object text
    entity: str | None
    origin: str | None  # the analyst span a gold span was accepted from
    created_at: str | None
    updated_at: str | None
    deleted: int  # 1: a tombstone, kept so merges carry the deletion

    @property
    def place(self) -> tuple:
        """(doc, annotator, start, end, label): one live span per place (`spans_live`)."""
        return self[1:6]  # those five fields, sliced at C speed (merges ask this per row)

    def in_doc(self, doc: Any) -> SpanRow:
        """The same row in another document key (the other file's key -> our row)."""
        return _new(SpanRow, (self.id, doc, *self[2:]))


class RelationRow(NamedTuple):
    """A whole `relations` row (a link from span `head` to span `child`)."""

    id: str | None
    doc: Any
    annotator: str
    head: str
    child: str
    label: str
    attrs: str
    origin: str | None
    created_at: str | None
    updated_at: str | None
    deleted: int

    @property
    def place(self) -> tuple:
        """(doc, annotator, head, child, label): one live link per place."""
        return self[1:6]

    def in_doc(self, doc: Any, head: str, child: str) -> RelationRow:
        """The same link in another document key, between these spans."""
        return _new(RelationRow, (self.id, doc, self.annotator, head, child, *self[5:]))


class EntityRow(NamedTuple):
    """A whole `entities` row (an actor of the registry)."""

    id: str
    name: str
    kind: str | None
    aliases: str  # JSON list text
    merged_into: str | None
    created_at: str | None
    updated_at: str | None
    deleted: int


class DecisionRow(NamedTuple):
    """A `review_decisions` row: the reviewer's accept/reject of one item."""

    item: str
    doc: Any
    kind: str
    decision: str
    gold: str | None
    reviewer: str | None
    updated_at: str | None


class LayerRow(NamedTuple):
    """A `layers` row: an analyst's status for one document."""

    doc: Any
    annotator: str
    status: str | None
    updated_at: str | None


def make_rows(row_type: type, rows: Iterable[tuple]) -> list:
    """Rows of a named type from plain tuples in its field order (as SQLite returns them)."""
    return list(map(_new, repeat(row_type), rows))  # a C loop: no Python call per row


def columns(row_type: type[NamedTuple]) -> str:
    """The SQL column list of a row type, in field order ("end" quoted)."""
    return ", ".join('"end"' if f == "end" else f for f in row_type._fields)


SPAN_ROW_SQL = columns(SpanRow)
REL_ROW_SQL = columns(RelationRow)
ENT_ROW_SQL = columns(EntityRow)
DEC_ROW_SQL = columns(DecisionRow)


def dump(obj: Any) -> str:
    """JSON text of an attrs/meta object or a list, with the empty forms spelled alike."""
    if not obj:
        return EMPTY_OBJ if isinstance(obj, dict) or obj is None else "[]"
    return orjson.dumps(obj).decode()


def load_obj(text: str | None) -> dict[str, Any]:
    return orjson.loads(text) if text and text != EMPTY_OBJ else {}


def span_from_row(row: tuple) -> Span:
    """A core Span from a row of SPAN_COLS."""
    sid, _doc, annotator, start, end, label, attrs, entity, updated = row
    return Span(start, end, label, sid, load_obj(attrs), entity, annotator, updated)


def relation_from_row(row: tuple) -> Relation:
    """A core Relation from a row of REL_COLS."""
    rid, _doc, annotator, head, child, label, updated = row
    return Relation(head, child, label, rid, annotator, updated)
