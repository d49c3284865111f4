"""What review mode shows and does, one item per distinct span (no Qt).

`store.review` decides per analyst span; the reviewer thinks per stretch of text: "Putin,
ACTOR" marked by alice and bob is one thing to accept or reject. An item groups every
analyst span with the same (start, end, label), carries their state (agree, disagree on the
label or on the bounds, only some analysts), the reviewer's decision, and the links and
attributes that come with it. Gold spans no analyst span matches are the reviewer's own
edits and are items too. Accepting an item also accepts the analysts' links between it and
spans already in gold, so links are reviewed with their spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.agreement import DISAGREE
from annotator.core.model import GOLD, Relation, Span
from annotator.store import review as rv
from annotator.store.store import Store

# display states, in legend order
AGREE, DIS_LABEL, DIS_BOUNDS, PARTIAL = "agree", "disagree_label", "disagree_bounds", "partial"
ACCEPTED, REJECTED, GOLD_EDIT = "accepted", "rejected", "gold"
STATE_TEXT = {AGREE: "all agree", DIS_LABEL: "other label", DIS_BOUNDS: "other bounds",
              PARTIAL: "only some", ACCEPTED: "accepted", REJECTED: "rejected",
              GOLD_EDIT: "reviewer's edit"}


@dataclass(slots=True)
class ReviewLink:
    """An analyst's link touching an item: `other` is the span at its other end."""

    relation: Relation
    outgoing: bool  # the item is the link's head
    other: Span


@dataclass(slots=True)
class ReviewItem:
    id: str  # "review:start:end:label" for analysts' spans; the gold span id for an edit
    start: int
    end: int
    label: str
    state: str  # AGREE, DIS_LABEL, DIS_BOUNDS, PARTIAL or GOLD_EDIT
    members: list[Span] = field(default_factory=list)  # analysts' spans
    decision: str | None = None  # ACCEPTED, REJECTED or None
    gold: str | None = None  # the live gold span with these bounds and label
    links: list[ReviewLink] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)

    @property
    def analysts(self) -> list[str]:
        return sorted({s.annotator for s in self.members})

    @property
    def shown_state(self) -> str:
        """What the colour says: the decision once there is one, else the state."""
        return self.decision or self.state

    def attrs_by_analyst(self) -> dict[str, dict]:
        return {s.annotator: s.attrs for s in sorted(self.members, key=lambda s: s.annotator)}


def item_id(start: int, end: int, label: str) -> str:
    return f"review:{start}:{end}:{label}"


def review_items(store: Store, doc: int) -> list[ReviewItem]:
    """Every item of a document in text order."""
    rows = rv.classify_document(store, doc)
    gold = {(s.start, s.end, s.label): s for s in store.spans(doc, GOLD)}
    items: dict[tuple, ReviewItem] = {}
    for r in rows:
        s = r.span
        key = (s.start, s.end, s.label)
        item = items.get(key)
        if item is None:
            item = items[key] = ReviewItem(item_id(*key), *key, r.state)
        item.members.append(s)
    by_bounds: dict[tuple[int, int], set[str]] = {}
    for key in items:
        by_bounds.setdefault(key[:2], set()).add(key[2])
    decided = {r.span.id: r.decision for r in rows}
    for key, item in items.items():
        if item.state == DISAGREE:
            item.state = DIS_LABEL if len(by_bounds[key[:2]]) > 1 else DIS_BOUNDS
        g = gold.get(key)
        if g is not None:
            item.gold, item.decision = g.id, ACCEPTED
        elif all(decided.get(s.id) == rv.REJECTED for s in item.members):
            item.decision = REJECTED
    for key, g in gold.items():
        if key not in items:
            items[key] = ReviewItem(g.id, *key, GOLD_EDIT, gold=g.id, decision=None)
    _attach_links(store, doc, items)
    return sorted(items.values(), key=lambda i: (i.start, i.end, i.label, i.id))


def _attach_links(store: Store, doc: int, items: dict[tuple, ReviewItem]) -> None:
    spans = {s.id: s for item in items.values() for s in item.members}
    owner = {s.id: item for item in items.values() for s in item.members}
    for rel in store.relations(doc):
        if rel.annotator == GOLD:
            continue
        head, child = spans.get(rel.head), spans.get(rel.child)
        if head is None or child is None:
            continue
        owner[rel.head].links.append(ReviewLink(rel, True, child))
        owner[rel.child].links.append(ReviewLink(rel, False, head))


# -- decisions -----------------------------------------------------------------------

def _gold_keys(store: Store, doc: int) -> set[tuple]:
    return {(s.start, s.end, s.label) for s in store.spans(doc, GOLD)}


def _accept_links(store: Store, doc: int, members: list[Span],
                  reviewer: str) -> list[rv.Decision]:
    """Accept the analysts' links of these spans whose other end is in gold already."""
    ids = {s.id for s in members}
    in_gold = _gold_keys(store, doc)
    decided = rv.decisions(store, doc)
    done = []
    for rel in store.relations(doc):
        if rel.annotator == GOLD or rel.id in decided or not ({rel.head, rel.child} & ids):
            continue
        ends = [store.span(rel.head), store.span(rel.child)]
        if all(e is not None and (e.start, e.end, e.label) in in_gold for e in ends):
            done.append(rv.accept_relation(store, rel.id, reviewer))
    return done


def accept_item(store: Store, item: ReviewItem, reviewer: str) -> list[rv.Decision]:
    """Accept every analyst span of the item (one gold span) and the links that now fit,
    in one transaction."""
    done: list[rv.Decision] = []
    with store.write():
        for s in item.members:
            done.append(rv.accept_span(store, s.id, reviewer))
        done += _accept_links(store, store.span_doc(item.members[0].id), item.members,
                              reviewer)
    return done


def reject_item(store: Store, item: ReviewItem, reviewer: str) -> list[rv.Decision]:
    """Reject every analyst span of the item; its gold copy (and its links) go."""
    with store.write():
        return [rv.reject_span(store, s.id, reviewer) for s in item.members]


def accept_agreed(store: Store, doc: int, reviewer: str) -> list[rv.Decision]:
    """Accept every span all analysts agree on, then the links between accepted spans."""
    with store.write():
        done = rv.accept_agreed(store, doc, reviewer)
        members = [store.span(d.item) for d in done]
        done += _accept_links(store, doc, [m for m in members if m is not None], reviewer)
    return done


def review_counts(items: list[ReviewItem]) -> dict[str, int]:
    """How many items show each state (for the legend)."""
    counts = dict.fromkeys(STATE_TEXT, 0)
    for item in items:
        counts[item.shown_state] += 1
    return counts
