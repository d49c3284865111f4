"""Applying a pulled chunk: rows this copy lacks go straight in, the rest through merge.

`merge.apply` loads every local row of the layers it touches, which a first pull of a
large hub would do once per chunk. Yet most pulled rows are rows this copy has never seen
with nothing at their place: merge itself inserts those as they are (its "common case").
Those are inserted here the same way; any row that could meet the merge rule (an id
already here, a place already labeled, two incoming rows at one place, a link in a
document with such a span) goes through `merge.apply`, so the result is merge's.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import orjson

from annotator.store.changes import ChangeKind
from annotator.store.merge import Incoming, InDocument, apply
from annotator.store.rows import REL_ROW_SQL as REL_SQL
from annotator.store.rows import SPAN_ROW_SQL as SPAN_SQL
from annotator.store.rows import RelationRow, SpanRow
from annotator.store.store import Store

BATCH = 500


def _batched(ids: list, sql: str, conn: sqlite3.Connection) -> list[tuple]:
    out = []
    for i in range(0, len(ids), BATCH):
        part = ids[i:i + BATCH]
        out += conn.execute(sql.format(marks=", ".join("?" * len(part))), part).fetchall()
    return out


def apply_rows(store: Store, path: Path, spans: list[tuple], relations: list[tuple]) -> None:
    """Write pulled spans and links (doc = document id) by merge's rule; the documents
    they belong to are already in this copy."""
    if not spans and not relations:
        return
    conn = store.conn
    doc_ids = sorted({r[1] for r in spans} | {r[1] for r in relations})
    pk_of = dict(_batched(doc_ids, "SELECT id, pk FROM documents WHERE id IN ({marks})", conn))
    span_ids = [r[0] for r in spans]
    known_spans = {r[0] for r in _batched(span_ids, "SELECT id FROM spans WHERE id IN "
                                          "({marks})", conn)}
    pks = sorted(pk_of.values())
    taken = set(_batched(pks, 'SELECT doc, annotator, start, "end", label FROM spans '
                              "WHERE deleted = 0 AND doc IN ({marks})", conn))
    places = Counter((r[1], *r[2:6]) for r in spans if not r[11])
    fast_spans, slow_spans = [], []
    for r in spans:
        pk = pk_of.get(r[1])
        place = (pk, *r[2:6])
        if (pk is None or r[0] in known_spans
                or (not r[11] and (place in taken or places[(r[1], *r[2:6])] > 1))):
            slow_spans.append(r)
        else:
            fast_spans.append((r[0], pk, *r[2:]))
    slow_docs = {r[1] for r in slow_spans}
    rel_ids = [r[0] for r in relations]
    known_rels = {r[0] for r in _batched(rel_ids, "SELECT id FROM relations WHERE id IN "
                                         "({marks})", conn)}
    linked = set(_batched(pks, "SELECT doc, annotator, head, child, label FROM relations "
                               "WHERE deleted = 0 AND doc IN ({marks})", conn))
    rel_keys = Counter((r[1], *r[2:6]) for r in relations if not r[10])
    fast_rels, slow_rels = [], []
    for r in relations:
        pk = pk_of.get(r[1])
        if (pk is None or r[1] in slow_docs or r[0] in known_rels
                or (not r[10] and ((pk, *r[2:6]) in linked or rel_keys[(r[1], *r[2:6])] > 1))):
            slow_rels.append(r)
        else:
            fast_rels.append((r[0], pk, *r[2:]))
    if slow_spans or slow_rels:
        _merge(store, path, slow_spans, slow_rels)
    store.ensure_labels({r[5] for r in fast_spans if not r[11]})
    store.ensure_relation_types({r[5] for r in fast_rels if not r[10]})
    conn.executemany(f"INSERT INTO spans ({SPAN_SQL}) VALUES ({', '.join('?' * 12)})",
                     fast_spans)
    conn.executemany(f"INSERT INTO relations ({REL_SQL}) VALUES ({', '.join('?' * 11)})",
                     fast_rels)
    if fast_spans or fast_rels:
        store.announce(ChangeKind.DOCUMENTS)


def _merge(store: Store, path: Path, spans: list[tuple], relations: list[tuple]) -> None:
    """merge.apply for these rows; their documents come from this copy (no change)."""
    ids = sorted({r[1] for r in spans} | {r[1] for r in relations})
    inc = Incoming(path, spans=[SpanRow._make(r) for r in spans],
                   relations=[RelationRow._make(r) for r in relations])
    for did, text, title, source, published, meta in _batched(
            ids, "SELECT id, text, title, source, published, meta FROM documents "
                 "WHERE id IN ({marks})", store.conn):
        inc.documents.append(InDocument(did, did, text, title, source, published,
                                        orjson.loads(meta) if meta else {}))
    apply(store, inc)
