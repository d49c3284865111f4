"""Links as review mode shows and decides them, one item per distinct link (no Qt).

The reviewer thinks of "alice's and bob's SPEAKER link from this quote to Putin" as one
thing to accept or reject, as with spans (`review_queries`). A link item groups every
analyst link, and the gold link, that join the same two review items with the same type.

A link is agreed (state AGREE) when every analyst who marked both its ends made it, and at
least two did (one, in a single-analyst document): a link only one analyst drew, like a
minority SPEAKER, is never agreed. It is accepted once gold has it, rejected once every
analyst link in it is rejected or one of its ends is rejected. A link can be accepted only
when both ends are in gold; an end the reviewer rejected comes back only when the caller
confirms (`accept_ends=True`, after asking). A gold link no analyst drew is the reviewer's
own (GOLD_EDIT).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import DataError
from annotator.core.model import GOLD, Relation
from annotator.store import review as rv
from annotator.store.review_queries import (
    ACCEPTED,
    AGREE,
    GOLD_EDIT,
    PARTIAL,
    REJECTED,
    Applied,
    ReviewItem,
    accept_item,
    piece,
)
from annotator.store.store import Store


@dataclass(slots=True)
class LinkItem:
    id: str  # "link:<head item>><child item>:<label>"
    head: str  # review item ids at the link's two ends
    child: str
    label: str
    state: str = PARTIAL  # AGREE, PARTIAL or GOLD_EDIT
    members: list[Relation] = field(default_factory=list)  # analysts' links
    decision: str | None = None  # ACCEPTED, REJECTED or None
    gold: str | None = None  # the live gold link, if any
    end_rejected: bool = False  # an end item is rejected (so the link is too, unless confirmed)
    both_marked: list[str] = field(default_factory=list)  # analysts who marked both ends

    @property
    def analysts(self) -> list[str]:
        return sorted({r.annotator or "" for r in self.members})

    @property
    def shown_state(self) -> str:
        """What the colour says: the decision once there is one, else the state."""
        return self.decision or self.state

    @property
    def undecided(self) -> bool:
        return bool(self.members) and self.decision is None


def link_id(head: str, child: str, label: str) -> str:
    return f"link:{head}>{child}:{label}"


def link_items(store: Store, doc: int, items: list[ReviewItem]) -> list[LinkItem]:
    """Every link of a document whose two ends are review items, analysts' and gold."""
    owner: dict[str, str] = {}
    by_id = {item.id: item for item in items}
    for item in items:
        for s in item.members:
            owner[s.id] = item.id
        if item.gold:
            owner[item.gold] = item.id
    links: dict[tuple[str, str, str], LinkItem] = {}
    for rel in store.relations(doc):
        head, child = owner.get(rel.head), owner.get(rel.child)
        if head is None or child is None:
            continue
        key = (head, child, rel.label)
        link = links.get(key)
        if link is None:
            link = links[key] = LinkItem(link_id(*key), *key)
        if rel.annotator == GOLD:
            link.gold = rel.id
        else:
            link.members.append(rel)
    decided = rv.decisions(store, doc)
    single = len(rv.analysts(store, doc)) <= 1
    for link in links.values():
        if not link.members:
            link.state, link.decision = GOLD_EDIT, None
            continue
        head, child = by_id[link.head], by_id[link.child]
        link.both_marked = sorted(set(head.analysts) & set(child.analysts))
        enough = len(link.both_marked) >= (1 if single else 2)
        link.state = AGREE if enough and set(link.both_marked) <= set(link.analysts) else PARTIAL
        link.end_rejected = REJECTED in (head.decision, child.decision)
        if link.gold is not None:
            link.decision = ACCEPTED
        elif link.end_rejected or all(
                decided.get(r.id, ("",))[0] == rv.REJECTED for r in link.members):
            link.decision = REJECTED
    return list(links.values())


def conflicts(links: list[LinkItem]) -> list[LinkItem]:
    """The undecided links not every analyst who marked both ends drew."""
    return [k for k in links if k.undecided and k.state != AGREE]


def link_what(store: Store, doc: int, link: LinkItem, by_id: dict[str, ReviewItem],
              text: str | None = None) -> dict[str, Any]:
    """How the log describes a link item."""
    def end(item_id: str) -> dict[str, Any]:
        item = by_id.get(item_id)
        if item is None:
            return {"item": item_id}
        return {"label": item.label, "start": item.start, "end": item.end,
                "text": piece(store, doc, item.start, item.end, text)}

    return {"kind": "link", "label": link.label, "head": end(link.head),
            "child": end(link.child), "analysts": link.analysts}


def accept_link(store: Store, link: LinkItem, reviewer: str, items: list[ReviewItem] | None = None,
                accept_ends: bool = False, note: str | None = None,
                text: str | None = None) -> Applied:
    """Accept the link item: one gold link between its ends' gold spans, in one transaction.

    Refused when an end is not in gold: an end the reviewer rejected raises
    `ConfirmationNeeded` (call again with `accept_ends=True` once the reviewer agreed: the
    end is then accepted again, as a decision of its own); an undecided end says to accept
    it first, unless `accept_ends` accepts it too.
    """
    if not link.members:
        raise DataError("that link is the reviewer's own: it is in gold already")
    doc = store.span_doc(link.members[0].head)
    items = items if items is not None else _items(store, doc)
    by_id = {i.id: i for i in items}
    ends = [by_id[link.head], by_id[link.child]]
    out = Applied()
    with store.write() as conn:
        for end in ends:
            if end.gold is not None:
                continue
            if not accept_ends:
                if end.decision == REJECTED:
                    raise rv.ConfirmationNeeded(
                        f"the link's {end.label} end was rejected: accept it again?", 1)
                raise DataError(f"the link's {end.label} end is not in gold: accept it first")
            out.add(accept_item(store, end, reviewer, text=text))
        decisions = [rv.accept_relation(store, r.id, reviewer) for r in link.members]
        out.add(Applied(decisions, links=0 if link.gold else 1))
        rv.log_decision(conn, decisions, doc, link.id, rv.ACCEPTED,
                        link_what(store, doc, link, by_id, text), reviewer, note)
    return out


def reject_link(store: Store, link: LinkItem, reviewer: str, note: str | None = None,
                items: list[ReviewItem] | None = None) -> Applied:
    """Reject every analyst link of the item; its gold copy goes (its spans stay)."""
    if not link.members:
        raise DataError("that link is the reviewer's own: delete it instead")
    doc = store.span_doc(link.members[0].head)
    items = items if items is not None else _items(store, doc)
    with store.write() as conn:
        decisions = Applied([rv.reject_relation(store, r.id, reviewer) for r in link.members])
        rv.log_decision(conn, decisions, doc, link.id, rv.REJECTED,
                        link_what(store, doc, link, {i.id: i for i in items}), reviewer, note)
    return decisions


def _items(store: Store, doc: int) -> list[ReviewItem]:
    from annotator.store.review_queries import review_items

    return review_items(store, doc)
