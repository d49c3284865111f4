"""The import engine: records read by a format become documents, layers, spans and links.

`Store.ingest` calls `ingest`. All records go in ONE transaction, all or nothing. A
document already here (docs/architecture.md, "Document identity") is not stored again:
its annotations are added to it, or it counts as a duplicate. Spans and links an analyst's
layer has already are skipped, so importing a file twice changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import orjson

from annotator.core.errors import InputError
from annotator.core.format_extras import EXTRAS, merge_extras
from annotator.core.ids import new_id, now, text_hash
from annotator.core.jobs import CancelToken
from annotator.core.model import STATUS_RANK, STATUSES, AnnotatedDocument
from annotator.store import writes
from annotator.store.changes import ChangeKind
from annotator.store.rows import dump

if TYPE_CHECKING:
    from annotator.store.store import Store

IMPORT_CACHE_KIB = 64 * 1024


@dataclass(slots=True)
class ImportSummary:
    """What an import did, for the user: counts, never silence."""

    documents_added: int = 0
    documents_annotated: int = 0  # already present, annotations added to them
    duplicates_skipped: int = 0  # already present, nothing new
    spans_added: int = 0
    spans_existing: int = 0
    relations_added: int = 0
    files: int = 0
    near_duplicates_marked: int = 0  # stored, with meta.near_duplicate_of
    near_duplicates_skipped: int = 0  # --near-duplicates skip: not stored
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"{self.documents_added} document(s) added"]
        if self.documents_annotated:
            parts.append(f"{self.documents_annotated} already present got annotations")
        if self.duplicates_skipped:
            parts.append(f"{self.duplicates_skipped} duplicate(s) skipped")
        parts.append(f"{self.spans_added} span(s)")
        if self.relations_added:
            parts.append(f"{self.relations_added} relation(s)")
        if self.spans_existing:
            parts.append(f"{self.spans_existing} span(s) already present")
        if self.near_duplicates_marked:
            parts.append(f"{self.near_duplicates_marked} near-duplicate(s) marked")
        if self.near_duplicates_skipped:
            parts.append(f"{self.near_duplicates_skipped} near-duplicate(s) skipped")
        return ", ".join(parts)


@contextmanager
def _import_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """A bigger page cache while an import runs. Random UUID keys land all over the span and
    relation indexes, and with SQLite's default 2 MB cache a large import spills pages
    mid-transaction: at 10,000 articles this cut import CPU time by about a quarter."""
    old = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {old}")


def ingest(store: Store, records: Iterable[AnnotatedDocument], default_annotator: str,
           progress: Callable[[int], None] | None = None,
           cancel: CancelToken | None = None) -> ImportSummary:
    """Store imported records in ONE transaction: all of them, or nothing on error.

    `cancel` is checked before each record: `Cancelled` rolls the whole import back.
    """
    summary = ImportSummary()
    labels_seen: set[str] = set()
    rel_types_seen: set[str] = set()
    stamp = now()  # one import, one logical change: one time for all its rows
    with _import_cache(store.conn), store.write() as conn:
        for n, rec in enumerate(records, 1):
            if cancel is not None:
                cancel.check()
            _ingest_one(store, conn, rec, default_annotator, summary, stamp)
            labels_seen.update(s.label for s in rec.spans)
            rel_types_seen.update(r.label for r in rec.relations)
            if progress is not None and n % 200 == 0:
                progress(n)
        added = store.ensure_labels(labels_seen)
        added_rel = store.ensure_relation_types(rel_types_seen)
        if added:
            summary.notes.append(f"labels added to the schema: {', '.join(added)}")
        if added_rel:
            summary.notes.append(f"relation types added to the schema: {', '.join(added_rel)}")
        store.announce(ChangeKind.DOCUMENTS)
    return summary


def _check_record(rec: AnnotatedDocument) -> None:
    """Refuse a record whose spans or status cannot be stored, naming file and line."""
    where = rec.source_path
    text_len = len(rec.document.text)
    for span in rec.spans:
        start, end = span.start, span.end
        if type(start) is int and type(end) is int and 0 <= start < end <= text_len \
                and span.label:
            continue  # the usual case; the checks below name what is wrong
        if not (isinstance(span.start, int) and isinstance(span.end, int)):
            raise InputError(where, "span offsets must be integers", rec.line)
        if span.start < 0 or span.end > text_len:
            raise InputError(where, f"span {span.start}-{span.end} ({span.label}) lies "
                             f"outside the text (length {text_len})", rec.line)
        if span.start >= span.end:
            raise InputError(where, f"span {span.start}-{span.end} ({span.label}) has "
                             "start >= end", rec.line)
        if not span.label:
            raise InputError(where, "span without a label", rec.line)
    if rec.status is not None and rec.status not in STATUS_RANK:
        raise InputError(where, f"unknown status {rec.status!r} "
                         f"(expected one of {', '.join(STATUSES)})", rec.line)


def _ingest_one(store: Store, conn: sqlite3.Connection, rec: AnnotatedDocument,
                default_annotator: str, summary: ImportSummary, stamp: str) -> None:
    _check_record(rec)
    doc = rec.document
    where = rec.source_path
    sha = text_hash(doc.text)
    pk = store.find_document(doc.id, sha)
    annotator = rec.annotator or default_annotator
    if pk is None:
        pk = store.insert_document(conn, doc, sha, stamp)
        summary.documents_added += 1
        fresh = True
    else:
        existing_text, stored_meta = conn.execute(
            "SELECT text, meta FROM documents WHERE pk = ?", (pk,)).fetchone()
        if existing_text != doc.text:
            raise InputError(where, f"document id {doc.id!r} is already stored with a "
                             "different text", rec.line)
        fresh = False
        if doc.meta and EXTRAS in doc.meta:  # a format's extras for a further layer
            merged = merge_extras(orjson.loads(stored_meta), doc.meta)
            if merged is not None:
                conn.execute("UPDATE documents SET meta = ? WHERE pk = ?",
                             (dump(merged), pk))
    # A named layer is kept even when empty and new, so a native export round-trips.
    has_layer = bool(rec.annotator is not None or rec.spans or rec.relations
                     or (rec.status and rec.status != "new"))
    if not has_layer:
        if not fresh:
            summary.duplicates_skipped += 1
        return
    span_ids = _ingest_spans(conn, rec, pk, annotator, fresh, summary, stamp)
    new_relations = _ingest_relations(conn, rec, pk, annotator, fresh, span_ids, summary,
                                      stamp)
    status = rec.status or ("in_progress" if rec.spans else "new")
    current = None if fresh else writes.layer_status(conn, pk, annotator)
    if current is None or STATUS_RANK[status] > STATUS_RANK[current]:
        writes.upsert_layer(conn, pk, annotator, status, stamp)
    if not fresh:
        if span_ids.added or new_relations:
            summary.documents_annotated += 1
        else:
            summary.duplicates_skipped += 1


class _SpanIds(dict):
    """The record's span id -> the id stored here; `added` counts the spans inserted."""

    added = 0


def _ingest_spans(conn: sqlite3.Connection, rec: AnnotatedDocument, pk: int, annotator: str,
                  fresh: bool, summary: ImportSummary, stamp: str) -> _SpanIds:
    span_ids = _SpanIds()
    seen: dict[tuple, str] = {}  # (start, end, label) -> the id it is stored under
    rows = []
    for span in rec.spans:
        key = (span.start, span.end, span.label)
        sid = span.id or new_id()
        if key in seen:  # the same span twice in one record: one span, both ids map
            if span.id:
                span_ids[span.id] = seen[key]
            continue
        if not fresh:
            existing = conn.execute(
                'SELECT id FROM spans WHERE doc = ? AND annotator = ? AND (id = ? OR ('
                'start = ? AND "end" = ? AND label = ? AND deleted = 0)) LIMIT 1',
                (pk, annotator, sid, *key)).fetchone()
            if existing:
                seen[key] = existing[0]
                if span.id:
                    span_ids[span.id] = existing[0]
                summary.spans_existing += 1
                continue
            if span.id and conn.execute("SELECT 1 FROM spans WHERE id = ?",
                                        (sid,)).fetchone():
                sid = new_id()  # the id is another layer's (a copied layer): a new one
        seen[key] = sid
        if span.id:
            span_ids[span.id] = sid
        # A plain tuple in SpanRow's field order: building the named row costs about a
        # tenth of an import's time, for names the insert does not read.
        rows.append((sid, pk, annotator, span.start, span.end, span.label,
                     dump(span.attrs), span.entity, None, stamp, stamp, 0))
    try:
        writes.insert_spans(conn, rows)
    except sqlite3.IntegrityError as exc:
        raise InputError(rec.source_path, f"span id already used by another document ({exc})",
                         rec.line) from None
    span_ids.added = len(rows)
    summary.spans_added += len(rows)
    return span_ids


def _ingest_relations(conn: sqlite3.Connection, rec: AnnotatedDocument, pk: int,
                      annotator: str, fresh: bool, span_ids: dict[str, str],
                      summary: ImportSummary, stamp: str) -> int:
    """Store the record's links; returns how many were new."""
    rows = []
    for rel in rec.relations:
        head, child = span_ids.get(rel.head), span_ids.get(rel.child)
        if head is None or child is None:
            missing = rel.head if head is None else rel.child
            raise InputError(rec.source_path, f"relation {rel.label} points at unknown span "
                             f"{missing!r}", rec.line)
        rid = rel.id or new_id()
        # A new document has no relations yet: the id check is left to OR IGNORE.
        if not fresh:
            if conn.execute(
                    "SELECT 1 FROM relations WHERE doc = ? AND annotator = ? AND (id = ? OR "
                    "(head = ? AND child = ? AND label = ? AND deleted = 0))",
                    (pk, annotator, rid, head, child, rel.label)).fetchone():
                continue
            if conn.execute("SELECT 1 FROM relations WHERE id = ?", (rid,)).fetchone():
                rid = new_id()  # another layer's id (a copied layer): a new one
        rows.append((rid, pk, annotator, head, child, rel.label, "{}", None, stamp, stamp,
                     0))  # RelationRow's field order
    if rows:
        before = conn.total_changes
        writes.insert_relations(conn, rows, or_ignore=True)
        summary.relations_added += conn.total_changes - before
    return len(rows)
