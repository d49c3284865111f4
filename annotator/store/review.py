"""The reviewer's operations on the `gold` layer, per analyst span and link (no Qt).

Accepting an analyst's span copies it into `gold` under a new id that remembers its origin
(`spans.origin`), with the attributes the reviewer decided; every accept or reject is
recorded in `review_decisions` with the reviewer and time, so merges carry decisions too. A
link is copied only when both its ends are in gold already. Each operation is one
transaction and returns a `Decision` that `undo` reverts exactly (the window's undo stack
uses it). Review writes touch the gold layer only, never the reviewer's own analyst layer.
Item-level operations (what the reviewer sees) are in `review_queries` and `review_links`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from annotator.core.agreement import classify
from annotator.core.errors import DataError
from annotator.core.ids import new_id, now
from annotator.core.model import GOLD, Relation, Span
from annotator.store import review_log
from annotator.store.review_agreement import agreement, agreement_input  # noqa: F401
from annotator.store.store import SPAN_COLS, Store, _dump, _span_from_row

REVIEW_STATUSES = ("unreviewed", "in_review", "reviewed")
ACCEPTED, REJECTED, UNDECIDED = "accepted", "rejected", "undecided"


class ConfirmationNeeded(DataError):
    """The operation would do something the reviewer should confirm first (accept a link
    whose end was rejected, mark a document reviewed with items undecided). `count` says how
    many things are concerned; calling again with the confirming flag goes ahead."""

    def __init__(self, message: str, count: int = 0):
        super().__init__(message)
        self.count = count


@dataclass(frozen=True, slots=True)
class SpanReview:
    """One analyst span as review mode shows it."""

    span: Span  # with .annotator and .id
    state: str  # agree, disagree or partial (core.matching)
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
    attrs_before: tuple[str, dict] | None = None  # (gold span, attrs) it overwrote
    reviewer: str = ""
    logged: tuple[str, dict] | None = None  # (review item, what) it was logged as


# -- reading ----------------------------------------------------------------------------

def review_status(store: Store, doc: int) -> tuple[str, str | None, str | None]:
    """(status, reviewer, reviewed_at) of a document."""
    row = store.conn.execute("SELECT review_status, reviewer, reviewed_at FROM documents "
                             "WHERE pk = ?", (doc,)).fetchone()
    if row is None:
        raise DataError(f"no document {doc}")
    return row


def analysts(store: Store, doc: int) -> list[str]:
    """The analysts of a document: layers holding at least one live span. The gold layer is
    not an analyst, nor is an empty layer (a reviewer's own, marked done by mistake)."""
    return [r[0] for r in store.conn.execute(
        "SELECT DISTINCT annotator FROM spans WHERE doc = ? AND deleted = 0 AND annotator != ? "
        "ORDER BY annotator", (doc, GOLD))]


def decisions(store: Store, doc: int) -> dict[str, tuple[str, str | None, str, str]]:
    """item -> (decision, gold id, reviewer, time) for a document."""
    return {r[0]: r[1:] for r in store.conn.execute(
        "SELECT item, decision, gold, reviewer, updated_at FROM review_decisions "
        "WHERE doc = ? AND decision != ?", (doc, UNDECIDED))}


def classify_document(store: Store, doc: int) -> list[SpanReview]:
    """Every analyst span of a document with its state and the reviewer's decision, in
    text order (start, end, label, analyst)."""
    spans = [s for s in store.spans(doc) if s.annotator != GOLD]
    layers: dict[str, list] = {}
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


def gold_span_at(conn: sqlite3.Connection, doc: int, start: int, end: int,
                 label: str) -> str | None:
    row = conn.execute('SELECT id FROM spans WHERE doc = ? AND annotator = ? AND start = ? '
                       'AND "end" = ? AND label = ? AND deleted = 0',
                       (doc, GOLD, start, end, label)).fetchone()
    return row[0] if row else None


# -- deciding -----------------------------------------------------------------------------

def _live_span(conn: sqlite3.Connection, span_id: str) -> tuple[int, Span]:
    row = conn.execute(f"SELECT {SPAN_COLS} FROM spans WHERE id = ? AND deleted = 0",
                       (span_id,)).fetchone()
    if row is None:
        raise DataError(f"no live span {span_id}")
    return row[1], _span_from_row(row)


def _gold_copy(store: Store, conn: sqlite3.Connection, doc: int, span: Span,
               decision: Decision, attrs: dict[str, Any] | None = None,
               entity: str | None = None) -> str:
    """The gold span with these offsets and label, made from `span` if there is none; an
    existing one takes `attrs` when given (what it had is kept for undo)."""
    gid = gold_span_at(conn, doc, span.start, span.end, span.label)
    if gid is not None:
        if attrs is not None:
            old = store.span(gid).attrs
            if old != attrs:
                conn.execute("UPDATE spans SET attrs = ?, updated_at = ? WHERE id = ?",
                             (_dump(attrs), now(), gid))
                decision.attrs_before = (gid, old)
                store.announce("spans", doc, [gid])
        return gid
    gid, stamp = new_id(), now()
    conn.execute('INSERT INTO spans (id, doc, annotator, start, "end", label, attrs, entity, '
                 'origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                 (gid, doc, GOLD, span.start, span.end, span.label,
                  _dump(span.attrs if attrs is None else attrs),
                  span.entity if entity is None else entity, span.id, stamp, stamp))
    decision.created.append(gid)
    store.touch_layer(conn, doc, GOLD)
    store.announce("spans", doc, [gid])
    return gid


def _record(store: Store, conn: sqlite3.Connection, decision: Decision, kind: str,
            reviewer: str) -> None:
    decision.reviewer = reviewer
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


def log_decision(conn: sqlite3.Connection, done: list[Decision], doc: int, item: str,
                 action: str, what: dict[str, Any], reviewer: str,
                 note: str | None = None) -> None:
    """Log one item-level decision; its first `Decision` remembers it so undo logs too."""
    review_log.write(conn, doc, item, action, what, reviewer, note)
    if done:
        done[0].logged = (item, what)


def accept_span(store: Store, span_id: str, reviewer: str,
                attrs: dict[str, Any] | None = None, entity: str | None = None) -> Decision:
    """Copy an analyst's span into gold (unless gold has it already) with `attrs` (default:
    the span's own), and record it."""
    with store.write() as conn:
        doc, span = _live_span(conn, span_id)
        if span.annotator == GOLD:
            raise DataError("that span is in the gold layer already")
        decision = Decision(span_id, doc, ACCEPTED)
        decision.gold = _gold_copy(store, conn, doc, span, decision, attrs, entity)
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
    """Copy an analyst's link into gold between the gold copies of its two ends; refused
    when an end is not in gold (accept the ends first: nothing comes back silently)."""
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
            gid = gold_span_at(conn, doc, span.start, span.end, span.label)
            if gid is None:
                raise DataError(f"the link's {span.label} end is not in gold: accept it first")
            ends.append(gid)
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
            store.touch_layer(conn, doc, GOLD)
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


def undo(store: Store, done: Decision | list[Decision]) -> None:
    """Revert decisions (newest first): gold copies go, removed ones come back, overwritten
    attributes return, the previous decision and review status return; the log says so."""
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
            if d.attrs_before is not None:
                gid, attrs = d.attrs_before
                conn.execute("UPDATE spans SET attrs = ?, updated_at = ? WHERE id = ?",
                             (_dump(attrs), stamp, gid))
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
            if d.logged is not None:
                item, what = d.logged
                review_log.write(conn, d.doc, item, review_log.UNDONE,
                                 {**what, "decision": d.decision}, d.reviewer or "?")
            touched = [*d.created, *d.removed]
            if d.attrs_before is not None:
                touched.append(d.attrs_before[0])
            store.announce("spans", d.doc, touched)
            store.announce("relations", d.doc, touched)
            store.announce("status", d.doc)


def _sync_gold_status(store: Store, conn: sqlite3.Connection, doc: int, status: str) -> None:
    """The gold layer is `done` exactly when its document is reviewed (so `export --gold
    --status done` writes reviewed documents only)."""
    row = conn.execute("SELECT status FROM layers WHERE doc = ? AND annotator = ?",
                       (doc, GOLD)).fetchone()
    if status == "reviewed":
        want = "done"
    elif row is not None and row[0] == "done":
        want = "in_progress"
    else:
        return
    if row is None or row[0] != want:
        conn.execute("INSERT INTO layers (doc, annotator, status, updated_at) VALUES "
                     "(?, ?, ?, ?) ON CONFLICT (doc, annotator) DO UPDATE SET "
                     "status = excluded.status, updated_at = excluded.updated_at",
                     (doc, GOLD, want, now()))


def set_review_status(store: Store, doc: int, status: str, reviewer: str,
                      note: str | None = None, what: dict[str, Any] | None = None) -> str:
    """Set a document's review status (the gold layer follows: done when reviewed); returns
    the previous one (for undo). `review_steps.mark_reviewed` checks for undecided items."""
    if status not in REVIEW_STATUSES:
        raise DataError(f"unknown review status {status!r} (expected one of "
                        f"{', '.join(REVIEW_STATUSES)})")
    with store.write() as conn:
        previous = review_status(store, doc)[0]
        if previous != status:
            _write_review(conn, doc, status, reviewer)
            _sync_gold_status(store, conn, doc, status)
            review_log.write(conn, doc, None, review_log.STATUS,
                             {"status": status, "previous": previous, **(what or {})},
                             reviewer, note)
            store.announce("status", doc)
    return previous


def gold_relations(store: Store, doc: int) -> list[Relation]:
    return store.relations(doc, GOLD)
