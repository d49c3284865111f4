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
from annotator.core.model import GOLD, REVIEW_STATUSES, Span
from annotator.store import writes
from annotator.store.changes import ChangeKind
from annotator.store.rows import dump
from annotator.store.store import Store

__all__ = ["REVIEW_STATUSES"]  # re-exported: review mode reads the statuses from here

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
    return writes.review_state(store.conn, doc)


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

def _gold_copy(store: Store, conn: sqlite3.Connection, doc: int, span: Span,
               decision: Decision) -> str:
    """The gold span with these offsets and label, made from `span` if there is none."""
    existing = writes.span_at(conn, doc, GOLD, span.start, span.end, span.label)
    if existing:
        return existing
    gid = new_id()
    writes.insert_spans(conn, [writes.new_span(gid, doc, GOLD, span.start, span.end,
                                               span.label, dump(span.attrs), span.entity,
                                               now(), origin=span.id)])
    decision.created.append(gid)
    store.touch_layer(conn, doc, GOLD)
    store.announce(ChangeKind.SPANS, doc, [gid])
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
        writes.write_review(conn, decision.doc, "in_review", reviewer)
        store.announce(ChangeKind.STATUS, decision.doc)


def accept_span(store: Store, span_id: str, reviewer: str) -> Decision:
    """Copy an analyst's span into gold (unless gold has it already) and record it."""
    with store.write() as conn:
        doc, span = writes.live_span_doc(conn, span_id)
        if span.annotator == GOLD:
            raise DataError("that span is in the gold layer already")
        decision = Decision(span_id, doc, ACCEPTED)
        decision.gold = _gold_copy(store, conn, doc, span, decision)
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
            _doc, span = writes.live_span_doc(conn, sid)
            ends.append(_gold_copy(store, conn, doc, span, decision))
        existing = writes.relation_at(conn, doc, GOLD, ends[0], ends[1], label)
        if existing:
            decision.gold = existing
        else:
            gid = new_id()
            writes.insert_relations(conn, [writes.new_relation(
                gid, doc, GOLD, ends[0], ends[1], label, now(), origin=relation_id)])
            decision.gold = gid
            decision.created.append(gid)
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
            if created_spans or removed_spans:
                store.announce(ChangeKind.SPANS, d.doc, [*created_spans, *removed_spans])
            links = list(dict.fromkeys([*touched_links, *removed_links]))
            if links:
                store.announce(ChangeKind.RELATIONS, d.doc, links)
            store.announce(ChangeKind.STATUS, d.doc)


def set_review_status(store: Store, doc: int, status: str, reviewer: str) -> str:
    """Set a document's review status; returns the previous one (for undo)."""
    with store.write() as conn:
        if status not in REVIEW_STATUSES:
            raise DataError(f"unknown review status {status!r} (expected one of "
                            f"{', '.join(REVIEW_STATUSES)})")
        previous = review_status(store, doc)[0]
        if previous != status:
            writes.write_review(conn, doc, status, reviewer)
            store.announce(ChangeKind.STATUS, doc)
    return previous


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
