"""Merging another analyst's database (or native JSONL export) into this one.

Rows carry UUIDs and update times, so a merge joins two sets of versions: each span,
relation, entity, layer status and review decision keeps the version written last, ties
broken by content, so the result never depends on the order files are merged in. Tombstones
(`deleted = 1`) carry deletions and win ties. The whole merge is one transaction: a bad or
foreign file is refused before anything is written, and a failure half-way rolls back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import InputError
from annotator.core.ids import new_id, now, text_hash
from annotator.core.model import STATUSES, Document
from annotator.store.migrations import MIGRATION_SET, known_names
from annotator.store.store import EMPTY_OBJ, Store

STATUS_RANK = {s: i for i, s in enumerate(STATUSES)}
REVIEW_STATUSES = ("unreviewed", "in_review", "reviewed")
REVIEW_RANK = {s: i for i, s in enumerate(REVIEW_STATUSES)}
DOC_FIELDS = ("title", "source", "published")

# Row layouts shared by both readers and the local state (doc = the source's document key
# while incoming, this database's pk once local).
SPAN_SQL = ('id, doc, annotator, start, "end", label, attrs, entity, origin, created_at, '
            'updated_at, deleted')
REL_SQL = "id, doc, annotator, head, child, label, attrs, origin, created_at, updated_at, deleted"
ENT_SQL = "id, name, kind, aliases, merged_into, created_at, updated_at, deleted"
DEC_SQL = "item, doc, kind, decision, gold, reviewer, updated_at"


@dataclass(slots=True)
class InDocument:
    """A document as the other file has it; `key` is how its rows refer to it."""

    key: Any
    id: str | None
    text: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    review: tuple[str, str | None, str | None] | None = None  # status, reviewer, reviewed_at


@dataclass(slots=True)
class Incoming:
    """Everything the other file brings, in this database's row layouts."""

    path: Path
    documents: list[InDocument] = field(default_factory=list)
    spans: list[tuple] = field(default_factory=list)
    relations: list[tuple] = field(default_factory=list)
    layers: list[tuple] = field(default_factory=list)  # (doc, annotator, status, updated_at)
    entities: list[tuple] = field(default_factory=list)
    decisions: list[tuple] = field(default_factory=list)
    stamp_now: bool = False  # JSONL: no update times; equal content is skipped, else "now"
    line_of: dict[Any, int] = field(default_factory=dict)  # doc key -> JSONL line


@dataclass(slots=True)
class Counts:
    added: int = 0
    updated: int = 0
    deleted: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.deleted)


@dataclass(slots=True)
class MergeSummary:
    """What came in, for the user: counts per analyst, labels added, notes."""

    documents_added: int = 0
    documents_matched: int = 0
    documents_updated: int = 0  # metadata, id or review status taken from the other file
    spans: dict[str, Counts] = field(default_factory=dict)
    relations: Counts = field(default_factory=Counts)
    layers_updated: int = 0
    entities: Counts = field(default_factory=Counts)
    decisions_updated: int = 0
    duplicates_resolved: int = 0
    labels_added: list[str] = field(default_factory=list)
    relation_types_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.documents_updated or self.layers_updated
                    or any(self.spans.values()) or self.relations or self.entities
                    or self.decisions_updated or self.labels_added or self.relation_types_added)

    def lines(self) -> list[str]:
        out = [f"documents: {self.documents_added} added, {self.documents_matched} matched"
               + (f" ({self.documents_updated} updated)" if self.documents_updated else "")]
        for who in sorted(self.spans):
            c = self.spans[who]
            if c:
                out.append(f"spans of {who}: {c.added} added, {c.updated} updated, "
                           f"{c.deleted} deleted")
        if self.relations:
            c = self.relations
            out.append(f"links: {c.added} added, {c.updated} updated, {c.deleted} deleted")
        if self.layers_updated:
            out.append(f"layer statuses updated: {self.layers_updated}")
        if self.entities:
            out.append(f"entities: {self.entities.added} added, {self.entities.updated} updated")
        if self.decisions_updated:
            out.append(f"review decisions updated: {self.decisions_updated}")
        if self.labels_added:
            out.append(f"note: labels added to the schema: {', '.join(self.labels_added)}")
        if self.relation_types_added:
            out.append("note: relation types added to the schema: "
                       + ", ".join(self.relation_types_added))
        if self.duplicates_resolved:
            out.append(f"note: {self.duplicates_resolved} span(s) labeled twice in one layer "
                       "under two ids; kept the smaller id")
        out += [f"note: {n}" for n in self.notes]
        if not self.changed:
            out.append("nothing new: this database already has everything in the file")
        return out


# -- reading the other file -----------------------------------------------------------

def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _select(conn: sqlite3.Connection, table: str, wanted: str) -> list[tuple]:
    """Rows with the wanted columns; columns an older schema lacks come back NULL."""
    have = _columns(conn, table)
    cols = []
    for c in (c.strip() for c in wanted.split(",")):
        name = c.strip('"')
        cols.append(c if name in have else "NULL")
    return conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()


def read_database(path: Path) -> Incoming:
    """Read another annotator database, opened read-only; refuse foreign and newer ones."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise InputError(path, f"cannot open it ({exc})") from None
    try:
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "_sqlite_migrations" not in tables:
            raise InputError(path, "not an annotator database (no schema history)")
        names = {r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))}
        if "0001_initial" not in names:
            raise InputError(path, "not an annotator database (foreign schema history)")
        unknown = sorted(names - known_names())
        if unknown:
            raise InputError(path, f"written by a newer version of annotator (schema step "
                             f"{unknown[0]}); upgrade the app to merge it")
        inc = Incoming(path)
        for pk, did, text, title, source, published, meta, rstatus, reviewer, reviewed_at in \
                _select(conn, "documents", "pk, id, text, title, source, published, meta, "
                                           "review_status, reviewer, reviewed_at"):
            inc.documents.append(InDocument(
                pk, did, text, title, source, published,
                orjson.loads(meta) if meta and meta != EMPTY_OBJ else {},
                (rstatus or "unreviewed", reviewer, reviewed_at)))
        inc.spans = _select(conn, "spans", SPAN_SQL)
        inc.relations = _select(conn, "relations", REL_SQL)
        inc.layers = _select(conn, "layers", "doc, annotator, status, updated_at")
        inc.entities = _select(conn, "entities", ENT_SQL)
        if "review_decisions" in tables:
            inc.decisions = _select(conn, "review_decisions", DEC_SQL)
        return inc
    except sqlite3.DatabaseError as exc:
        raise InputError(path, f"cannot read it as an annotator database ({exc})") from None
    finally:
        conn.close()


def _dump_obj(obj: dict[str, Any] | None) -> str:
    return orjson.dumps(obj).decode() if obj else EMPTY_OBJ


def _s(value: Any) -> str:
    """None sorts first among texts in version comparisons."""
    return "" if value is None else str(value)


# -- applying it ----------------------------------------------------------------------

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
    with store.write() as conn:
        doc_map = _merge_documents(store, conn, inc, summary)
        progress(1, MERGE_STEPS)
        labels = {r[5] for r in inc.spans if not r[11]}
        summary.labels_added = store.ensure_labels(labels)
        rel_types = {r[5] for r in inc.relations if not r[10]}
        summary.relation_types_added = store.ensure_relation_types(rel_types)
        _merge_entities(conn, inc, summary)
        progress(2, MERGE_STEPS)
        twin, retired = _merge_spans(conn, inc, doc_map, stamp, summary)
        progress(3, MERGE_STEPS)
        _merge_relations(conn, inc, doc_map, stamp, twin, retired, summary)
        progress(4, MERGE_STEPS)
        _merge_layers(conn, inc, doc_map, stamp, summary)
        progress(5, MERGE_STEPS)
        _merge_decisions(conn, inc, doc_map, summary)
        progress(6, MERGE_STEPS)
        if summary.changed:
            store.announce("documents")
    return summary


def _where(inc: Incoming, key: Any) -> tuple[Path, int | None]:
    return inc.path, inc.line_of.get(key)


def _join_value(a: Any, b: Any) -> Any:
    """Order-free choice between two values of a field: a set value beats None, else min."""
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b, key=lambda v: orjson.dumps(v, option=orjson.OPT_SORT_KEYS))


def _merge_documents(store: Store, conn: sqlite3.Connection, inc: Incoming,
                     summary: MergeSummary) -> dict[Any, int]:
    """Match each incoming document by id, else by text hash; add the rest."""
    by_id: dict[str, int] = {}
    by_sha: dict[str, int] = {}
    local: dict[int, list] = {}
    for row in conn.execute(
            "SELECT pk, id, sha256, title, source, published, meta, review_status, reviewer, "
            "reviewed_at FROM documents ORDER BY pk"):
        pk, did, sha = row[0], row[1], row[2]
        by_id[did] = pk
        by_sha.setdefault(sha, pk)
        local[pk] = list(row)
    doc_map: dict[Any, int] = {}
    for d in sorted(inc.documents, key=lambda d: (_s(d.id), _s(d.key))):
        sha = text_hash(d.text)
        pk = by_id.get(d.id) if d.id is not None else None
        if pk is not None and local[pk][2] != sha:
            path, line = _where(inc, d.key)
            raise InputError(path, f"document {d.id!r} is stored here with a different text",
                             line)
        if pk is None:
            pk = by_sha.get(sha)
        if pk is None:
            doc = Document(d.id or new_id(), d.text, d.title, d.source, d.published, d.meta)
            pk = store.insert_document(conn, doc, sha)
            by_id[doc.id], by_sha[sha] = pk, pk
            local[pk] = [pk, doc.id, sha, d.title, d.source, d.published, _dump_obj(d.meta),
                         "unreviewed", None, None]
            if d.review and d.review[2] is not None:
                _update_review(conn, pk, d.review)
            summary.documents_added += 1
            doc_map[d.key] = pk
            continue
        doc_map[d.key] = pk
        summary.documents_matched += 1
        if _join_document(conn, local[pk], d, by_id):
            summary.documents_updated += 1
    return doc_map


def _join_document(conn: sqlite3.Connection, row: list, d: InDocument,
                   by_id: dict[str, int]) -> bool:
    """Join metadata, id and review state of a matched document; True if it changed."""
    pk, did, _sha, title, source, published, meta_text, rstatus, reviewer, reviewed_at = row
    changed = False
    # The same article imported separately by two analysts has two ids: keep the smaller,
    # so every merge order ends with the same id.
    if d.id is not None and d.id != did and d.id < did and d.id not in by_id:
        conn.execute("UPDATE documents SET id = ? WHERE pk = ?", (d.id, pk))
        by_id.pop(did, None)
        by_id[d.id] = pk
        row[1] = d.id
        changed = True
    new_fields = [_join_value(old, new) for old, new in
                  zip((title, source, published), (d.title, d.source, d.published))]
    meta = orjson.loads(meta_text) if meta_text != EMPTY_OBJ else {}
    new_meta = dict(meta)
    for k, v in d.meta.items():
        new_meta[k] = _join_value(meta.get(k), v)
    if new_fields != [title, source, published] or new_meta != meta:
        conn.execute("UPDATE documents SET title = ?, source = ?, published = ?, meta = ? "
                     "WHERE pk = ?", (*new_fields, _dump_obj(new_meta), pk))
        if new_fields[0] != title:
            text = conn.execute("SELECT text FROM documents WHERE pk = ?", (pk,)).fetchone()[0]
            conn.execute("INSERT INTO documents_fts (documents_fts, rowid, title, text) "
                         "VALUES ('delete', ?, ?, ?)", (pk, title or "", text))
            conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                         (pk, new_fields[0] or "", text))
        row[3:7] = [*new_fields, _dump_obj(new_meta)]
        changed = True
    if d.review is not None and d.review[2] is not None:
        ours = (_s(reviewed_at), REVIEW_RANK.get(rstatus, 0), _s(reviewer))
        theirs = (_s(d.review[2]), REVIEW_RANK.get(d.review[0], 0), _s(d.review[1]))
        if theirs > ours:
            _update_review(conn, pk, d.review)
            row[7:10] = list(d.review)
            changed = True
    return changed


def _update_review(conn: sqlite3.Connection, pk: int, review: tuple) -> None:
    conn.execute("UPDATE documents SET review_status = ?, reviewer = ?, reviewed_at = ? "
                 "WHERE pk = ?", (*review, pk))


def _span_version(r: tuple) -> tuple:
    # updated_at first (last writer wins), then deleted (a tombstone wins a tie), then content.
    return (_s(r[10]), r[11], r[3], r[4], r[5], r[6], _s(r[7]), _s(r[8]))


def _same_span_content(a: tuple, b: tuple) -> bool:
    return (a[3:6] == b[3:6] and a[11] == b[11] and _s(a[7]) == _s(b[7])
            and orjson.loads(a[6]) == orjson.loads(b[6]))


def _merge_spans(conn: sqlite3.Connection, inc: Incoming, doc_map: dict[Any, int],
                 stamp: str, summary: MergeSummary) -> tuple[Callable[[str], str], set[str]]:
    """LWW per span id; returns `twin(id)`, the live span a link to `id` should point at,
    and the ids of the spans this merge turned into tombstones.

    The unique index `spans_live` allows one live span per (doc, layer, offsets, label):
    when two ids collide, the smaller id stays live and the other becomes a tombstone
    (its update time unchanged), which gives the same result in every merge order.
    """
    # Only the layers the file brings can change or clash: load those analysts' spans.
    # (An id used here by another analyst is caught by the primary key on insert.)
    state: dict[str, tuple] = {}
    live: dict[tuple, str] = {}
    for row in _rows_of(conn, SPAN_SQL, "spans", {r[2] for r in inc.spans}):
        state[row[0]] = row
        if not row[11]:
            live[(row[1], row[2], row[3], row[4], row[5])] = row[0]
    initial: dict[str, tuple | None] = {}  # what each changed id was before
    aliases: dict[str, str] = {}  # JSONL span id -> the id already holding that span here
    order = (sorted(inc.spans, key=lambda r: (_s(r[0]), r[2], r[3], r[4], r[5]))
             if inc.stamp_now else sorted(inc.spans, key=itemgetter(0)))
    for src in order:
        row = (src[0], doc_map[src[1]], *src[2:])
        sid = row[0]
        local = state.get(sid) if sid is not None else None
        if local == row:
            continue
        key = row[1:6]  # (doc, annotator, start, end, label)
        if local is None and not inc.stamp_now and (row[11] or key not in live):
            # The common case: a span this layer lacks, and nothing at its place.
            if not row[11]:
                live[key] = sid
            initial[sid] = None
            state[sid] = row
            continue
        if local is not None and (local[1] != row[1] or local[2] != row[2]):
            path, line = _where(inc, src[1])
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
            created = local[9] if local is not None else stamp
            row = (sid or new_id(), *row[1:9], created, stamp, row[11])
            sid = row[0]
        else:
            if local is not None:
                if _span_version(row) <= _span_version(local):
                    continue
                row = (*row[:9], min(_s(local[9]), _s(row[9])) or row[9], *row[10:])
        if local is not None and not local[11]:
            old_key = local[1:6]
            if live.get(old_key) == sid:
                del live[old_key]
        if not row[11]:
            holder = live.get(key)
            if holder is not None and holder != sid:
                summary.duplicates_resolved += 1
                if sid < holder:
                    initial.setdefault(holder, state[holder])
                    state[holder] = (*state[holder][:11], 1)
                    live[key] = sid
                else:
                    row = (*row[:11], 1)
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
        if row is None or not row[11]:
            return span_id
        return live.get(row[1:6], span_id)

    retired = {sid for sid, old in initial.items()
               if old is not None and not old[11] and state[sid][11]}
    return twin, retired


def _flush_spans(conn: sqlite3.Connection, state: dict[str, tuple],
                 initial: dict[str, tuple | None], summary: MergeSummary) -> None:
    """Write the final states: first retire every changed live row, then write each, so
    no intermediate state breaks the one-live-span-per-offsets index."""
    updates, inserts = [], []
    for sid in sorted(initial):
        new, old = state[sid], initial[sid]
        if old == new:
            continue
        counts = summary.spans.setdefault(new[2], Counts())
        if old is None:
            inserts.append(new)
            if not new[11]:
                counts.added += 1
        else:
            updates.append(new)
            if old[11] and not new[11]:
                counts.added += 1
            elif not old[11] and new[11]:
                counts.deleted += 1
            elif not new[11]:
                counts.updated += 1
    conn.executemany("UPDATE spans SET deleted = 1 WHERE id = ? AND deleted = 0",
                     [(r[0],) for r in updates])
    conn.executemany(
        'UPDATE spans SET start = ?, "end" = ?, label = ?, attrs = ?, entity = ?, origin = ?, '
        "created_at = ?, updated_at = ?, deleted = ? WHERE id = ?",
        [(*r[3:], r[0]) for r in updates])
    conn.executemany(f"INSERT INTO spans ({SPAN_SQL}) VALUES ({', '.join('?' * 12)})", inserts)


def _rows_of(conn: sqlite3.Connection, columns: str, table: str,
             annotators: set[str]) -> list[tuple]:
    if not annotators:
        return []
    marks = ", ".join("?" * len(annotators))
    return conn.execute(f"SELECT {columns} FROM {table} WHERE annotator IN ({marks})",
                        sorted(annotators)).fetchall()


def _rel_version(r: tuple) -> tuple:
    return (_s(r[9]), r[10], r[3], r[4], r[5], r[6], _s(r[7]))


def _merge_relations(conn: sqlite3.Connection, inc: Incoming, doc_map: dict[Any, int],
                     stamp: str, twin: Callable[[str], str], retired: set[str],
                     summary: MergeSummary) -> None:
    """LWW per relation id; links to a span that lost a duplicate move to its twin."""
    who = {r[2] for r in inc.relations} | {r[2] for r in inc.spans}
    state: dict[str, tuple] = {r[0]: r for r in _rows_of(conn, REL_SQL, "relations", who)}
    initial: dict[str, tuple | None] = {}
    live_keys = {(r[1], r[2], r[3], r[4], r[5]): r[0] for r in state.values() if not r[10]}
    for r in sorted(inc.relations, key=lambda r: _s(r[0])):
        row = (r[0], doc_map[r[1]], r[2], twin(r[3]), twin(r[4]), *r[5:])
        local = state.get(row[0]) if row[0] is not None else None
        if inc.stamp_now:
            key = (row[1], row[2], row[3], row[4], row[5])
            if (local is not None and local[3:6] == row[3:6] and not local[10]) \
                    or key in live_keys:
                continue
            row = (row[0] or new_id(), *row[1:8], local[8] if local else stamp, stamp, 0)
        elif local is not None:
            if _rel_version(row) <= _rel_version(local):
                continue
            row = (*row[:8], min(_s(local[8]), _s(row[8])) or row[8], *row[9:])
        initial.setdefault(row[0], local)
        state[row[0]] = row
        if not row[10]:
            live_keys[(row[1], row[2], row[3], row[4], row[5])] = row[0]

    # Links here to spans this merge retired follow their live twins (if any).
    for rid, row in list(state.items()) if retired else ():
        if not row[10] and (row[3] in retired or row[4] in retired):
            head, child = twin(row[3]), twin(row[4])
            if (head, child) != (row[3], row[4]):
                initial.setdefault(rid, row)
                state[rid] = (*row[:3], head, child, *row[5:])
    # One live link per (layer, head, child, type): the smaller id stays.
    keep: dict[tuple, str] = {}
    for rid in sorted(state):
        row = state[rid]
        if row[10]:
            continue
        key = (row[1], row[2], row[3], row[4], row[5])
        if key in keep:
            initial.setdefault(rid, row)
            state[rid] = (*row[:10], 1)
        else:
            keep[key] = rid
    updates, inserts = [], []
    for rid in sorted(initial):
        new, old = state[rid], initial[rid]
        if old == new:
            continue
        if old is None:
            inserts.append(new)
            summary.relations.added += 0 if new[10] else 1
        else:
            updates.append(new)
            if not old[10] and new[10]:
                summary.relations.deleted += 1
            elif old[10] and not new[10]:
                summary.relations.added += 1
            elif not new[10]:
                summary.relations.updated += 1
    conn.executemany(
        "UPDATE relations SET head = ?, child = ?, label = ?, attrs = ?, origin = ?, "
        "created_at = ?, updated_at = ?, deleted = ? WHERE id = ?",
        [(*r[3:], r[0]) for r in updates])
    try:
        conn.executemany(f"INSERT INTO relations ({REL_SQL}) VALUES ({', '.join('?' * 11)})",
                         inserts)
    except sqlite3.IntegrityError as exc:
        raise InputError(inc.path, f"its link ids clash with other links here ({exc})") from None


def _merge_layers(conn: sqlite3.Connection, inc: Incoming, doc_map: dict[Any, int],
                  stamp: str, summary: MergeSummary) -> None:
    """A layer's status: the later write wins; a tie goes to the further status."""
    state = {(d, a): (s, u) for d, a, s, u in conn.execute(
        "SELECT doc, annotator, status, updated_at FROM layers")}
    writes = {}
    for src_doc, annotator, status, updated in inc.layers:
        key = (doc_map[src_doc], annotator)
        local = writes.get(key) or state.get(key)
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
            new = (status, updated)
            if local is not None and (_s(updated), STATUS_RANK[status]) <= \
                    (_s(local[1]), STATUS_RANK.get(local[0], 0)):
                continue
        writes[key] = new
    conn.executemany(
        "INSERT INTO layers (doc, annotator, status, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (doc, annotator) DO UPDATE SET status = excluded.status, "
        "updated_at = excluded.updated_at",
        [(d, a, s, u) for (d, a), (s, u) in sorted(writes.items())])
    summary.layers_updated += len(writes)


def _merge_entities(conn: sqlite3.Connection, inc: Incoming, summary: MergeSummary) -> None:
    def version(r: tuple) -> tuple:
        return (_s(r[6]), r[7], r[1], _s(r[2]), _s(r[3]), _s(r[4]))

    state = {r[0]: r for r in conn.execute(f"SELECT {ENT_SQL} FROM entities")}
    inserts, updates = [], []
    for row in sorted(inc.entities, key=lambda r: r[0]):
        local = state.get(row[0])
        if local is None:
            inserts.append(row)
            summary.entities.added += 1
        elif version(row) > version(local):
            updates.append((*row[1:5], min(local[5], row[5]), *row[6:], row[0]))
            summary.entities.updated += 1
        else:
            continue
        state[row[0]] = row
    conn.executemany(f"INSERT INTO entities ({ENT_SQL}) VALUES ({', '.join('?' * 8)})", inserts)
    conn.executemany("UPDATE entities SET name = ?, kind = ?, aliases = ?, merged_into = ?, "
                     "created_at = ?, updated_at = ?, deleted = ? WHERE id = ?", updates)


def _merge_decisions(conn: sqlite3.Connection, inc: Incoming, doc_map: dict[Any, int],
                     summary: MergeSummary) -> None:
    def version(r: tuple) -> tuple:
        return (_s(r[6]), r[3], _s(r[4]), _s(r[5]))

    state = {r[0]: r for r in conn.execute(f"SELECT {DEC_SQL} FROM review_decisions")}
    writes = []
    for r in sorted(inc.decisions, key=lambda r: r[0]):
        row = (r[0], doc_map[r[1]], *r[2:])
        local = state.get(row[0])
        if local is not None and version(row) <= version(local):
            continue
        state[row[0]] = row
        writes.append(row)
    conn.executemany(f"INSERT OR REPLACE INTO review_decisions ({DEC_SQL}) "
                     f"VALUES ({', '.join('?' * 7)})", writes)
    summary.decisions_updated += len(writes)


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
        "entities": rows(f"SELECT {ENT_SQL} FROM entities"),
        "decisions": rows("SELECT x.item, d.id, x.kind, x.decision, x.gold, x.reviewer, "
                          "x.updated_at FROM review_decisions x JOIN documents d "
                          "ON d.pk = x.doc"),
        "labels": rows("SELECT name FROM labels"),
    }
