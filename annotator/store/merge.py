"""Merging another analyst's database (or native JSONL export) into this one.

Rows carry UUIDs and update times, so a merge joins two sets of versions: each span,
relation, entity, layer status and review decision keeps the version written last, ties
broken by content, so the result never depends on the order files are merged in. Tombstones
(`deleted = 1`) carry deletions and win ties. The whole merge is one transaction: a bad or
foreign file is refused before anything is written, and a failure half-way rolls back.

Reading the other file: `merge_read` (a database) and `transfer.merge_source` (JSONL);
spans and links: `merge_annotations`; this module: documents, registry, layers, decisions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from annotator.core.errors import InputError
from annotator.core.format_extras import join_detected
from annotator.core.ids import new_id, now, text_hash
from annotator.core.model import REVIEW_RANK, STATUS_RANK, Document
from annotator.store import review_log, writes
from annotator.store.changes import ChangeKind
from annotator.store.merge_annotations import merge_relations, merge_spans, s_, where
from annotator.store.merge_read import Incoming, InDocument, read_database
from annotator.store.merge_summary import Counts, MergeSummary
from annotator.store.rows import (
    DEC_ROW_SQL,
    EMPTY_OBJ,
    ENT_ROW_SQL,
    REL_ROW_SQL,
    SPAN_ROW_SQL,
    DecisionRow,
    EntityRow,
    LayerRow,
    RelationRow,
    SpanRow,
    dump,
    load_obj,
    make_rows,
)
from annotator.store.store import Store

__all__ = ["EMPTY_OBJ", "MERGE_STEPS", "REL_SQL", "SPAN_SQL", "Counts", "InDocument",
           "Incoming", "MergeSummary", "apply", "read_database", "snapshot"]

# The column lists under the names code written before `rows` imports them by.
SPAN_SQL, REL_SQL = SPAN_ROW_SQL, REL_ROW_SQL

MERGE_CACHE_KIB = 128 * 1024  # page cache while merging: index inserts stay in memory
MERGE_STEPS = 6


def apply(store: Store, inc: Incoming,
          progress: Callable[[int, int | None], None] | None = None) -> MergeSummary:
    """Write what `inc` brings into `store`, in ONE transaction; `progress(step, steps)`
    hears of each of its steps (documents, entities, spans, links, layers, decisions)."""
    conn = store.conn
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{MERGE_CACHE_KIB}")
    try:
        return _apply(store, inc, progress or (lambda _done, _total: None))
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _apply(store: Store, inc: Incoming,
           progress: Callable[[int, int | None], None]) -> MergeSummary:
    summary = MergeSummary()
    stamp = now()
    _name_rows(inc)
    with store.write() as conn:
        doc_map = _merge_documents(store, conn, inc, summary)
        progress(1, MERGE_STEPS)
        summary.labels_added = store.ensure_labels(
            {r.label for r in inc.spans if not r.deleted})
        summary.relation_types_added = store.ensure_relation_types(
            {r.label for r in inc.relations if not r.deleted})
        _merge_entities(conn, inc, summary)
        progress(2, MERGE_STEPS)
        twin, retired = merge_spans(conn, inc, doc_map, stamp, summary)
        progress(3, MERGE_STEPS)
        merge_relations(conn, inc, doc_map, stamp, twin, retired, summary)
        progress(4, MERGE_STEPS)
        _merge_layers(conn, inc, doc_map, stamp, summary)
        progress(5, MERGE_STEPS)
        _merge_decisions(conn, inc, doc_map, summary)
        logged = review_log.merge_rows(conn, inc.review_log, doc_map)
        if logged:
            summary.notes.append(f"review log: {logged} entr{'y' if logged == 1 else 'ies'} "
                                 "added")
        progress(6, MERGE_STEPS)
        if summary.changed:
            store.announce(ChangeKind.DOCUMENTS)
    return summary


def _name_rows(inc: Incoming) -> None:
    """Rows a reader built as plain tuples (in the row types' field order) become named."""
    inc.spans = make_rows(SpanRow, inc.spans)
    inc.relations = make_rows(RelationRow, inc.relations)
    inc.layers = make_rows(LayerRow, inc.layers)
    inc.entities = make_rows(EntityRow, inc.entities)
    inc.decisions = make_rows(DecisionRow, inc.decisions)


def _join_value(a: Any, b: Any) -> Any:
    """Order-free choice between two values of a field: a set value beats None, else min."""
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b, key=lambda v: orjson.dumps(v, option=orjson.OPT_SORT_KEYS))


@dataclass(slots=True)
class _LocalDoc:
    """A document row of this database as the merge updates it."""

    pk: int
    id: str
    sha: str
    title: str | None
    source: str | None
    published: str | None
    meta: str  # JSON text
    review: tuple[str, str | None, str | None]  # status, reviewer, reviewed_at


def _merge_documents(store: Store, conn: sqlite3.Connection, inc: Incoming,
                     summary: MergeSummary) -> dict[Any, int]:
    """Match each incoming document by id, else by text hash; add the rest."""
    by_id: dict[str, int] = {}
    by_sha: dict[str, int] = {}
    local: dict[int, _LocalDoc] = {}
    for pk, did, sha, title, source, published, meta, *review in conn.execute(
            "SELECT pk, id, sha256, title, source, published, meta, review_status, reviewer, "
            "reviewed_at FROM documents ORDER BY pk"):
        by_id[did] = pk
        by_sha.setdefault(sha, pk)
        local[pk] = _LocalDoc(pk, did, sha, title, source, published, meta, tuple(review))
    doc_map: dict[Any, int] = {}
    for d in sorted(inc.documents, key=lambda d: (s_(d.id), s_(d.key))):
        sha = text_hash(d.text)
        pk = by_id.get(d.id) if d.id is not None else None
        if pk is not None and local[pk].sha != sha:
            path, line = where(inc, d.key)
            raise InputError(path, f"document {d.id!r} is stored here with a different text",
                             line)
        if pk is None:
            pk = by_sha.get(sha)
        if pk is None:
            doc = Document(d.id or new_id(), d.text, d.title, d.source, d.published, d.meta)
            pk = store.insert_document(conn, doc, sha)
            by_id[doc.id], by_sha[sha] = pk, pk
            local[pk] = _LocalDoc(pk, doc.id, sha, d.title, d.source, d.published,
                                  dump(d.meta), ("unreviewed", None, None))
            if d.review and d.review[2] is not None:
                writes.write_review(conn, pk, *d.review)
            summary.documents_added += 1
            doc_map[d.key] = pk
            continue
        doc_map[d.key] = pk
        summary.documents_matched += 1
        if _join_document(conn, local[pk], d, by_id):
            summary.documents_updated += 1
    return doc_map


def _join_document(conn: sqlite3.Connection, row: _LocalDoc, d: InDocument,
                   by_id: dict[str, int]) -> bool:
    """Join metadata, id and review state of a matched document; True if it changed."""
    changed = False
    # The same article imported separately by two analysts has two ids: keep the smaller,
    # so every merge order ends with the same id.
    if d.id is not None and d.id != row.id and d.id < row.id and d.id not in by_id:
        conn.execute("UPDATE documents SET id = ? WHERE pk = ?", (d.id, row.pk))
        by_id.pop(row.id, None)
        by_id[d.id] = row.pk
        row.id = d.id
        changed = True
    old_fields = [row.title, row.source, row.published]
    new_fields = [_join_value(old, new) for old, new in
                  zip(old_fields, (d.title, d.source, d.published))]
    meta = load_obj(row.meta)
    new_meta = dict(meta)
    for k, v in d.meta.items():
        new_meta[k] = _join_value(meta.get(k), v)
    new_meta = join_detected(meta, d.meta, new_meta)  # a given lang beats a detected one
    if new_fields != old_fields or new_meta != meta:
        conn.execute("UPDATE documents SET title = ?, source = ?, published = ?, meta = ? "
                     "WHERE pk = ?", (*new_fields, dump(new_meta), row.pk))
        if new_fields[0] != row.title:
            text = conn.execute("SELECT text FROM documents WHERE pk = ?",
                                (row.pk,)).fetchone()[0]
            conn.execute("INSERT INTO documents_fts (documents_fts, rowid, title, text) "
                         "VALUES ('delete', ?, ?, ?)", (row.pk, row.title or "", text))
            conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                         (row.pk, new_fields[0] or "", text))
        row.title, row.source, row.published = new_fields
        row.meta = dump(new_meta)
        changed = True
    if d.review is not None and d.review[2] is not None:
        status, reviewer, reviewed_at = row.review
        ours = (s_(reviewed_at), REVIEW_RANK.get(status, 0), s_(reviewer))
        theirs = (s_(d.review[2]), REVIEW_RANK.get(d.review[0], 0), s_(d.review[1]))
        if theirs > ours:
            writes.write_review(conn, row.pk, *d.review)
            row.review = tuple(d.review)
            changed = True
    return changed


def _merge_layers(conn: sqlite3.Connection, inc: Incoming, doc_map: dict[Any, int],
                  stamp: str, summary: MergeSummary) -> None:
    """A layer's status: the later write wins; a tie goes to the further status."""
    state = {(d, a): (s, u) for d, a, s, u in conn.execute(
        "SELECT doc, annotator, status, updated_at FROM layers")}
    changes = {}
    for layer in inc.layers:
        key = (doc_map[layer.doc], layer.annotator)
        local = changes.get(key) or state.get(key)
        status = layer.status
        if inc.stamp_now:
            if status is None:  # spans without a status: the layer exists, in progress
                if local is not None:
                    continue
                status = "in_progress"
            if local is not None and local[0] == status:
                continue
            new = (status, stamp)
        else:
            if status not in STATUS_RANK:
                continue
            new = (status, layer.updated_at)
            if local is not None and (s_(layer.updated_at), STATUS_RANK[status]) <= \
                    (s_(local[1]), STATUS_RANK.get(local[0], 0)):
                continue
        changes[key] = new
    writes.upsert_layers(conn, [(d, a, s, u) for (d, a), (s, u) in sorted(changes.items())])
    summary.layers_updated += len(changes)


def _merge_entities(conn: sqlite3.Connection, inc: Incoming, summary: MergeSummary) -> None:
    def version(r: EntityRow) -> tuple:
        return (s_(r.updated_at), r.deleted, r.name, s_(r.kind), s_(r.aliases),
                s_(r.merged_into))

    state = {r.id: r for r in map(EntityRow._make,
                                  conn.execute(f"SELECT {ENT_ROW_SQL} FROM entities"))}
    inserts, updates = [], []
    for row in sorted(inc.entities, key=lambda r: r.id):
        local = state.get(row.id)
        if local is None:
            inserts.append(row)
            summary.entities.added += 1
        elif version(row) > version(local):
            updates.append((row.name, row.kind, row.aliases, row.merged_into,
                            min(local.created_at, row.created_at), row.updated_at,
                            row.deleted, row.id))
            summary.entities.updated += 1
        else:
            continue
        state[row.id] = row
    conn.executemany(f"INSERT INTO entities ({ENT_ROW_SQL}) VALUES ({', '.join('?' * 8)})",
                     inserts)
    conn.executemany("UPDATE entities SET name = ?, kind = ?, aliases = ?, merged_into = ?, "
                     "created_at = ?, updated_at = ?, deleted = ? WHERE id = ?", updates)


def _merge_decisions(conn: sqlite3.Connection, inc: Incoming, doc_map: dict[Any, int],
                     summary: MergeSummary) -> None:
    def version(r: DecisionRow) -> tuple:
        return (s_(r.updated_at), r.decision, s_(r.gold), s_(r.reviewer))

    state = {r.item: r for r in map(DecisionRow._make, conn.execute(
        f"SELECT {DEC_ROW_SQL} FROM review_decisions"))}
    changes = []
    for src in sorted(inc.decisions, key=lambda r: r.item):
        row = src._replace(doc=doc_map[src.doc])
        local = state.get(row.item)
        if local is not None and version(row) <= version(local):
            continue
        state[row.item] = row
        changes.append(row)
    conn.executemany(f"INSERT OR REPLACE INTO review_decisions ({DEC_ROW_SQL}) "
                     f"VALUES ({', '.join('?' * 7)})", changes)
    summary.decisions_updated += len(changes)


# -- comparing databases --------------------------------------------------------------

def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """The contents that merging must agree on, without row ids and local-only columns
    (document row numbers and import times): two databases are "the same" when equal."""
    def rows(sql: str) -> list[tuple]:
        return sorted(conn.execute(sql).fetchall(), key=repr)

    return {
        "documents": rows("SELECT id, sha256, text, title, source, published, meta, "
                          "review_status, reviewer, reviewed_at FROM documents"),
        "layers": rows("SELECT d.id, l.annotator, l.status, l.updated_at FROM layers l "
                       "JOIN documents d ON d.pk = l.doc"),
        "spans": rows('SELECT s.id, d.id, s.annotator, s.start, s."end", s.label, s.attrs, '
                      "s.entity, s.origin, s.created_at, s.updated_at, s.deleted FROM spans s "
                      "JOIN documents d ON d.pk = s.doc"),
        "relations": rows("SELECT r.id, d.id, r.annotator, r.head, r.child, r.label, r.attrs, "
                          "r.origin, r.created_at, r.updated_at, r.deleted FROM relations r "
                          "JOIN documents d ON d.pk = r.doc"),
        "entities": rows(f"SELECT {ENT_ROW_SQL} FROM entities"),
        "decisions": rows("SELECT x.item, d.id, x.kind, x.decision, x.gold, x.reviewer, "
                          "x.updated_at FROM review_decisions x JOIN documents d "
                          "ON d.pk = x.doc"),
        "labels": rows("SELECT name FROM labels"),
    }
