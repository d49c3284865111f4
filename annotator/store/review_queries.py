"""What review mode shows and does, one item per distinct span (no Qt).

`store.review` decides per analyst span; the reviewer thinks per stretch of text: "Putin,
ACTOR" marked by alice and bob is one thing to accept or reject. An item groups every
analyst span with the same (start, end, label). Its state comes from matching each
analyst's spans one to one with the others' (`core.matching`): all agree (every analyst has
it, with the same attributes), attribute conflict (every analyst has it, with different
attribute values), other label / other bounds (an analyst's span is paired with it with
another label or other bounds), only some (the others marked nothing there). An unrelated
overlapping span of another label never changes it. Gold spans no analyst span matches are
the reviewer's own edits and are items too.

Accepting an item puts exactly that span into gold, with the attributes decided (by default
each attribute's majority value, `decided_attrs`); links come in only when accepted
themselves (`review_links`). Every operation returns an `Applied` (the decisions, for undo,
and how many items and links it added) and logs itself (`review_log`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import DataError
from annotator.core.matching import REBOUND, RELABEL, Grouped, group, majority
from annotator.core.model import GOLD, Relation, Span
from annotator.core.schema import LabelSchema
from annotator.store import review as rv
from annotator.store.store import Store

# display states, in legend order
AGREE, ATTR_CONFLICT = "agree", "attr_conflict"
DIS_LABEL, DIS_BOUNDS, PARTIAL = "disagree_label", "disagree_bounds", "partial"
ACCEPTED, REJECTED, GOLD_EDIT = "accepted", "rejected", "gold"
STATE_TEXT = {AGREE: "all agree", ATTR_CONFLICT: "other attributes", DIS_LABEL: "other label",
              DIS_BOUNDS: "other bounds", PARTIAL: "only some", ACCEPTED: "accepted",
              REJECTED: "rejected", GOLD_EDIT: "reviewer's edit"}
CONFLICTS = (ATTR_CONFLICT, DIS_LABEL, DIS_BOUNDS, PARTIAL)


class Applied(list):
    """The `Decision`s an operation made (what undo reverts), with how many review items
    and links it added to gold, counted apart."""

    def __init__(self, decisions=(), items: int = 0, links: int = 0):
        super().__init__(decisions)
        self.items, self.links = items, links

    def add(self, other: Applied) -> Applied:
        self.extend(other)
        self.items += other.items
        self.links += other.links
        return self

    def describe(self, verb: str = "Accepted") -> str:
        return f"{verb} {self.items} item(s) and {self.links} link(s)."


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
    state: str  # AGREE, ATTR_CONFLICT, DIS_LABEL, DIS_BOUNDS, PARTIAL or GOLD_EDIT
    members: list[Span] = field(default_factory=list)  # analysts' spans
    decision: str | None = None  # ACCEPTED, REJECTED or None
    gold: str | None = None  # the live gold span with these bounds and label
    links: list[ReviewLink] = field(default_factory=list)
    # analyst -> (their paired span's key, RELABEL or REBOUND), for non-holders
    counterparts: dict[str, tuple[tuple[int, int, str], int]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # analysts who marked nothing here
    attr_conflict: bool = False  # its analysts gave some attribute different values

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

    @property
    def undecided(self) -> bool:
        return bool(self.members) and self.decision is None

    def attrs_by_analyst(self) -> dict[str, dict]:
        return {s.annotator: s.attrs for s in sorted(self.members, key=lambda s: s.annotator)}


def item_id(start: int, end: int, label: str) -> str:
    return f"review:{start}:{end}:{label}"


def _state(g: Grouped, everyone: set[str], attr_conflict: bool) -> str:
    if g.holders == everyone:
        return ATTR_CONFLICT if attr_conflict else AGREE
    rounds = {rnd for _key, rnd in g.counterparts.values()}
    return DIS_LABEL if RELABEL in rounds else DIS_BOUNDS if REBOUND in rounds else PARTIAL


def review_items(store: Store, doc: int) -> list[ReviewItem]:
    """Every item of a document in text order."""
    everyone = rv.analysts(store, doc)
    spans = [s for s in store.spans(doc) if s.annotator != GOLD]
    layers: dict[str, list] = {a: [] for a in everyone}
    for s in spans:
        layers[s.annotator].append(s.sort_key)
    groups = group(layers)
    decided = rv.decisions(store, doc)
    gold = {(s.start, s.end, s.label): s for s in store.spans(doc, GOLD)}
    items: dict[tuple, ReviewItem] = {}
    for s in spans:
        item = items.get(s.sort_key)
        if item is None:
            item = items[s.sort_key] = ReviewItem(item_id(*s.sort_key), *s.sort_key, PARTIAL)
        item.members.append(s)
    for key, item in items.items():
        g = groups[key]
        item.attr_conflict = len({_frozen(s.attrs) for s in item.members}) > 1
        item.state = _state(g, set(everyone), item.attr_conflict)
        item.counterparts = dict(sorted(g.counterparts.items()))
        item.missing = g.missing(everyone)
        gs = gold.get(key)
        if gs is not None:
            item.gold, item.decision = gs.id, ACCEPTED
        elif all(decided.get(s.id, ("",))[0] == rv.REJECTED for s in item.members):
            item.decision = REJECTED
    for key, gs in gold.items():
        if key not in items:
            items[key] = ReviewItem(gs.id, *key, GOLD_EDIT, gold=gs.id, decision=None)
    _attach_links(store, doc, items)
    return sorted(items.values(), key=lambda i: (i.start, i.end, i.label, i.id))


def _frozen(attrs: dict) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in attrs.items()))


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


def find_item(store: Store, doc: int, the_id: str) -> ReviewItem | None:
    return next((i for i in review_items(store, doc) if i.id == the_id), None)


def conflicts(items: list[ReviewItem]) -> list[ReviewItem]:
    """The undecided items the analysts do not all agree on (the "conflicts only" filter)."""
    return [i for i in items if i.undecided and i.state in CONFLICTS]


def pair_disagreements(items: list[ReviewItem], a: str, b: str) -> list[ReviewItem]:
    """The items two analysts differ on: one marked it and the other not, or both with
    different attributes (what the agreement dialog opens a document on first)."""
    out = []
    for item in items:
        attrs = {s.annotator: s.attrs for s in item.members if s.annotator in (a, b)}
        if len(attrs) == 1 or (len(attrs) == 2 and attrs[a] != attrs[b]):
            out.append(item)
    return out


# -- attributes ------------------------------------------------------------------------

def attr_votes(item: ReviewItem, schema: LabelSchema) -> dict[str, tuple[Any, int]]:
    """name -> (majority value, its votes) over the item's analysts; an analyst who left the
    attribute unset votes None. Ties: `core.matching.majority` (the schema's order of
    choices first)."""
    label = schema.label(item.label)
    names = sorted({k for s in item.members for k in s.attrs})
    out = {}
    for name in names:
        adef = label.attribute(name) if label is not None else None
        out[name] = majority((s.attrs.get(name) for s in item.members),
                             adef.values if adef is not None else ())
    return out


def decided_attrs(item: ReviewItem, schema: LabelSchema) -> dict[str, Any]:
    """The attributes accepting the item gives its gold span by default: each majority
    value (an attribute whose majority is "unset" stays unset)."""
    return {name: value for name, (value, _n) in attr_votes(item, schema).items()
            if value is not None}


def _entity(item: ReviewItem) -> str | None:
    """The actor most of the item's analysts linked it to (None when nobody did)."""
    return majority(s.entity for s in item.members if s.entity is not None)[0]


def piece(store: Store, doc: int, start: int, end: int, text: str | None = None) -> str:
    """text[start:end] of a document: from `text` when the caller has read it (a step over
    many items reads it once), else cut by SQLite (which counts code points, as we do)."""
    if text is not None:
        return text[start:end]
    return store.conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE pk = ?",
                              (start + 1, end - start, doc)).fetchone()[0]


def item_what(item: ReviewItem, text: str | None = None,
              attrs: dict[str, Any] | None = None, via: str | None = None) -> dict[str, Any]:
    """How the log describes an item (`text`: the item's own text)."""
    what: dict[str, Any] = {"kind": "span", "label": item.label, "start": item.start,
                            "end": item.end, "analysts": item.analysts}
    if text is not None:
        what["text"] = text
    if attrs is not None:
        what["attrs"] = attrs
    if via is not None:
        what["via"] = via
    return what


# -- decisions -----------------------------------------------------------------------

def accept_item(store: Store, item: ReviewItem, reviewer: str,
                attrs: dict[str, Any] | None = None, note: str | None = None,
                via: str | None = None, text: str | None = None) -> Applied:
    """Put exactly this span into gold with `attrs` (default: `decided_attrs`), in one
    transaction; no link comes with it."""
    if not item.members:
        raise DataError("that span is the reviewer's own: it is in gold already")
    attrs = decided_attrs(item, store.schema()) if attrs is None else dict(attrs)
    doc = store.span_doc(item.members[0].id)
    with store.write() as conn:
        added = item.gold is None
        done = Applied([rv.accept_span(store, s.id, reviewer, attrs, _entity(item))
                        for s in item.members], items=1 if added else 0)
        rv.log_decision(conn, done, doc, item.id, rv.ACCEPTED,
                        item_what(item, piece(store, doc, item.start, item.end, text), attrs, via), reviewer, note)
    return done


def reject_item(store: Store, item: ReviewItem, reviewer: str,
                note: str | None = None, via: str | None = None,
                text: str | None = None) -> Applied:
    """Reject every analyst span of the item; its gold copy (and its gold links) go."""
    if not item.members:
        raise DataError("that span is the reviewer's own: delete it instead")
    doc = store.span_doc(item.members[0].id)
    with store.write() as conn:
        done = Applied([rv.reject_span(store, s.id, reviewer) for s in item.members])
        rv.log_decision(conn, done, doc, item.id, rv.REJECTED,
                        item_what(item, piece(store, doc, item.start, item.end, text), None, via), reviewer, note)
    return done


def review_counts(items: list[ReviewItem]) -> dict[str, int]:
    """How many items show each state (for the legend)."""
    counts = dict.fromkeys(STATE_TEXT, 0)
    for item in items:
        counts[item.shown_state] += 1
    return counts


def accept_agreed(store: Store, doc: int, reviewer: str) -> Applied:
    """Accept every item all analysts agree on, then the agreed links between gold spans
    (`review_steps.accept_agreed`)."""
    from annotator.store.review_steps import accept_agreed as run

    return run(store, doc, reviewer)
