"""Streaming every (document, analyst layer) out of the store, for exports.

One read transaction gives a consistent snapshot; documents, layers, spans and relations
are read by four cursors in the same order and joined as they go, so memory stays flat
whatever the size of the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import orjson

from annotator.core.model import AnnotatedDocument, Document, Relation, Span
from annotator.store.rows import EMPTY_OBJ
from annotator.store.store import Store


@dataclass(slots=True)
class LayerFilter:
    """Which layers an export takes: whose (`annotators`, None for all) and which statuses."""

    annotators: list[str] | None = None
    statuses: list[str] | None = None
    labels: list[str] | None = None

    def wants_untouched(self) -> bool:
        return self.annotators is None and (not self.statuses or "new" in self.statuses)


def _peek_groups(cursor: Iterable[tuple], key_len: int) -> Iterator[tuple[tuple, list[tuple]]]:
    """Group consecutive rows by their first `key_len` columns."""
    current_key, group = None, []
    for row in cursor:
        key = row[:key_len]
        if key != current_key:
            if group:
                yield current_key, group
            current_key, group = key, []
        group.append(row)
    if group:
        yield current_key, group


class _Merger:
    """Advances a grouped cursor to a requested key, skipping keys nobody asks for."""

    def __init__(self, groups: Iterator[tuple[tuple, list[tuple]]]):
        self._groups = groups
        self._head = next(groups, None)

    def take(self, key: tuple) -> list[tuple]:
        while self._head is not None and self._head[0] < key:
            self._head = next(self._groups, None)
        if self._head is not None and self._head[0] == key:
            rows = self._head[1]
            self._head = next(self._groups, None)
            return rows
        return []


def iter_layers(store: Store, flt: LayerFilter | None = None) -> Iterator[AnnotatedDocument]:
    """Yield one AnnotatedDocument per (document, layer), documents in import order, layers
    by analyst name; a document nobody touched comes once with annotator None."""
    flt = flt or LayerFilter()
    conn = store.conn
    own_txn = not conn.in_transaction
    if own_txn:
        conn.execute("BEGIN")
    try:
        docs = conn.execute(
            "SELECT pk, id, text, title, source, published, meta FROM documents ORDER BY pk")
        layers = _Merger(_peek_groups(conn.execute(
            "SELECT doc, annotator, status FROM layers ORDER BY doc, annotator"), 1))
        spans = _Merger(_peek_groups(conn.execute(
            'SELECT doc, annotator, id, start, "end", label, attrs, entity FROM spans '
            'WHERE deleted = 0 ORDER BY doc, annotator, start, "end", label'), 2))
        rels = _Merger(_peek_groups(conn.execute(
            "SELECT doc, annotator, id, head, child, label FROM relations WHERE deleted = 0 "
            "ORDER BY doc, annotator, rowid"), 2))
        wanted_annotators = set(flt.annotators) if flt.annotators is not None else None
        wanted_status = set(flt.statuses) if flt.statuses else None
        wanted_labels = set(flt.labels) if flt.labels else None
        for pk, did, text, title, source, published, meta in docs:
            document = Document(did, text, title, source, published,
                                orjson.loads(meta) if meta != EMPTY_OBJ else {}, pk)
            doc_layers = layers.take((pk,))
            if not doc_layers:
                if flt.wants_untouched():
                    yield AnnotatedDocument(document, None, "new")
                continue
            for _doc, annotator, status in doc_layers:
                span_rows = spans.take((pk, annotator))
                rel_rows = rels.take((pk, annotator))
                if wanted_annotators is not None and annotator not in wanted_annotators:
                    continue
                if wanted_status is not None and status not in wanted_status:
                    continue
                span_list = [
                    Span(s, e, lab, sid, orjson.loads(attrs) if attrs != EMPTY_OBJ else {},
                         ent, annotator)
                    for _d, _a, sid, s, e, lab, attrs, ent in span_rows
                    if wanted_labels is None or lab in wanted_labels
                ]
                kept = {s.id for s in span_list}
                rel_list = [Relation(h, c, lab, rid, annotator)
                            for _d, _a, rid, h, c, lab in rel_rows
                            if h in kept and c in kept]
                yield AnnotatedDocument(document, annotator, status, span_list, rel_list)
    finally:
        if own_txn and conn.in_transaction:
            conn.execute("COMMIT")
