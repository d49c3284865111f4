"""Pull: what others pushed since this copy's cursor, applied by merge's rule.

The hub's rows up to its current change number are read in one snapshot (taken while no
hub write is in flight, so nothing below that number can still appear) and applied to the
local file in ONE transaction together with the new cursor and the rows' marks: killed at
any moment, the copy holds either all of it or none, and the next sync redoes it.
Documents go through `merge.apply` in chunks so memory stays bounded on a first pull.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import orjson

from annotator.hub.connect import psycopg_module
from annotator.hub.fastpath import apply_rows
from annotator.hub.local import (
    KINDS,
    SCHEMA_KIND,
    add_assignments,
    get_state,
    mark,
    mark_received,
    set_state,
    settle,
    stamp,
)
from annotator.hub.schema import WRITE_LOCK
from annotator.hub.session import Session
from annotator.store.changes import ChangeKind
from annotator.store.merge import Incoming, InDocument, apply
from annotator.store.rows import DecisionRow, EntityRow, LayerRow
from annotator.store.store import Store

CHUNK = 500  # documents per merge step (bounds a first pull's memory)
RANGE = "seq > %s AND seq <= %s"
DOC_SCOPED = ("layers", "spans", "relations", "decisions")


def pull(store: Store, session: Session, step: Callable[[str], None] = lambda s: None,
         chunk: int | None = None) -> int:
    """Apply everything new on the hub; returns the number of rows received."""
    chunk = chunk or CHUNK
    psycopg = psycopg_module()
    conn = session.conn
    start = int(get_state(store.conn, "cursor") or 0)
    conn.execute("SELECT pg_advisory_lock_shared(%s)", (WRITE_LOCK,))
    locked = True
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    try:
        with conn.transaction():
            high = conn.execute("SELECT annotator.high_water()").fetchone()[0]
            conn.execute("SELECT pg_advisory_unlock_shared(%s)", (WRITE_LOCK,))
            locked = False
            news = _News(store, session, (start, high), chunk) if high > start else None
            # Read before writing: an ordinary sync (one chunk) holds the local write lock
            # for no network round trip, so labelling in the window never waits for it.
            if news is not None:
                news.prefetch()
            with store.write() as local:
                received = 0
                if news is not None:
                    received = news.apply(step)
                settle(local)
                set_state(local, cursor=str(high), last_sync=stamp())
                step("pull commit")
    finally:
        conn.isolation_level = None
        if locked:
            conn.execute("SELECT pg_advisory_unlock_shared(%s)", (WRITE_LOCK,))
    return received


def _select(kind: str) -> str:
    return f"SELECT {KINDS[kind].column_list()} FROM annotator.{kind}"


class _News:
    """What the hub holds between two change numbers, read a chunk of documents at a
    time (within the caller's snapshot)."""

    def __init__(self, store: Store, session: Session, rng: tuple[int, int], chunk: int):
        self.store, self.session, self.rng = store, session, rng
        conn = session.conn
        self.assignments = conn.execute(
            f"SELECT doc, analyst FROM annotator.assignments WHERE {RANGE}", rng).fetchall()
        self.entities = conn.execute(f"{_select('entities')} WHERE {RANGE}", rng).fetchall()
        self.schema = conn.execute(f"SELECT body FROM annotator.label_schema WHERE {RANGE}",
                                   rng).fetchone()
        full = {r[0] for r in conn.execute(
            f"SELECT id FROM annotator.documents WHERE {RANGE}", rng)}
        full |= {doc for doc, who in self.assignments if who == session.user}
        touched = {r[0] for r in conn.execute(
            " UNION ".join(f"SELECT doc FROM annotator.{k} WHERE {RANGE}" for k in DOC_SCOPED),
            rng * len(DOC_SCOPED))}
        self.full = full
        ids = sorted(full | touched)
        self.chunks = [ids[i:i + chunk] for i in range(0, len(ids), chunk)] or [[]]
        self.path = Path(session.url_shown)
        self._first = None

    def fetch(self, n: int) -> tuple[Incoming, list[tuple], dict[str, list[tuple]]]:
        """Chunk n: (an Incoming with its documents, statuses and decisions, the hub's
        document rows, the rows per kind)."""
        conn, part, rng = self.session.conn, self.chunks[n], self.rng
        inc = Incoming(self.path)
        if n == 0:
            inc.entities = [EntityRow._make(r) for r in self.entities]
        have = _local_documents(self.store.conn, part)
        fetch = [i for i in part if i in self.full or i not in have]
        hub_docs = conn.execute(f"{_select('documents')} WHERE id = ANY(%s)",
                                (fetch,)).fetchall() if fetch else []
        fetched = {d[0] for d in hub_docs}
        for d in hub_docs:
            inc.documents.append(InDocument(d[0], d[0], d[1], d[3], d[4], d[5],
                                            orjson.loads(d[6]) if d[6] else {},
                                            (d[7], d[8], d[9])))
        for did, (text, title, source, published, meta) in have.items():
            if did not in fetched:
                inc.documents.append(InDocument(did, did, text, title, source, published,
                                                orjson.loads(meta) if meta else {}))
        known = fetched | set(have)
        rows = {}
        for kind in DOC_SCOPED:
            doc_at = 0 if kind == "layers" else 1
            got = conn.execute(f"{_select(kind)} WHERE doc = ANY(%s) AND {RANGE}",
                               (part, *rng)).fetchall() if part else []
            rows[kind] = [r for r in got if r[doc_at] in known]
        inc.layers = [LayerRow._make(r) for r in rows["layers"]]
        inc.decisions = [DecisionRow._make(r) for r in rows["decisions"]]
        return inc, hub_docs, rows

    def prefetch(self) -> None:
        self._first = self.fetch(0)

    def apply(self, step: Callable[[str], None]) -> int:
        """Write every chunk (inside the caller's local transaction)."""
        store, local = self.store, self.store.conn
        received = len(self.assignments) + len(self.entities) + (self.schema is not None)
        for n in range(len(self.chunks)):
            if n == 0 and self._first is not None:
                (inc, hub_docs, rows), self._first = self._first, None
            else:
                inc, hub_docs, rows = self.fetch(n)
            apply(store, inc)  # documents, registry, statuses, decisions
            apply_rows(store, self.path, rows["spans"], rows["relations"])
            mark_received(local, KINDS["documents"], [(d[0], "", *d[2:]) for d in hub_docs])
            for kind in DOC_SCOPED:
                mark_received(local, KINDS[kind], rows[kind])
            if n == 0:
                mark_received(local, KINDS["entities"], self.entities)
            received += len(hub_docs) + sum(len(r) for r in rows.values())
            del inc, hub_docs, rows
            step(f"pull {n + 1}/{len(self.chunks)}")
        if self.schema is not None:
            _take_schema(store, self.schema[0])
        add_assignments(local, self.assignments)
        return received


def _local_documents(local, ids: list[str]) -> dict[str, tuple]:
    out = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        out.update({r[0]: r[1:] for r in local.execute(
            f"SELECT id, text, title, source, published, meta FROM documents "
            f"WHERE id IN ({', '.join('?' * len(part))})", part)})
    return out


def _take_schema(store: Store, body: str) -> None:
    """The lead's label schema, plus any label still used here that it lacks."""
    from annotator.core.schema import LabelSchema
    from annotator.hub.push import schema_body
    from annotator.store.schema_rows import write_schema

    local = store.conn
    if schema_body(local) != body:
        write_schema(local, LabelSchema.from_json(json.loads(body)))
        store.reload_schema()
        store.ensure_labels(r[0] for r in local.execute(
            "SELECT DISTINCT label FROM spans WHERE deleted = 0"))
        store.ensure_relation_types(r[0] for r in local.execute(
            "SELECT DISTINCT label FROM relations WHERE deleted = 0"))
        store.announce(ChangeKind.SCHEMA)
    mark(local, SCHEMA_KIND, [("1", body)])
