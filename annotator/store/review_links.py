"""Links as review mode shows and decides them, one item per distinct link (no Qt).

The reviewer thinks of "alice's and bob's SPEAKER link from this quote to Putin" as one
thing to accept or reject, as with spans (`review_queries`). A link item groups every
analyst link, and the gold link, that join the same two review items with the same type.
Its state says whether every analyst drew it or only some; it is accepted once gold has it
and rejected once every analyst link in it is rejected. A gold link no analyst drew is the
reviewer's own (GOLD_EDIT).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.model import GOLD, Relation
from annotator.store import review as rv
from annotator.store.review_queries import ACCEPTED, AGREE, GOLD_EDIT, PARTIAL, REJECTED, ReviewItem
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

    @property
    def analysts(self) -> list[str]:
        return sorted({r.annotator or "" for r in self.members})

    @property
    def shown_state(self) -> str:
        """What the colour says: the decision once there is one, else the state."""
        return self.decision or self.state


def link_id(head: str, child: str, label: str) -> str:
    return f"link:{head}>{child}:{label}"


def link_items(store: Store, doc: int, items: list[ReviewItem]) -> list[LinkItem]:
    """Every link of a document whose two ends are review items, analysts' and gold."""
    owner: dict[str, str] = {}
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
    everyone = set(rv.analysts(store, doc))
    decided = rv.decisions(store, doc)
    for link in links.values():
        if not link.members:
            link.state, link.decision = GOLD_EDIT, None
            continue
        link.state = AGREE if everyone <= set(link.analysts) else PARTIAL
        if link.gold is not None:
            link.decision = ACCEPTED
        elif all(decided.get(r.id, ("",))[0] == rv.REJECTED for r in link.members):
            link.decision = REJECTED
    return list(links.values())


def accept_link(store: Store, link: LinkItem, reviewer: str) -> list[rv.Decision]:
    """Accept every analyst link of the item (one gold link; its ends go to gold too), in
    one transaction."""
    with store.write():
        return [rv.accept_relation(store, r.id, reviewer) for r in link.members]


def reject_link(store: Store, link: LinkItem, reviewer: str) -> list[rv.Decision]:
    """Reject every analyst link of the item; its gold copy goes (its spans stay)."""
    with store.write():
        return [rv.reject_relation(store, r.id, reviewer) for r in link.members]
