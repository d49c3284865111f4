"""The Store's documents: reading them, the document list's queries, adding one.

A mixin of `Store` (it uses the Store's `conn`, `write` and `announce`): the methods live
here so the store module stays one job a file.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from annotator.core.errors import DataError
from annotator.core.ids import new_id, now, text_hash
from annotator.core.model import STATUSES, Document
from annotator.store.changes import ChangeKind
from annotator.store.rows import dump, load_obj

if TYPE_CHECKING:
    from collections.abc import Iterable

DOC_COLS = "pk, id, text, title, source, published, meta"


def document_from_row(row: tuple) -> Document:
    """A core Document from a row of DOC_COLS."""
    pk, did, text, title, source, published, meta = row
    return Document(did, text, title, source, published, load_obj(meta), pk)


def fts_query(text: str) -> str:
    """Turn what a user types into a safe FTS5 query: every word must match, as a prefix."""
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"*' for w in words if w)


class DocumentsMixin:
    """Uses the Store's `conn`, `write` and `announce`."""

    conn: sqlite3.Connection

    def count_documents(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def document(self, pk: int) -> Document:
        row = self.conn.execute(f"SELECT {DOC_COLS} FROM documents WHERE pk = ?",
                                (pk,)).fetchone()
        if row is None:
            raise KeyError(pk)
        return document_from_row(row)

    def document_by_id(self, doc_id: str) -> Document | None:
        row = self.conn.execute(f"SELECT {DOC_COLS} FROM documents WHERE id = ?",
                                (doc_id,)).fetchone()
        return document_from_row(row) if row else None

    def find_document(self, doc_id: str | None, sha: str) -> int | None:
        """The row of the same document, None if new (docs/architecture.md, "Document
        identity"). A record with an explicit id is the same document only as the one with
        that id (equal texts under different ids are different documents: two rows of a
        data set may share a sentence). A record without one (`doc_id` None, or the id an
        importer derived from its text) matches by text."""
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
            self.announce(ChangeKind.DOCUMENTS, pk)
        return pk

    def insert_document(self, conn: sqlite3.Connection, doc: Document,
                        sha: str | None = None, stamp: str | None = None) -> int:
        """Insert a new document and its search entry inside the caller's `write()`."""
        sha = sha or text_hash(doc.text)
        doc_id = doc.id or new_id()
        cur = conn.execute(
            "INSERT INTO documents (id, text, sha256, title, source, published, meta, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, doc.text, sha, doc.title, doc.source, doc.published, dump(doc.meta),
             stamp or now()))
        pk = cur.lastrowid
        conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                     (pk, doc.title or "", doc.text))
        doc.id, doc.pk = doc_id, pk
        return pk
