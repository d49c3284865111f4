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
from annotator.core.model import GOLD, REVIEW_STATUSES, Span
from annotator.store import review_log, writes
from annotator.store.changes import ChangeKind
from annotator.store.review_agreement import agreement, agreement_input
from annotator.store.rows import dump
from annotator.store.store import Store

# re-exported: review mode reads the statuses from here; the agreement moved next door
__all__ = ["REVIEW_STATUSES", "agreement", "agreement_input"]

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
    return writes.review_state(store.conn, doc)


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
    return writes.span_at(conn, doc, GOLD, start, end, label)


# -- deciding -----------------------------------------------------------------------------


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
                             (dump(attrs), now(), gid))
                decision.attrs_before = (gid, old)
                store.announce(ChangeKind.SPANS, doc, [gid])
        return gid
    gid = new_id()
    writes.insert_spans(conn, [writes.new_span(
        gid, doc, GOLD, span.start, span.end, span.label,
        dump(span.attrs if attrs is None else attrs),
        span.entity if entity is None else entity, now(), origin=span.id)])
    decision.created.append(gid)
    store.touch_layer(conn, doc, GOLD)
    store.announce(ChangeKind.SPANS, doc, [gid])
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
        writes.write_review(conn, decision.doc, "in_review", reviewer)
        store.announce(ChangeKind.STATUS, decision.doc)


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
        doc, span = writes.live_span_doc(conn, span_id)
        if span.annotator == GOLD:
            raise DataError("that span is in the gold layer already")
        decision = Decision(span_id, doc, ACCEPTED)
        decision.gold = _gold_copy(store, conn, doc, span, decision, attrs, entity)
        _record(store, conn, decision, "span", reviewer)
    return decision


def reject_span(store: Store, span_id: str, reviewer: str) -> Decision:
    """Record that an analyst's span stays out of gold; a gold copy made from it goes."""
    with store.write() as conn:
        doc, span = writes.live_span_doc(conn, span_id)
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
    rel_ids = writes.tombstone_span(conn, gid)
    store.announce(ChangeKind.SPANS, doc, [gid])
    if rel_ids:
        store.announce(ChangeKind.RELATIONS, doc, rel_ids)
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
            _doc, span = writes.live_span_doc(conn, sid)
            gid = gold_span_at(conn, doc, span.start, span.end, span.label)
            if gid is None:
                raise DataError(f"the link's {span.label} end is not in gold: accept it first")
            ends.append(gid)
        existing = writes.relation_at(conn, doc, GOLD, ends[0], ends[1], label)
        if existing:
            decision.gold = existing
        else:
            gid = new_id()
            writes.insert_relations(conn, [writes.new_relation(
                gid, doc, GOLD, ends[0], ends[1], label, now(), origin=relation_id)])
            decision.gold = gid
            decision.created.append(gid)
            store.touch_layer(conn, doc, GOLD)
            store.announce(ChangeKind.RELATIONS, doc, [gid])
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
        writes.set_relations_deleted(conn, gold, True)
        decision.removed += gold
        if gold:
            store.announce(ChangeKind.RELATIONS, row[0], gold)
        _record(store, conn, decision, "relation", reviewer)
    return decision


def undo(store: Store, done: Decision | list[Decision]) -> None:
    """Revert decisions (newest first): gold copies go, removed ones come back, overwritten
    attributes return, the previous decision and review status return; the log says so."""
    batch = done if isinstance(done, list) else [done]
    with store.write() as conn:
        for d in reversed(batch):
            stamp = now()
            created_spans, created_links = writes.split_ids(conn, d.created)
            removed_spans, removed_links = writes.split_ids(conn, d.removed)
            touched_links = list(created_links)
            for gid in created_spans:
                touched_links += writes.tombstone_span(conn, gid, stamp)
            writes.set_relations_deleted(conn, created_links, True, stamp)
            for gid in removed_spans:
                try:
                    writes.restore_span(conn, gid, (), stamp)
                except DataError:
                    raise DataError("the gold layer has that span again meanwhile") from None
            writes.set_relations_deleted(conn, removed_links, False, stamp)
            touched_spans = [*created_spans, *removed_spans]
            if d.attrs_before is not None:
                gid, attrs = d.attrs_before
                conn.execute("UPDATE spans SET attrs = ?, updated_at = ? WHERE id = ?",
                             (dump(attrs), stamp, gid))
                touched_spans.append(gid)
            if d.previous is None:
                conn.execute("UPDATE review_decisions SET decision = ?, gold = NULL, "
                             "updated_at = ? WHERE item = ?", (UNDECIDED, stamp, d.item))
            else:
                conn.execute("INSERT OR REPLACE INTO review_decisions (item, doc, kind, "
                             "decision, gold, reviewer, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (*d.previous[:6], stamp))
            if d.previous_review is not None:
                status, who, _when = d.previous_review
                writes.write_review(conn, d.doc, status, who)
            if d.logged is not None:
                item, what = d.logged
                review_log.write(conn, d.doc, item, review_log.UNDONE,
                                 {**what, "decision": d.decision}, d.reviewer or "?")
            if touched_spans:
                store.announce(ChangeKind.SPANS, d.doc, touched_spans)
            links = list(dict.fromkeys([*touched_links, *removed_links]))
            if links:
                store.announce(ChangeKind.RELATIONS, d.doc, links)
            store.announce(ChangeKind.STATUS, d.doc)


def _sync_gold_status(store: Store, conn: sqlite3.Connection, doc: int, status: str) -> None:
    """The gold layer is `done` exactly when its document is reviewed (so `export --gold
    --status done` writes reviewed documents only)."""
    current = writes.layer_status(conn, doc, GOLD)
    if status == "reviewed":
        want = "done"
    elif current == "done":
        want = "in_progress"
    else:
        return
    if current != want:
        writes.upsert_layer(conn, doc, GOLD, want)


def set_review_status(store: Store, doc: int, status: str, reviewer: str,
                      note: str | None = None, what: dict[str, Any] | None = None) -> str:
    """Set a document's review status (the gold layer follows: done when reviewed); returns
    the previous one (for undo). `review_steps.mark_reviewed` checks for undecided items."""
    with store.write() as conn:
        if status not in REVIEW_STATUSES:
            raise DataError(f"unknown review status {status!r} (expected one of "
                            f"{', '.join(REVIEW_STATUSES)})")
        previous = review_status(store, doc)[0]
        if previous != status:
            writes.write_review(conn, doc, status, reviewer)
            _sync_gold_status(store, conn, doc, status)
            review_log.write(conn, doc, None, review_log.STATUS,
                             {"status": status, "previous": previous, **(what or {})},
                             reviewer, note)
            store.announce(ChangeKind.STATUS, doc)
    return previous
