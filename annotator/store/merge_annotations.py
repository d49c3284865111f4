"""The merge of spans and links: last writer wins per id, ties broken by content.

The unique index `spans_live` allows one live span per place (document, layer, offsets,
label): when two ids collide, the smaller id stays live and the other becomes a tombstone,
which gives the same result in every merge order. Links follow: a link to a span that
lost such a collision moves to the span that kept the place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from operator import attrgetter
from typing import Any, NamedTuple

import orjson

from annotator.core.errors import InputError
from annotator.core.ids import new_id
from annotator.store import writes
from annotator.store.merge_read import Incoming
from annotator.store.merge_summary import Counts, MergeSummary
from annotator.store.rows import REL_ROW_SQL, SPAN_ROW_SQL, RelationRow, SpanRow, make_rows


def s_(value: Any) -> str:
    """None sorts first among texts in version comparisons."""
    return "" if value is None else str(value)


def where(inc: Incoming, key: Any) -> tuple:
    """(file, line) of a document of the other file, for an error message."""
    return inc.path, inc.line_of.get(key)


def _rows_of(conn: sqlite3.Connection, row_type: type[NamedTuple], columns: str, table: str,
             annotators: set[str]) -> list:
    if not annotators:
        return []
    marks = ", ".join("?" * len(annotators))
    return make_rows(row_type, conn.execute(
        f"SELECT {columns} FROM {table} WHERE annotator IN ({marks})", sorted(annotators)))


def _span_version(r: SpanRow) -> tuple:
    # updated_at first (last writer wins), then deleted (a tombstone wins a tie), then content.
    return (s_(r.updated_at), r.deleted, r.start, r.end, r.label, r.attrs, s_(r.entity),
            s_(r.origin))


def _same_span_content(a: SpanRow, b: SpanRow) -> bool:
    return ((a.start, a.end, a.label) == (b.start, b.end, b.label) and a.deleted == b.deleted
            and s_(a.entity) == s_(b.entity) and orjson.loads(a.attrs) == orjson.loads(b.attrs))


def merge_spans(conn: sqlite3.Connection, inc: Incoming, doc_map: dict[Any, int],
                stamp: str, summary: MergeSummary) -> tuple[Callable[[str], str], set[str]]:
    """LWW per span id; returns `twin(id)`, the live span a link to `id` should point at,
    and the ids of the spans this merge turned into tombstones."""
    # Only the layers the file brings can change or clash: load those analysts' spans.
    # (An id used here by another analyst is caught by the primary key on insert.)
    state: dict[str, SpanRow] = {}
    live: dict[tuple, str] = {}
    for row in _rows_of(conn, SpanRow, SPAN_ROW_SQL, "spans",
                        {r.annotator for r in inc.spans}):
        state[row.id] = row
        if not row.deleted:
            live[row.place] = row.id
    initial: dict[str, SpanRow | None] = {}  # what each changed id was before
    aliases: dict[str, str] = {}  # JSONL span id -> the id already holding that span here
    order = (sorted(inc.spans, key=lambda r: (s_(r.id), r.annotator, r.start, r.end, r.label))
             if inc.stamp_now else sorted(inc.spans, key=attrgetter("id")))
    for src in order:
        row = src.in_doc(doc_map[src.doc])
        sid = row.id
        local = state.get(sid) if sid is not None else None
        if local == row:
            continue
        key = row.place
        if local is None and not inc.stamp_now and (row.deleted or key not in live):
            # The common case: a span this layer lacks, and nothing at its place.
            if not row.deleted:
                live[key] = sid
            initial[sid] = None
            state[sid] = row
            continue
        if local is not None and (local.doc, local.annotator) != (row.doc, row.annotator):
            path, line = where(inc, src.doc)
            raise InputError(path, f"span {sid} belongs to another document or analyst here",
                             line)
        if inc.stamp_now:
            if local is not None and _same_span_content(local, row):
                continue
            holder = live.get(key)
            if holder is not None and holder != sid:
                # Already labeled so in this layer under another id: links follow that one.
                if sid is not None:
                    aliases[sid] = holder
                continue
            row = row._replace(id=sid or new_id(), updated_at=stamp,
                               created_at=local.created_at if local is not None else stamp)
            sid = row.id
        elif local is not None:
            if _span_version(row) <= _span_version(local):
                continue
            row = row._replace(created_at=min(s_(local.created_at), s_(row.created_at))
                               or row.created_at)
        if local is not None and not local.deleted and live.get(local.place) == sid:
            del live[local.place]
        if not row.deleted:
            holder = live.get(key)
            if holder is not None and holder != sid:
                summary.duplicates_resolved += 1
                if sid < holder:
                    initial.setdefault(holder, state[holder])
                    state[holder] = state[holder]._replace(deleted=1)
                    live[key] = sid
                else:
                    row = row._replace(deleted=1)
            else:
                live[key] = sid
        initial.setdefault(sid, local)
        state[sid] = row
    try:
        _flush_spans(conn, state, initial, summary)
    except sqlite3.IntegrityError as exc:
        raise InputError(inc.path, f"its span ids clash with other spans here ({exc})") from None

    def twin(span_id: str) -> str:
        """A tombstone with a live span at the same place in the same layer: that span.
        (Deleting a span also deletes its links, so a live link to a tombstone only comes
        from a span labeled twice under two ids, or from a JSONL span already here.)"""
        span_id = aliases.get(span_id, span_id)
        row = state.get(span_id)
        if row is None or not row.deleted:
            return span_id
        return live.get(row.place, span_id)

    retired = {sid for sid, old in initial.items()
               if old is not None and not old.deleted and state[sid].deleted}
    return twin, retired


def _flush_spans(conn: sqlite3.Connection, state: dict[str, SpanRow],
                 initial: dict[str, SpanRow | None], summary: MergeSummary) -> None:
    """Write the final states: first retire every changed live row, then write each, so
    no intermediate state breaks the one-live-span-per-place index."""
    updates, inserts = [], []
    for sid in sorted(initial):
        new, old = state[sid], initial[sid]
        if old == new:
            continue
        counts = summary.spans.setdefault(new.annotator, Counts())
        if old is None:
            inserts.append(new)
            if not new.deleted:
                counts.added += 1
        else:
            updates.append(new)
            if old.deleted and not new.deleted:
                counts.added += 1
            elif not old.deleted and new.deleted:
                counts.deleted += 1
            elif not new.deleted:
                counts.updated += 1
    conn.executemany("UPDATE spans SET deleted = 1 WHERE id = ? AND deleted = 0",
                     [(r.id,) for r in updates])
    conn.executemany(
        'UPDATE spans SET start = ?, "end" = ?, label = ?, attrs = ?, entity = ?, origin = ?, '
        "created_at = ?, updated_at = ?, deleted = ? WHERE id = ?",
        [(r.start, r.end, r.label, r.attrs, r.entity, r.origin, r.created_at, r.updated_at,
          r.deleted, r.id) for r in updates])
    writes.insert_spans(conn, inserts)


def _rel_version(r: RelationRow) -> tuple:
    return (s_(r.updated_at), r.deleted, r.head, r.child, r.label, r.attrs, s_(r.origin))


def merge_relations(conn: sqlite3.Connection, inc: Incoming, doc_map: dict[Any, int],
                    stamp: str, twin: Callable[[str], str], retired: set[str],
                    summary: MergeSummary) -> None:
    """LWW per relation id; links to a span that lost a duplicate move to its twin."""
    who = {r.annotator for r in inc.relations} | {r.annotator for r in inc.spans}
    state: dict[str, RelationRow] = {
        r.id: r for r in _rows_of(conn, RelationRow, REL_ROW_SQL, "relations", who)}
    initial: dict[str, RelationRow | None] = {}
    live_keys = {r.place: r.id for r in state.values() if not r.deleted}
    for src in sorted(inc.relations, key=lambda r: s_(r.id)):
        row = src.in_doc(doc_map[src.doc], twin(src.head), twin(src.child))
        local = state.get(row.id) if row.id is not None else None
        if inc.stamp_now:
            same_link = local is not None and not local.deleted and \
                (local.head, local.child, local.label) == (row.head, row.child, row.label)
            if same_link or row.place in live_keys:
                continue
            row = row._replace(id=row.id or new_id(), updated_at=stamp, deleted=0,
                               created_at=local.created_at if local else stamp)
        elif local is not None:
            if _rel_version(row) <= _rel_version(local):
                continue
            row = row._replace(created_at=min(s_(local.created_at), s_(row.created_at))
                               or row.created_at)
        initial.setdefault(row.id, local)
        state[row.id] = row
        if not row.deleted:
            live_keys[row.place] = row.id

    # Links here to spans this merge retired follow their live twins (if any).
    for rid, row in list(state.items()) if retired else ():
        if not row.deleted and (row.head in retired or row.child in retired):
            head, child = twin(row.head), twin(row.child)
            if (head, child) != (row.head, row.child):
                initial.setdefault(rid, row)
                state[rid] = row._replace(head=head, child=child)
    # One live link per (layer, head, child, type): the smaller id stays.
    keep: dict[tuple, str] = {}
    for rid in sorted(state):
        row = state[rid]
        if row.deleted:
            continue
        if row.place in keep:
            initial.setdefault(rid, row)
            state[rid] = row._replace(deleted=1)
        else:
            keep[row.place] = rid
    _flush_relations(conn, inc, state, initial, summary)


def _flush_relations(conn: sqlite3.Connection, inc: Incoming, state: dict[str, RelationRow],
                     initial: dict[str, RelationRow | None], summary: MergeSummary) -> None:
    updates, inserts = [], []
    for rid in sorted(initial):
        new, old = state[rid], initial[rid]
        if old == new:
            continue
        if old is None:
            inserts.append(new)
            summary.relations.added += 0 if new.deleted else 1
        else:
            updates.append(new)
            if not old.deleted and new.deleted:
                summary.relations.deleted += 1
            elif old.deleted and not new.deleted:
                summary.relations.added += 1
            elif not new.deleted:
                summary.relations.updated += 1
    conn.executemany(
        "UPDATE relations SET head = ?, child = ?, label = ?, attrs = ?, origin = ?, "
        "created_at = ?, updated_at = ?, deleted = ? WHERE id = ?",
        [(r.head, r.child, r.label, r.attrs, r.origin, r.created_at, r.updated_at, r.deleted,
          r.id) for r in updates])
    try:
        writes.insert_relations(conn, inserts)
    except sqlite3.IntegrityError as exc:
        raise InputError(inc.path, f"its link ids clash with other links here ({exc})") from None
