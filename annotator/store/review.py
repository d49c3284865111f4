"""The reviewer's operations on the `gold` layer, and what the review view shows.

Accepting an analyst's span copies it into `gold` under a new id that remembers its origin
(`spans.origin`); every accept or reject is recorded in `review_decisions` with the
reviewer and time, so merges carry decisions too. Each operation is one transaction and
returns a `Decision` that `undo` reverts exactly (the window's undo stack uses it).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from annotator.core.agreement import AgreementReport, DocLayers, classify, compare
from annotator.core.errors import DataError
from annotator.core.ids import new_id, now
from annotator.core.model import GOLD, Relation, Span
from annotator.store.store import SPAN_COLS, Store, _dump, _span_from_row

REVIEW_STATUSES = ("unreviewed", "in_review", "reviewed")
ACCEPTED, REJECTED, UNDECIDED = "accepted", "rejected", "undecided"


@dataclass(frozen=True, slots=True)
class SpanReview:
    """One analyst span as review mode shows it."""

    span: Span  # with .annotator and .id
    state: str  # agree, disagree or partial (core.agreement)
    decision: str | None  # accepted, rejected or None
    gold: str | None  # the live gold span it was accepted as, if any


@dataclass(slots=True)
class Decision:
    """What one accept/reject did, with what it replaced, so `undo` can put it back."""

    item: str
    doc: int
    decision: str
    gold: str | None = None
    created: list[str] = field(default_factory=list)  # gold spans/relations it added
    removed: list[str] = field(default_factory=list)  # gold spans/relations it tombstoned
    previous: tuple | None = None  # the decision row it replaced
    previous_review: tuple | None = None  # (status, reviewer, reviewed_at) it replaced


# -- reading ----------------------------------------------------------------------------

def review_status(store: Store, doc: int) -> tuple[str, str | None, str | None]:
    """(status, reviewer, reviewed_at) of a document."""
    row = store.conn.execute("SELECT review_status, reviewer, reviewed_at FROM documents "
                             "WHERE pk = ?", (doc,)).fetchone()
    if row is None:
        raise DataError(f"no document {doc}")
    return row


def analysts(store: Store, doc: int) -> list[str]:
    """The analysts with a layer in this document (the gold layer is not an analyst)."""
    return [a for a in store.layers(doc) if a != GOLD]


def decisions(store: Store, doc: int) -> dict[str, tuple[str, str | None, str, str]]:
    """item -> (decision, gold id, reviewer, time) for a document."""
    return {r[0]: r[1:] for r in store.conn.execute(
        "SELECT item, decision, gold, reviewer, updated_at FROM review_decisions "
        "WHERE doc = ? AND decision != ?", (doc, UNDECIDED))}


def classify_document(store: Store, doc: int) -> list[SpanReview]:
    """Every analyst span of a document with its state and the reviewer's decision, in
    text order (start, end, label, analyst)."""
    spans = [s for s in store.spans(doc) if s.annotator != GOLD]
    layers: dict[str, list] = {a: [] for a in analysts(store, doc)}
    for s in spans:
        layers.setdefault(s.annotator, []).append(s.sort_key)
    states = classify(layers)
    decided = decisions(store, doc)
    live_gold = {s.id for s in store.spans(doc, GOLD)}
    out = []
    for s in spans:
        d = decided.get(s.id)
        gold = d[1] if d and d[1] in live_gold else None
        out.append(SpanReview(s, states[(s.annotator, s.sort_key)], d[0] if d else None, gold))
    return out


# -- deciding -----------------------------------------------------------------------------

def _live_span(conn: sqlite3.Connection, span_id: str) -> tuple[int, Span]:
    row = conn.execute(f"SELECT {SPAN_COLS} FROM spans WHERE id = ? AND deleted = 0",
                       (span_id,)).fetchone()
    if row is None:
        raise DataError(f"no live span {span_id}")
    return row[1], _span_from_row(row)


def _gold_copy(store: Store, conn: sqlite3.Connection, doc: int, span: Span,
               decision: Decision) -> str:
    """The gold span with these offsets and label, made from `span` if there is none."""
    row = conn.execute('SELECT id FROM spans WHERE doc = ? AND annotator = ? AND start = ? '
                       'AND "end" = ? AND label = ? AND deleted = 0',
                       (doc, GOLD, span.start, span.end, span.label)).fetchone()
    if row:
        return row[0]
    gid, stamp = new_id(), now()
    conn.execute('INSERT INTO spans (id, doc, annotator, start, "end", label, attrs, entity, '
                 'origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                 (gid, doc, GOLD, span.start, span.end, span.label, _dump(span.attrs),
                  span.entity, span.id, stamp, stamp))
    decision.created.append(gid)
    store.touch_layer(conn, doc, GOLD)
    store.announce("spans", doc, [gid])
    return gid


def _record(store: Store, conn: sqlite3.Connection, decision: Decision, kind: str,
            reviewer: str) -> None:
    decision.previous = conn.execute(
        "SELECT item, doc, kind, decision, gold, reviewer, updated_at FROM review_decisions "
        "WHERE item = ?", (decision.item,)).fetchone()
    conn.execute("INSERT OR REPLACE INTO review_decisions (item, doc, kind, decision, gold, "
                 "reviewer, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (decision.item, decision.doc, kind, decision.decision, decision.gold,
                  reviewer, now()))
    status, _who, _when = review_status(store, decision.doc)
    if status == "unreviewed":
        decision.previous_review = review_status(store, decision.doc)
        _write_review(conn, decision.doc, "in_review", reviewer)
        store.announce("status", decision.doc)


def _write_review(conn: sqlite3.Connection, doc: int, status: str, reviewer: str | None,
                  when: str | None = None) -> None:
    conn.execute("UPDATE documents SET review_status = ?, reviewer = ?, reviewed_at = ? "
                 "WHERE pk = ?", (status, reviewer, when or now(), doc))


def accept_span(store: Store, span_id: str, reviewer: str) -> Decision:
    """Copy an analyst's span into gold (unless gold has it already) and record it."""
    with store.write() as conn:
        doc, span = _live_span(conn, span_id)
        if span.annotator == GOLD:
            raise DataError("that span is in the gold layer already")
        decision = Decision(span_id, doc, ACCEPTED)
        decision.gold = _gold_copy(store, conn, doc, span, decision)
        _record(store, conn, decision, "span", reviewer)
    return decision


def reject_span(store: Store, span_id: str, reviewer: str) -> Decision:
    """Record that an analyst's span stays out of gold; a gold copy made from it goes."""
    with store.write() as conn:
        doc, span = _live_span(conn, span_id)
        if span.annotator == GOLD:
            raise DataError("reject analysts' spans; delete a gold span instead")
        decision = Decision(span_id, doc, REJECTED)
        for (gid,) in conn.execute("SELECT id FROM spans WHERE origin = ? AND annotator = ? "
                                   "AND deleted = 0", (span_id, GOLD)).fetchall():
            decision.removed += _tombstone_gold(store, conn, doc, gid)
        _record(store, conn, decision, "span", reviewer)
    return decision


def _tombstone_gold(store: Store, conn: sqlite3.Connection, doc: int, gid: str) -> list[str]:
    """Tombstone a gold span and the gold links touching it; returns their ids."""
    stamp = now()
    rel_ids = [r[0] for r in conn.execute(
        "SELECT id FROM relations WHERE (head = ? OR child = ?) AND deleted = 0", (gid, gid))]
    conn.execute("UPDATE spans SET deleted = 1, updated_at = ? WHERE id = ?", (stamp, gid))
    conn.executemany("UPDATE relations SET deleted = 1, updated_at = ? WHERE id = ?",
                     [(stamp, r) for r in rel_ids])
    store.announce("spans", doc, [gid])
    if rel_ids:
        store.announce("relations", doc, rel_ids)
    return [gid, *rel_ids]


def accept_relation(store: Store, relation_id: str, reviewer: str) -> Decision:
    """Copy an analyst's link into gold, accepting its two spans first if needed."""
    with store.write() as conn:
        row = conn.execute("SELECT doc, annotator, head, child, label FROM relations "
                           "WHERE id = ? AND deleted = 0", (relation_id,)).fetchone()
        if row is None:
            raise DataError(f"no live link {relation_id}")
        doc, annotator, head, child, label = row
        if annotator == GOLD:
            raise DataError("that link is in the gold layer already")
        decision = Decision(relation_id, doc, ACCEPTED)
        ends = []
        for sid in (head, child):
            _doc, span = _live_span(conn, sid)
            ends.append(_gold_copy(store, conn, doc, span, decision))
        existing = conn.execute("SELECT id FROM relations WHERE doc = ? AND annotator = ? AND "
                                "head = ? AND child = ? AND label = ? AND deleted = 0",
                                (doc, GOLD, ends[0], ends[1], label)).fetchone()
        if existing:
            decision.gold = existing[0]
        else:
            gid, stamp = new_id(), now()
            conn.execute("INSERT INTO relations (id, doc, annotator, head, child, label, origin, "
                         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (gid, doc, GOLD, ends[0], ends[1], label, relation_id, stamp, stamp))
            decision.gold = gid
            decision.created.append(gid)
            store.announce("relations", doc, [gid])
        _record(store, conn, decision, "relation", reviewer)
    return decision


def reject_relation(store: Store, relation_id: str, reviewer: str) -> Decision:
    with store.write() as conn:
        row = conn.execute("SELECT doc FROM relations WHERE id = ? AND deleted = 0",
                           (relation_id,)).fetchone()
        if row is None:
            raise DataError(f"no live link {relation_id}")
        decision = Decision(relation_id, row[0], REJECTED)
        gold = [r[0] for r in conn.execute("SELECT id FROM relations WHERE origin = ? AND "
                                           "annotator = ? AND deleted = 0", (relation_id, GOLD))]
        stamp = now()
        conn.executemany("UPDATE relations SET deleted = 1, updated_at = ? WHERE id = ?",
                         [(stamp, g) for g in gold])
        decision.removed += gold
        if gold:
            store.announce("relations", row[0], gold)
        _record(store, conn, decision, "relation", reviewer)
    return decision


def accept_agreed(store: Store, doc: int, reviewer: str) -> list[Decision]:
    """Accept every span all analysts agree on (one gold copy per agreed span), at once."""
    done = []
    with store.write():
        for item in classify_document(store, doc):
            if item.state == "agree" and item.decision is None:
                done.append(accept_span(store, item.span.id, reviewer))
    return done


def undo(store: Store, done: Decision | list[Decision]) -> None:
    """Revert decisions (newest first): gold copies go, removed ones come back, the
    previous decision and review status return."""
    batch = done if isinstance(done, list) else [done]
    with store.write() as conn:
        for d in reversed(batch):
            stamp = now()
            for gid in d.created:
                conn.execute("UPDATE spans SET deleted = 1, updated_at = ? WHERE id = ?",
                             (stamp, gid))
                conn.execute("UPDATE relations SET deleted = 1, updated_at = ? WHERE id = ? "
                             "OR head = ? OR child = ?", (stamp, gid, gid, gid))
            for gid in d.removed:
                try:
                    conn.execute("UPDATE spans SET deleted = 0, updated_at = ? WHERE id = ?",
                                 (stamp, gid))
                except sqlite3.IntegrityError:
                    raise DataError("the gold layer has that span again meanwhile") from None
                conn.execute("UPDATE relations SET deleted = 0, updated_at = ? WHERE id = ?",
                             (stamp, gid))
            if d.previous is None:
                conn.execute("UPDATE review_decisions SET decision = ?, gold = NULL, "
                             "updated_at = ? WHERE item = ?", (UNDECIDED, stamp, d.item))
            else:
                conn.execute("INSERT OR REPLACE INTO review_decisions (item, doc, kind, "
                             "decision, gold, reviewer, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (*d.previous[:6], stamp))
            if d.previous_review is not None:
                status, who, _when = d.previous_review
                _write_review(conn, d.doc, status, who)
            store.announce("spans", d.doc, [*d.created, *d.removed])
            store.announce("status", d.doc)


def set_review_status(store: Store, doc: int, status: str, reviewer: str) -> str:
    """Set a document's review status; returns the previous one (for undo)."""
    if status not in REVIEW_STATUSES:
        raise DataError(f"unknown review status {status!r} (expected one of "
                        f"{', '.join(REVIEW_STATUSES)})")
    with store.write() as conn:
        previous = review_status(store, doc)[0]
        if previous != status:
            _write_review(conn, doc, status, reviewer)
            store.announce("status", doc)
    return previous


def gold_relations(store: Store, doc: int) -> list[Relation]:
    return store.relations(doc, GOLD)


# -- agreement over the store -------------------------------------------------------------

def agreement_input(store: Store) -> tuple[list[DocLayers], list[str]]:
    """Documents with at least two analysts' layers marked done, and every analyst."""
    conn = store.conn
    done: dict[int, list[str]] = {}
    for doc, annotator in conn.execute(
            "SELECT doc, annotator FROM layers WHERE status = 'done' AND annotator != ? "
            "ORDER BY doc, annotator", (GOLD,)):
        done.setdefault(doc, []).append(annotator)
    shared = {d: a for d, a in done.items() if len(a) >= 2}
    out: dict[int, DocLayers] = {}
    for pk, did, text in conn.execute("SELECT pk, id, text FROM documents ORDER BY pk"):
        if pk in shared:
            out[pk] = DocLayers(did, text, {a: [] for a in shared[pk]})
    for doc, annotator, start, end, label in conn.execute(
            'SELECT doc, annotator, start, "end", label FROM spans WHERE deleted = 0 '
            "AND annotator != ?", (GOLD,)):
        d = out.get(doc)
        if d is not None and annotator in d.layers:
            d.layers[annotator].append((start, end, label))
    everyone = [a for a in store.annotators() if a != GOLD]
    return list(out.values()), everyone


def agreement(store: Store, label: str | None = None) -> AgreementReport:
    """Agreement of every pair of analysts (and alpha over all) in this database."""
    if label is not None and store.schema().label(label) is None:
        raise DataError(f"unknown label {label!r} (labels: "
                        f"{', '.join(store.schema().label_names)})")
    docs, everyone = agreement_input(store)
    return compare(docs, everyone, label)
