"""The Store: every read and write of annotations goes through here.

Each public write method is one transaction (`BEGIN IMMEDIATE`), committed before it
returns. After the commit the store tells its listeners what changed (`Change`), so views
refresh only that (one path for changes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import orjson

from annotator.core.errors import DataError, InputError
from annotator.core.format_extras import EXTRAS, merge_extras
from annotator.core.ids import new_id, now, text_hash
from annotator.core.jobs import CancelToken
from annotator.core.model import (
    STATUSES,
    AnnotatedDocument,
    Document,
    Relation,
    Span,
)
from annotator.core.schema import LabelSchema
from annotator.store import file_guard
from annotator.store.db import open_connection, write_transaction
from annotator.store.schema_rows import read_schema, write_schema

STATUS_RANK = {s: i for i, s in enumerate(STATUSES)}
EMPTY_OBJ = "{}"

SPAN_COLS = 'id, doc, annotator, start, "end", label, attrs, entity, updated_at'
REL_COLS = "id, doc, annotator, head, child, label, updated_at"


@dataclass(frozen=True, slots=True)
class Change:
    """What a committed write changed: `kind` is one of documents, spans, relations,
    status, schema, entities; `doc` the document row it concerns (None: many).
    `connection`: the database was reopened because its locks were lost (nothing lost;
    views should reload, as other processes may have written meanwhile)."""

    kind: str
    doc: int | None = None
    ids: tuple[str, ...] = ()


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
        return ", ".join(parts)


def _span_from_row(row: tuple) -> Span:
    sid, _doc, annotator, start, end, label, attrs, entity, updated = row
    return Span(start, end, label, sid, orjson.loads(attrs) if attrs != EMPTY_OBJ else {},
                entity, annotator, updated)


def _relation_from_row(row: tuple) -> Relation:
    rid, _doc, annotator, head, child, label, updated = row
    return Relation(head, child, label, rid, annotator, updated)


def _dump(obj: Any) -> str:
    if not obj:
        return EMPTY_OBJ if isinstance(obj, dict) or obj is None else "[]"
    return orjson.dumps(obj).decode()


class Store:
    """An open annotator database."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.conn: sqlite3.Connection = open_connection(self.path)
        self._watch = self._start_watch()
        self._db = None
        self._listeners: list[Callable[[Change], None]] = []
        self._pending: list[Change] = []
        self._schema: LabelSchema | None = None
        self.reconnections = 0  # how often verify_files() had to reopen the database

    # -- plumbing -------------------------------------------------------------------

    @property
    def db(self):
        """A sqlite-utils `Database` on the same connection, made on first use: importing
        sqlite-utils costs 0.1-0.4 s (it imports pandas and numpy when installed)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        self.conn.close()
        if self._watch is not None:
            file_guard.unregister(self.path)
            self._watch = None

    # -- SQLite's locks (docs/architecture.md, "SQLite's locks and file dialogs") ---------

    def _start_watch(self) -> file_guard.FileWatch | None:
        if str(self.path) == ":memory:":
            return None
        file_guard.register(self.path)
        return file_guard.FileWatch(self.path)

    def verify_files(self, *, after_write: bool = False) -> bool:
        """Reconnect if this connection's locks were dropped or its WAL was replaced; True
        when it had to. Cheap (two stats and, on Linux, /proc/locks), so it runs around
        every write and on the window's timer.

        `after_write`: a commit has just gone into a WAL that is no longer the file on disk,
        so it exists only in our descriptor: checkpoint it into the database file first.
        """
        if self._watch is None or self.conn.in_transaction:
            return False
        health = self._watch.check()
        if health.ok:
            return False
        if health.wal_replaced and after_write:
            try:
                self.conn.execute("PRAGMA wal_checkpoint(FULL)").fetchall()
            except sqlite3.Error:
                pass  # the reopen below still restores locks; close checkpoints again
        self.conn.close()
        file_guard.unregister(self.path)
        self.conn = open_connection(self.path)
        self._watch = self._start_watch()
        self._db = None
        self.reconnections += 1
        self.announce("connection")
        for change in self._take_pending():
            self._tell(change)
        return True

    def _take_pending(self) -> list[Change]:
        changes, self._pending = self._pending, []
        return changes

    def _tell(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        """Call `listener(change)` after each committed write."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Change], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; listeners hear of the changes once it has committed."""
        outer = not self.conn.in_transaction
        if outer:
            self.verify_files()
        try:
            with write_transaction(self.conn) as conn:
                yield conn
        except BaseException:
            if outer:
                self._pending.clear()
                self._schema = None
            raise
        if outer:
            self.verify_files(after_write=True)
        if outer and self._pending:
            for change in self._take_pending():
                self._tell(change)

    def announce(self, kind: str, doc: int | None = None, ids: Iterable[str] = ()) -> None:
        """Queue a Change for the listeners; they hear it once the write has committed.
        For store-layer modules (merge, review, entities) writing inside `write()`."""
        self._pending.append(Change(kind, doc, tuple(ids)))

    def data_version(self) -> int:
        """Changes when another connection commits: lets a window notice other writers."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def get_property(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM properties WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_property(self, key: str, value: str | None) -> None:
        with self.write() as conn:
            conn.execute("INSERT OR REPLACE INTO properties (key, value) VALUES (?, ?)",
                         (key, value))

    # -- schema ---------------------------------------------------------------------

    def schema(self) -> LabelSchema:
        if self._schema is None:
            self._schema = read_schema(self.conn)
        return self._schema

    def reload_schema(self) -> bool:
        """Re-read the schema another connection may have changed; True if it differs."""
        before = self.schema()
        self._schema = None
        return self.schema() != before

    def set_schema(self, schema: LabelSchema) -> None:
        """Replace the label schema; refused when live annotations would be orphaned."""
        schema.validate()
        names = set(schema.label_names)
        used = {r[0] for r in self.conn.execute(
            "SELECT DISTINCT label FROM spans WHERE deleted = 0")}
        orphan = sorted(used - names)
        if orphan:
            raise DataError(
                f"the schema drops label(s) {', '.join(orphan)} still used by spans")
        rel_used = {r[0] for r in self.conn.execute(
            "SELECT DISTINCT label FROM relations WHERE deleted = 0")}
        rel_orphan = sorted(rel_used - {r.name for r in schema.relations})
        if rel_orphan:
            raise DataError(
                f"the schema drops relation type(s) {', '.join(rel_orphan)} still in use")
        with self.write() as conn:
            write_schema(conn, schema)
            self._schema = None
            self.announce("schema")
        self._schema = None

    def ensure_labels(self, names: Iterable[str]) -> list[str]:
        """Add labels this schema lacks (from imported or merged data); returns those added."""
        schema = self.schema()
        missing = sorted({n for n in names if schema.label(n) is None})
        if not missing:
            return []
        from annotator.core.schema import LabelDef
        palette = ["#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#ff7f0e"]
        used_keys = {lab.key for lab in schema.labels}
        new_labels = list(schema.labels)
        for i, name in enumerate(missing):
            key = next((str(k) for k in range(1, 10) if str(k) not in used_keys), None)
            used_keys.add(key)
            new_labels.append(LabelDef(name, key, palette[(len(new_labels) + i) % len(palette)]))
        with self.write() as conn:
            write_schema(conn, LabelSchema(new_labels, schema.relations))
            self._schema = None
            self.announce("schema")
        self._schema = None
        return missing

    def ensure_relation_types(self, names: Iterable[str]) -> list[str]:
        schema = self.schema()
        missing = sorted({n for n in names if schema.relation(n) is None})
        if not missing:
            return []
        from annotator.core.schema import RelationDef
        with self.write() as conn:
            write_schema(conn, LabelSchema(
                schema.labels, schema.relations + [RelationDef(n) for n in missing]))
            self._schema = None
            self.announce("schema")
        self._schema = None
        return missing

    # -- documents ------------------------------------------------------------------

    def count_documents(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def document(self, pk: int) -> Document:
        row = self.conn.execute(
            "SELECT pk, id, text, title, source, published, meta FROM documents WHERE pk = ?",
            (pk,)).fetchone()
        if row is None:
            raise KeyError(pk)
        return self._document_from_row(row)

    def document_by_id(self, doc_id: str) -> Document | None:
        row = self.conn.execute(
            "SELECT pk, id, text, title, source, published, meta FROM documents WHERE id = ?",
            (doc_id,)).fetchone()
        return self._document_from_row(row) if row else None

    @staticmethod
    def _document_from_row(row: tuple) -> Document:
        pk, did, text, title, source, published, meta = row
        return Document(did, text, title, source, published,
                        orjson.loads(meta) if meta != EMPTY_OBJ else {}, pk)

    def find_document(self, doc_id: str | None, sha: str) -> int | None:
        """The row of the same document, None if new.

        A record with an explicit id is the same document only as the one with that id
        (equal texts under different ids are different documents: two rows of a data set
        may share a sentence). A record without one (`doc_id` None, or the id derived from
        its text) matches by text."""
        if doc_id is not None and doc_id != sha[:16]:
            row = self.conn.execute("SELECT pk FROM documents WHERE id = ?",
                                    (doc_id,)).fetchone()
        elif doc_id is not None:  # one query for both look-ups: it runs once per record
            row = self.conn.execute(
                "SELECT pk FROM (SELECT pk, 0 AS rank FROM documents WHERE id = ? UNION ALL "
                "SELECT pk, 1 FROM documents WHERE sha256 = ?) ORDER BY rank LIMIT 1",
                (doc_id, sha)).fetchone()
        else:
            row = self.conn.execute(
                "SELECT pk FROM documents WHERE sha256 = ? LIMIT 1", (sha,)).fetchone()
        return row[0] if row else None

    def document_pks(self, *, annotator: str | None = None, statuses: Iterable[str] = (),
                     search: str | None = None, review: Iterable[str] = ()) -> list[int]:
        """Document rows in list order, filtered by the analyst's status, a search, a review state.

        A search is driven by the search index itself: joining it to `documents` would read
        each hit's (large) row, about three times slower at 100,000 articles.
        """
        where, args = [], []
        if search and search.strip():
            sql, key = "SELECT rowid FROM documents_fts", "documents_fts.rowid"
            where.append("documents_fts MATCH ?")
            args.append(fts_query(search))
        else:
            sql, key = "SELECT d.pk FROM documents d", "d.pk"
        statuses = list(statuses)
        if statuses and annotator is not None:
            marks = ",".join("?" * len(statuses))
            where.append(
                f"coalesce((SELECT status FROM layers l WHERE l.doc = {key} AND "
                f"l.annotator = ?), 'new') IN ({marks})")
            args += [annotator, *statuses]
        review = list(review)
        if review:
            marks = ",".join("?" * len(review))
            # The unary + keeps SQLite from handing this IN list to the search index as
            # one lookup per row, which takes minutes at 100,000 articles.
            where.append(f"d.review_status IN ({marks})" if key == "d.pk" else
                         f"+{key} IN (SELECT pk FROM documents WHERE review_status IN ({marks}))")
            args += review
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {key}"
        try:
            return [r[0] for r in self.conn.execute(sql, args)]
        except sqlite3.OperationalError as exc:
            raise DataError(f"search {search!r}: {exc}") from None

    def document_rows(self, pks: list[int], annotator: str | None) -> dict[int, dict[str, Any]]:
        """What the document list shows for these rows: title, date, source, status, spans."""
        if not pks:
            return {}
        marks = ",".join("?" * len(pks))
        rows = self.conn.execute(
            f"""SELECT d.pk, d.id, d.title, d.published, d.source, d.review_status,
                   coalesce((SELECT status FROM layers l WHERE l.doc = d.pk AND l.annotator = ?),
                            'new'),
                   (SELECT count(*) FROM spans s WHERE s.doc = d.pk AND s.deleted = 0
                        AND (? IS NULL OR s.annotator = ?))
                FROM documents d WHERE d.pk IN ({marks})""",
            [annotator, annotator, annotator, *pks])
        return {
            r[0]: {"pk": r[0], "id": r[1], "title": r[2], "published": r[3], "source": r[4],
                   "review_status": r[5], "status": r[6], "spans": r[7]}
            for r in rows
        }

    def status_counts(self, annotator: str) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        total = self.count_documents()
        for status, n in self.conn.execute(
                "SELECT status, count(*) FROM layers WHERE annotator = ? GROUP BY status",
                (annotator,)):
            counts[status] = n
        counts["new"] = total - counts["in_progress"] - counts["done"]
        return counts

    def add_document(self, doc: Document) -> int:
        """Store a new document (no de-duplication: see `ingest`)."""
        with self.write() as conn:
            pk = self.insert_document(conn, doc)
            self.announce("documents", pk)
        return pk

    def insert_document(self, conn: sqlite3.Connection, doc: Document,
                        sha: str | None = None, stamp: str | None = None) -> int:
        """Insert a new document and its search entry inside the caller's `write()`."""
        sha = sha or text_hash(doc.text)
        doc_id = doc.id or new_id()
        cur = conn.execute(
            "INSERT INTO documents (id, text, sha256, title, source, published, meta, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, doc.text, sha, doc.title, doc.source, doc.published, _dump(doc.meta),
             stamp or now()))
        pk = cur.lastrowid
        conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                     (pk, doc.title or "", doc.text))
        doc.id, doc.pk = doc_id, pk
        return pk

    # -- import ---------------------------------------------------------------------

    def ingest(self, records: Iterable[AnnotatedDocument], default_annotator: str,
               progress: Callable[[int], None] | None = None,
               cancel: CancelToken | None = None) -> ImportSummary:
        """Store imported records in ONE transaction: all of them, or nothing on error.

        A document already present (same id, else same text) is not stored again; its
        annotations are added to it, or it is counted as a duplicate. `cancel` is checked
        before each record: `Cancelled` rolls the whole import back.
        """
        summary = ImportSummary()
        labels_seen: set[str] = set()
        rel_types_seen: set[str] = set()
        stamp = now()  # one import, one logical change: one time for all its rows
        with _import_cache(self.conn), self.write() as conn:
            for n, rec in enumerate(records, 1):
                if cancel is not None:
                    cancel.check()
                self._ingest_one(conn, rec, default_annotator, summary, stamp)
                labels_seen.update(s.label for s in rec.spans)
                rel_types_seen.update(r.label for r in rec.relations)
                if progress is not None and n % 200 == 0:
                    progress(n)
            added = self.ensure_labels(labels_seen)
            added_rel = self.ensure_relation_types(rel_types_seen)
            if added:
                summary.notes.append(f"labels added to the schema: {', '.join(added)}")
            if added_rel:
                summary.notes.append(f"relation types added to the schema: {', '.join(added_rel)}")
            self.announce("documents")
        return summary

    def _ingest_one(self, conn: sqlite3.Connection, rec: AnnotatedDocument,
                    default_annotator: str, summary: ImportSummary,
                    stamp: str | None = None) -> None:
        doc = rec.document
        where = rec.source_path
        text_len = len(doc.text)
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
        sha = text_hash(doc.text)
        pk = self.find_document(doc.id, sha)
        annotator = rec.annotator or default_annotator
        stamp = stamp or now()
        if pk is None:
            pk = self.insert_document(conn, doc, sha, stamp)
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
                                 (_dump(merged), pk))
        # A named layer is kept even when empty and new, so a native export round-trips.
        has_layer = bool(rec.annotator is not None or rec.spans or rec.relations
                         or (rec.status and rec.status != "new"))
        if not has_layer:
            if not fresh:
                summary.duplicates_skipped += 1
            return

        span_ids: dict[str, str] = {}
        new_spans = 0
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
            rows.append((sid, pk, annotator, span.start, span.end, span.label,
                         _dump(span.attrs), span.entity, stamp, stamp))
        try:
            conn.executemany(
                'INSERT INTO spans (id, doc, annotator, start, "end", label, attrs, entity, '
                'created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', rows)
        except sqlite3.IntegrityError as exc:
            raise InputError(where, f"span id already used by another document ({exc})",
                             rec.line) from None
        new_spans = len(rows)
        summary.spans_added += new_spans

        rel_rows = []
        for rel in rec.relations:
            head, child = span_ids.get(rel.head), span_ids.get(rel.child)
            if head is None or child is None:
                missing = rel.head if head is None else rel.child
                raise InputError(where, f"relation {rel.label} points at unknown span "
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
            rel_rows.append((rid, pk, annotator, head, child, rel.label, stamp, stamp))
        if rel_rows:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO relations (id, doc, annotator, head, child, label, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rel_rows)
            summary.relations_added += conn.total_changes - before

        status = rec.status or ("in_progress" if rec.spans else "new")
        row = None if fresh else conn.execute(
            "SELECT status FROM layers WHERE doc = ? AND annotator = ?",
            (pk, annotator)).fetchone()
        if row is None:
            conn.execute("INSERT INTO layers (doc, annotator, status, updated_at) "
                         "VALUES (?, ?, ?, ?)", (pk, annotator, status, stamp))
        elif STATUS_RANK[status] > STATUS_RANK[row[0]]:
            conn.execute("UPDATE layers SET status = ?, updated_at = ? WHERE doc = ? AND "
                         "annotator = ?", (status, stamp, pk, annotator))
        if not fresh:
            if new_spans or rel_rows:
                summary.documents_annotated += 1
            else:
                summary.duplicates_skipped += 1

    # -- layers and status ----------------------------------------------------------

    def annotators(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT annotator FROM layers ORDER BY annotator")]

    def layers(self, doc: int) -> dict[str, str]:
        """annotator -> status for every layer of a document."""
        return dict(self.conn.execute(
            "SELECT annotator, status FROM layers WHERE doc = ? ORDER BY annotator", (doc,)))

    def status(self, doc: int, annotator: str) -> str:
        row = self.conn.execute("SELECT status FROM layers WHERE doc = ? AND annotator = ?",
                                (doc, annotator)).fetchone()
        return row[0] if row else "new"

    def set_status(self, doc: int, annotator: str, status: str) -> str:
        """Set a layer's status; returns the previous one (for undo)."""
        if status not in STATUS_RANK:
            raise DataError(f"unknown status {status!r}")
        with self.write() as conn:
            previous = self.status(doc, annotator)
            self._upsert_layer(conn, doc, annotator, status)
            self.announce("status", doc)
        return previous

    def _upsert_layer(self, conn: sqlite3.Connection, doc: int, annotator: str,
                      status: str) -> None:
        conn.execute(
            "INSERT INTO layers (doc, annotator, status, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (doc, annotator) DO UPDATE SET status = excluded.status, "
            "updated_at = excluded.updated_at", (doc, annotator, status, now()))

    def touch_layer(self, conn: sqlite3.Connection, doc: int, annotator: str) -> None:
        """The first edit of a layer moves it from new to in progress."""
        row = conn.execute("SELECT status FROM layers WHERE doc = ? AND annotator = ?",
                           (doc, annotator)).fetchone()
        if row is None or row[0] == "new":
            self._upsert_layer(conn, doc, annotator, "in_progress")
            self.announce("status", doc)

    # -- spans ----------------------------------------------------------------------

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
        return [_span_from_row(r) for r in rows]

    def span(self, span_id: str) -> Span | None:
        row = self.conn.execute(f"SELECT {SPAN_COLS} FROM spans WHERE id = ?",
                                (span_id,)).fetchone()
        return _span_from_row(row) if row else None

    def span_doc(self, span_id: str) -> int | None:
        row = self.conn.execute("SELECT doc FROM spans WHERE id = ?", (span_id,)).fetchone()
        return row[0] if row else None

    def add_span(self, doc: int, annotator: str, start: int, end: int, label: str,
                 attrs: dict[str, Any] | None = None, entity: str | None = None,
                 span_id: str | None = None) -> Span:
        """Add a span to an analyst's layer; refuses bad offsets and unknown labels."""
        length = self.conn.execute("SELECT length(text) FROM documents WHERE pk = ?",
                                   (doc,)).fetchone()
        if length is None:
            raise DataError(f"no document {doc}")
        if not (0 <= start < end <= length[0]):
            raise DataError(f"span {start}-{end} is outside the text (length {length[0]})")
        if self.schema().label(label) is None:
            raise DataError(f"unknown label {label!r}")
        sid = span_id or new_id()
        stamp = now()
        with self.write() as conn:
            try:
                conn.execute(
                    'INSERT INTO spans (id, doc, annotator, start, "end", label, attrs, entity, '
                    'created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                    (sid, doc, annotator, start, end, label, _dump(attrs), entity, stamp, stamp))
            except sqlite3.IntegrityError:
                raise DataError(f"{label} {start}-{end} is already labeled") from None
            self.touch_layer(conn, doc, annotator)
            self.announce("spans", doc, [sid])
        return Span(start, end, label, sid, dict(attrs or {}), entity, annotator, stamp)

    def delete_span(self, span_id: str) -> list[str]:
        """Tombstone a span and the relations touching it; returns those relation ids."""
        with self.write() as conn:
            row = conn.execute("SELECT doc, annotator FROM spans WHERE id = ? AND deleted = 0",
                               (span_id,)).fetchone()
            if row is None:
                raise DataError(f"no live span {span_id}")
            doc, annotator = row
            stamp = now()
            rel_ids = [r[0] for r in conn.execute(
                "SELECT id FROM relations WHERE (head = ? OR child = ?) AND deleted = 0",
                (span_id, span_id))]
            conn.execute("UPDATE spans SET deleted = 1, updated_at = ? WHERE id = ?",
                         (stamp, span_id))
            if rel_ids:
                conn.executemany("UPDATE relations SET deleted = 1, updated_at = ? WHERE id = ?",
                                 [(stamp, r) for r in rel_ids])
                self.announce("relations", doc, rel_ids)
            self.touch_layer(conn, doc, annotator)
            self.announce("spans", doc, [span_id])
        return rel_ids

    def restore_span(self, span_id: str, relation_ids: Iterable[str] = ()) -> None:
        """Bring a tombstoned span back (undo of delete, redo of add) with its relations."""
        relation_ids = list(relation_ids)
        with self.write() as conn:
            row = conn.execute("SELECT doc FROM spans WHERE id = ?", (span_id,)).fetchone()
            if row is None:
                raise DataError(f"no span {span_id}")
            stamp = now()
            try:
                conn.execute("UPDATE spans SET deleted = 0, updated_at = ? WHERE id = ?",
                             (stamp, span_id))
            except sqlite3.IntegrityError:
                raise DataError("the same span has been labeled again meanwhile") from None
            if relation_ids:
                conn.executemany("UPDATE relations SET deleted = 0, updated_at = ? WHERE id = ?",
                                 [(stamp, r) for r in relation_ids])
                self.announce("relations", row[0], relation_ids)
            self.announce("spans", row[0], [span_id])

    def update_span(self, span_id: str, **fields: Any) -> Span:
        """Change label, start, end, attrs or entity of a live span; returns the old span."""
        allowed = {"label", "start", "end", "attrs", "entity"}
        bad = set(fields) - allowed
        if bad:
            raise TypeError(f"cannot update {sorted(bad)}")
        old = self.span(span_id)
        if old is None:
            raise DataError(f"no span {span_id}")
        if "label" in fields and self.schema().label(fields["label"]) is None:
            raise DataError(f"unknown label {fields['label']!r}")
        start, end = fields.get("start", old.start), fields.get("end", old.end)
        if start != old.start or end != old.end:
            doc = self.span_doc(span_id)
            length = self.conn.execute("SELECT length(text) FROM documents WHERE pk = ?",
                                       (doc,)).fetchone()[0]
            if not (0 <= start < end <= length):
                raise DataError(f"span {start}-{end} is outside the text (length {length})")
        sets, args = [], []
        for name, value in fields.items():
            column = '"end"' if name == "end" else name
            sets.append(f"{column} = ?")
            args.append(_dump(value) if name == "attrs" else value)
        with self.write() as conn:
            doc = self.span_doc(span_id)
            try:
                conn.execute(f"UPDATE spans SET {', '.join(sets)}, updated_at = ? WHERE id = ?",
                             (*args, now(), span_id))
            except sqlite3.IntegrityError:
                raise DataError("that span is already labeled so") from None
            self.touch_layer(conn, doc, old.annotator)
            self.announce("spans", doc, [span_id])
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
        return [_relation_from_row(r) for r in rows]

    def add_relation(self, head: str, child: str, label: str,
                     relation_id: str | None = None) -> Relation:
        """Link two live spans of one layer, if the schema allows this type between them."""
        h, c = self.span(head), self.span(child)
        if h is None or c is None:
            raise DataError("a link needs two existing spans")
        if h.annotator != c.annotator or self.span_doc(head) != self.span_doc(child):
            raise DataError("a link joins spans of the same document and layer")
        rdef = self.schema().relation(label)
        if rdef is None:
            raise DataError(f"unknown relation type {label!r}")
        if not rdef.allows(h.label, c.label):
            raise DataError(f"{label} links {rdef.head or 'any'} to {rdef.child or 'any'}, "
                            f"not {h.label} to {c.label}")
        doc = self.span_doc(head)
        rid = relation_id or new_id()
        stamp = now()
        with self.write() as conn:
            if conn.execute("SELECT 1 FROM relations WHERE head = ? AND child = ? AND label = ? "
                            "AND deleted = 0", (head, child, label)).fetchone():
                raise DataError(f"that {label} link exists already")
            conn.execute(
                "INSERT INTO relations (id, doc, annotator, head, child, label, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (rid, doc, h.annotator, head, child, label, stamp, stamp))
            self.touch_layer(conn, doc, h.annotator)
            self.announce("relations", doc, [rid])
        return Relation(head, child, label, rid, h.annotator, stamp)

    def delete_relation(self, relation_id: str) -> None:
        self._set_relation_deleted(relation_id, 1)

    def restore_relation(self, relation_id: str) -> None:
        self._set_relation_deleted(relation_id, 0)

    def _set_relation_deleted(self, relation_id: str, deleted: int) -> None:
        with self.write() as conn:
            row = conn.execute("SELECT doc FROM relations WHERE id = ?",
                               (relation_id,)).fetchone()
            if row is None:
                raise DataError(f"no relation {relation_id}")
            conn.execute("UPDATE relations SET deleted = ?, updated_at = ? WHERE id = ?",
                         (deleted, now(), relation_id))
            self.announce("relations", row[0], [relation_id])


IMPORT_CACHE_KIB = 64 * 1024


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


def fts_query(text: str) -> str:
    """Turn what a user types into a safe FTS5 query: every word must match, as a prefix."""
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"*' for w in words if w)
