"""The Store's spans and links: reading a layer, and the window's single edits.

A mixin of `Store`. Every write checks its inputs inside its own transaction (a span's
offsets against the text, labels against the schema), writes through `writes`, moves the
layer to "in progress" and announces exactly the rows it changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from annotator.core.errors import DataError
from annotator.core.ids import new_id, now
from annotator.core.model import Relation, Span
from annotator.store import writes
from annotator.store.changes import ChangeKind
from annotator.store.rows import REL_COLS, SPAN_COLS, dump, relation_from_row, span_from_row

SPAN_FIELDS = ("label", "start", "end", "attrs", "entity")  # what `update_span` may change


class AnnotationsMixin:
    """Uses the Store's `conn`, `write`, `announce`, `schema` and `touch_layer`."""

    conn: sqlite3.Connection

    # -- spans ----------------------------------------------------------------------

    def text_length(self, conn: sqlite3.Connection, doc: int) -> int:
        """The document's length in code points, remembered: a text never changes after
        import and documents are never deleted (a rolled-back write forgets them all), and
        length() reads all of a 1 MB text (2.4 ms, once per label key press before this)."""
        length = self._text_lengths.get(doc)
        if length is None:
            length = self._text_lengths[doc] = writes.text_length(conn, doc)
        return length

    def spans(self, doc: int, annotator: str | None = None) -> list[Span]:
        """Live spans of a document (one layer, or all), sorted by (start, end, label)."""
        if annotator is None:
            rows = self.conn.execute(
                f'SELECT {SPAN_COLS} FROM spans WHERE doc = ? AND deleted = 0 '
                'ORDER BY start, "end", label, annotator', (doc,))
        else:
            rows = self.conn.execute(
                f'SELECT {SPAN_COLS} FROM spans WHERE doc = ? AND annotator = ? AND deleted = 0 '
                'ORDER BY start, "end", label', (doc, annotator))
        return [span_from_row(r) for r in rows]

    def span(self, span_id: str) -> Span | None:
        """The span with this id, live or a tombstone."""
        row = self.conn.execute(f"SELECT {SPAN_COLS} FROM spans WHERE id = ?",
                                (span_id,)).fetchone()
        return span_from_row(row) if row else None

    def live_span(self, span_id: str) -> Span | None:
        """The span if it exists and is not deleted."""
        return writes.live_span(self.conn, span_id)

    def span_at(self, doc: int, annotator: str, start: int, end: int,
                label: str) -> str | None:
        """The id of the live span of a layer at these offsets with this label, if any."""
        return writes.span_at(self.conn, doc, annotator, start, end, label)

    def span_doc(self, span_id: str) -> int | None:
        row = self.conn.execute("SELECT doc FROM spans WHERE id = ?", (span_id,)).fetchone()
        return row[0] if row else None

    def add_span(self, doc: int, annotator: str, start: int, end: int, label: str,
                 attrs: dict[str, Any] | None = None, entity: str | None = None,
                 span_id: str | None = None) -> Span:
        """Add a span to an analyst's layer; refuses bad offsets and unknown labels."""
        sid = span_id or new_id()
        stamp = now()
        with self.write() as conn:
            writes.check_offsets(conn, doc, start, end, self.text_length(conn, doc))
            if self.schema().label(label) is None:
                raise DataError(f"unknown label {label!r}")
            try:
                writes.insert_spans(conn, [writes.new_span(
                    sid, doc, annotator, start, end, label, dump(attrs), entity, stamp)])
            except sqlite3.IntegrityError:
                raise DataError(f"{label} {start}-{end} is already labeled") from None
            self.touch_layer(conn, doc, annotator)
            self.announce(ChangeKind.SPANS, doc, [sid])
        return Span(start, end, label, sid, dict(attrs or {}), entity, annotator, stamp)

    def delete_span(self, span_id: str) -> list[str]:
        """Tombstone a span and the relations touching it; returns those relation ids."""
        with self.write() as conn:
            doc, span = writes.live_span_doc(conn, span_id)
            rel_ids = writes.tombstone_span(conn, span_id)
            if rel_ids:
                self.announce(ChangeKind.RELATIONS, doc, rel_ids)
            self.touch_layer(conn, doc, span.annotator)
            self.announce(ChangeKind.SPANS, doc, [span_id])
        return rel_ids

    def restore_span(self, span_id: str, relation_ids: Iterable[str] = ()) -> None:
        """Bring a tombstoned span back (undo of delete, redo of add) with its relations."""
        relation_ids = list(relation_ids)
        with self.write() as conn:
            doc = self.span_doc(span_id)
            if doc is None:
                raise DataError(f"no span {span_id}")
            writes.restore_span(conn, span_id, relation_ids)
            if relation_ids:
                self.announce(ChangeKind.RELATIONS, doc, relation_ids)
            self.announce(ChangeKind.SPANS, doc, [span_id])

    def update_span(self, span_id: str, **fields: Any) -> Span:
        """Change label, start, end, attrs or entity of a live span; returns the old span."""
        bad = set(fields) - set(SPAN_FIELDS)
        if bad:
            raise TypeError(f"cannot update {sorted(bad)}")
        sets, args = [], []
        for name, value in fields.items():
            column = '"end"' if name == "end" else name
            sets.append(f"{column} = ?")
            args.append(dump(value) if name == "attrs" else value)
        with self.write() as conn:
            old = self.span(span_id)
            if old is None:
                raise DataError(f"no span {span_id}")
            if writes.live_span(conn, span_id) is None:
                # A panel still showing a deleted span must not write through it (issue 13).
                raise DataError(f"the span '{old.label}' at {old.start}-{old.end} was deleted; "
                                "nothing was changed")
            if "label" in fields and self.schema().label(fields["label"]) is None:
                raise DataError(f"unknown label {fields['label']!r}")
            doc = self.span_doc(span_id)
            start, end = fields.get("start", old.start), fields.get("end", old.end)
            if start != old.start or end != old.end:
                writes.check_offsets(conn, doc, start, end, self.text_length(conn, doc))
            try:
                conn.execute(f"UPDATE spans SET {', '.join(sets)}, updated_at = ? WHERE id = ?",
                             (*args, now(), span_id))
            except sqlite3.IntegrityError:
                raise DataError("that span is already labeled so") from None
            self.touch_layer(conn, doc, old.annotator)
            self.announce(ChangeKind.SPANS, doc, [span_id])
        return old

    # -- relations ------------------------------------------------------------------

    def relations(self, doc: int, annotator: str | None = None) -> list[Relation]:
        if annotator is None:
            rows = self.conn.execute(
                f"SELECT {REL_COLS} FROM relations WHERE doc = ? AND deleted = 0 ORDER BY rowid",
                (doc,))
        else:
            rows = self.conn.execute(
                f"SELECT {REL_COLS} FROM relations WHERE doc = ? AND annotator = ? "
                "AND deleted = 0 ORDER BY rowid", (doc, annotator))
        return [relation_from_row(r) for r in rows]

    def add_relation(self, head: str, child: str, label: str,
                     relation_id: str | None = None) -> Relation:
        """Link two live spans of one layer, if the schema allows this type between them."""
        rid = relation_id or new_id()
        stamp = now()
        with self.write() as conn:
            h, c = self.span(head), self.span(child)
            if h is None or c is None:
                raise DataError("a link needs two existing spans")
            doc = self.span_doc(head)
            if h.annotator != c.annotator or doc != self.span_doc(child):
                raise DataError("a link joins spans of the same document and layer")
            rdef = self.schema().relation(label)
            if rdef is None:
                raise DataError(f"unknown relation type {label!r}")
            if not rdef.allows(h.label, c.label):
                raise DataError(f"{label} links {rdef.head or 'any'} to "
                                f"{rdef.child or 'any'}, not {h.label} to {c.label}")
            if conn.execute("SELECT 1 FROM relations WHERE head = ? AND child = ? AND label = ? "
                            "AND deleted = 0", (head, child, label)).fetchone():
                raise DataError(f"that {label} link exists already")
            writes.insert_relations(conn, [writes.new_relation(
                rid, doc, h.annotator, head, child, label, stamp)])
            self.touch_layer(conn, doc, h.annotator)
            self.announce(ChangeKind.RELATIONS, doc, [rid])
        return Relation(head, child, label, rid, h.annotator, stamp)

    def delete_relation(self, relation_id: str) -> None:
        self._set_relation_deleted(relation_id, True)

    def restore_relation(self, relation_id: str) -> None:
        self._set_relation_deleted(relation_id, False)

    def _set_relation_deleted(self, relation_id: str, deleted: bool) -> None:
        with self.write() as conn:
            row = conn.execute("SELECT doc FROM relations WHERE id = ?",
                               (relation_id,)).fetchone()
            if row is None:
                raise DataError(f"no relation {relation_id}")
            writes.set_relations_deleted(conn, [relation_id], deleted)
            self.announce(ChangeKind.RELATIONS, row[0], [relation_id])
