"""The store's one write vocabulary: the SQL every write path shares.

Each helper runs inside the caller's transaction (`Store.write()`) and announces nothing:
the caller knows which notice its operation makes. Spans and links die together: a span is
tombstoned with every live link touching it, and brought back with the links it took.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from annotator.core.errors import DataError
from annotator.core.ids import now
from annotator.core.model import Span
from annotator.store.rows import (
    REL_ROW_SQL,
    SPAN_COLS,
    SPAN_ROW_SQL,
    RelationRow,
    SpanRow,
    span_from_row,
)

_INSERT_SPANS = f"INSERT INTO spans ({SPAN_ROW_SQL}) VALUES ({', '.join('?' * 12)})"
_INSERT_RELATIONS = f"INSERT INTO relations ({REL_ROW_SQL}) VALUES ({', '.join('?' * 11)})"
_UPSERT_LAYER = ("INSERT INTO layers (doc, annotator, status, updated_at) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT (doc, annotator) DO UPDATE SET status = excluded.status, "
                 "updated_at = excluded.updated_at")


# -- reading what a write needs ---------------------------------------------------------

def live_span(conn: sqlite3.Connection, span_id: str) -> Span | None:
    """The span if it exists and is not a tombstone."""
    row = conn.execute(f"SELECT {SPAN_COLS} FROM spans WHERE id = ? AND deleted = 0",
                       (span_id,)).fetchone()
    return span_from_row(row) if row else None


def live_span_doc(conn: sqlite3.Connection, span_id: str) -> tuple[int, Span]:
    """(document row, span) of a live span; DataError if there is none."""
    row = conn.execute(f"SELECT {SPAN_COLS} FROM spans WHERE id = ? AND deleted = 0",
                       (span_id,)).fetchone()
    if row is None:
        raise DataError(f"no live span {span_id}")
    return row[1], span_from_row(row)


def span_at(conn: sqlite3.Connection, doc: int, annotator: str, start: int, end: int,
            label: str) -> str | None:
    """The id of the live span of this layer at these offsets with this label, if any."""
    row = conn.execute(
        'SELECT id FROM spans WHERE doc = ? AND annotator = ? AND start = ? AND "end" = ? '
        "AND label = ? AND deleted = 0", (doc, annotator, start, end, label)).fetchone()
    return row[0] if row else None


def relation_at(conn: sqlite3.Connection, doc: int, annotator: str, head: str, child: str,
                label: str) -> str | None:
    """The id of the live link of this layer between these spans with this type, if any."""
    row = conn.execute(
        "SELECT id FROM relations WHERE doc = ? AND annotator = ? AND head = ? AND child = ? "
        "AND label = ? AND deleted = 0", (doc, annotator, head, child, label)).fetchone()
    return row[0] if row else None


def text_length(conn: sqlite3.Connection, doc: int) -> int:
    row = conn.execute("SELECT length(text) FROM documents WHERE pk = ?", (doc,)).fetchone()
    if row is None:
        raise DataError(f"no document {doc}")
    return row[0]


def check_offsets(conn: sqlite3.Connection, doc: int, start: int, end: int,
                  length: int | None = None) -> None:
    """Refuse offsets outside the document's text (code points, end exclusive). `length`:
    the text's length when the caller knows it (SQLite's length() reads the whole text)."""
    if length is None:
        length = text_length(conn, doc)
    if not (0 <= start < end <= length):
        raise DataError(f"span {start}-{end} is outside the text (length {length})")


def split_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> tuple[list[str], list[str]]:
    """(span ids, relation ids) of a mixed list, each in the given order."""
    spans, relations = [], []
    for the_id in ids:
        is_span = conn.execute("SELECT 1 FROM spans WHERE id = ?", (the_id,)).fetchone()
        (spans if is_span else relations).append(the_id)
    return spans, relations


# -- spans and links ----------------------------------------------------------------------

def insert_spans(conn: sqlite3.Connection, rows: Iterable[SpanRow | tuple]) -> None:
    """Insert whole span rows (SpanRows, or plain tuples in SpanRow's field order);
    sqlite3.IntegrityError on a taken id or a taken place."""
    conn.executemany(_INSERT_SPANS, map(tuple, rows))  # exact tuples bind fastest


def insert_relations(conn: sqlite3.Connection, rows: Iterable[RelationRow | tuple], *,
                     or_ignore: bool = False) -> None:
    """Insert whole link rows, or tuples in RelationRow's field order (`or_ignore`: skip
    rows whose id is taken)."""
    sql = _INSERT_RELATIONS.replace("INSERT", "INSERT OR IGNORE", 1) if or_ignore \
        else _INSERT_RELATIONS
    conn.executemany(sql, map(tuple, rows))


def new_span(span_id: str, doc: int, annotator: str, start: int, end: int, label: str,
             attrs: str, entity: str | None, stamp: str, origin: str | None = None) -> SpanRow:
    """A live span row created now."""
    return SpanRow(span_id, doc, annotator, start, end, label, attrs, entity, origin, stamp,
                   stamp, 0)


def new_relation(relation_id: str, doc: int, annotator: str, head: str, child: str,
                 label: str, stamp: str, origin: str | None = None) -> RelationRow:
    """A live link row created now."""
    return RelationRow(relation_id, doc, annotator, head, child, label, "{}", origin, stamp,
                       stamp, 0)


def live_links_of(conn: sqlite3.Connection, span_id: str) -> list[str]:
    """Ids of the live links with `span_id` at either end."""
    return [r[0] for r in conn.execute(
        "SELECT id FROM relations WHERE (head = ? OR child = ?) AND deleted = 0",
        (span_id, span_id))]


def tombstone_span(conn: sqlite3.Connection, span_id: str, stamp: str | None = None
                   ) -> list[str]:
    """Tombstone a span and every live link touching it; returns those links' ids."""
    stamp = stamp or now()
    rel_ids = live_links_of(conn, span_id)
    conn.execute("UPDATE spans SET deleted = 1, updated_at = ? WHERE id = ?", (stamp, span_id))
    set_relations_deleted(conn, rel_ids, True, stamp)
    return rel_ids


def restore_span(conn: sqlite3.Connection, span_id: str, relation_ids: Sequence[str] = (),
                 stamp: str | None = None) -> None:
    """Bring a tombstoned span back with the links it took with it."""
    stamp = stamp or now()
    try:
        conn.execute("UPDATE spans SET deleted = 0, updated_at = ? WHERE id = ?",
                     (stamp, span_id))
    except sqlite3.IntegrityError:
        raise DataError("the same span has been labeled again meanwhile") from None
    set_relations_deleted(conn, relation_ids, False, stamp)


def set_relations_deleted(conn: sqlite3.Connection, relation_ids: Iterable[str],
                          deleted: bool, stamp: str | None = None) -> None:
    """Tombstone (or bring back) links by id."""
    stamp = stamp or now()
    conn.executemany("UPDATE relations SET deleted = ?, updated_at = ? WHERE id = ?",
                     [(int(deleted), stamp, r) for r in relation_ids])


# -- layers and review ----------------------------------------------------------------------

def layer_status(conn: sqlite3.Connection, doc: int, annotator: str) -> str | None:
    """The status of an analyst's layer, None if the layer does not exist."""
    row = conn.execute("SELECT status FROM layers WHERE doc = ? AND annotator = ?",
                       (doc, annotator)).fetchone()
    return row[0] if row else None


def upsert_layer(conn: sqlite3.Connection, doc: int, annotator: str, status: str,
                 stamp: str | None = None) -> None:
    """Create the layer or set its status."""
    conn.execute(_UPSERT_LAYER, (doc, annotator, status, stamp or now()))


def upsert_layers(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Create or set many layers: rows of (doc, annotator, status, updated_at)."""
    conn.executemany(_UPSERT_LAYER, rows)


def review_state(conn: sqlite3.Connection, doc: int) -> tuple[str, str | None, str | None]:
    """(status, reviewer, reviewed_at) of a document."""
    row = conn.execute("SELECT review_status, reviewer, reviewed_at FROM documents "
                       "WHERE pk = ?", (doc,)).fetchone()
    if row is None:
        raise DataError(f"no document {doc}")
    return row


def write_review(conn: sqlite3.Connection, doc: int, status: str, reviewer: str | None,
                 when: str | None = None) -> None:
    """Set a document's review status, who set it and when (now unless given)."""
    conn.execute("UPDATE documents SET review_status = ?, reviewer = ?, reviewed_at = ? "
                 "WHERE pk = ?", (status, reviewer, when or now(), doc))
