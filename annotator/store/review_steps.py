"""The reviewer's automatic steps and the "reviewed" mark (no Qt).

- `accept_agreed`: every undecided item all analysts agree on, attributes included (an
  attribute conflict is left for the reviewer), then every undecided agreed link
  (`review_links`) whose two ends are in gold.
- `accept_majority(at_least=k)`: every undecided item at least k analysts marked, whose
  every attribute has a value at least k of them gave, unless a rival reading (a span of
  another analyst paired with it: other label or other bounds) also reaches k; then every
  undecided link at least k analysts drew, between gold spans. The default k is a strict
  majority of the document's analysts (2 of 3, 3 of 4).
- `mark_reviewed`: refused while items or links are undecided unless confirmed; the gold
  layer becomes `done` with it (`review.set_review_status`).
Each returns or logs what it did; the steps return an `Applied` counting items and links.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.errors import DataError
from annotator.store import review as rv
from annotator.store import review_log
from annotator.store.review_links import LinkItem, accept_link, link_items
from annotator.store.review_queries import (
    ACCEPTED,
    AGREE,
    REJECTED,
    Applied,
    ReviewItem,
    accept_item,
    attr_votes,
    conflicts,
    review_items,
)
from annotator.store.store import Store


@dataclass(frozen=True, slots=True)
class Undecided:
    """What is left to decide in a document."""

    items: int
    links: int

    @property
    def total(self) -> int:
        return self.items + self.links

    def describe(self) -> str:
        return f"{self.items} item(s) and {self.links} link(s) undecided"


def undecided(store: Store, doc: int) -> Undecided:
    items = review_items(store, doc)
    links = link_items(store, doc, items)
    return Undecided(sum(1 for i in items if i.undecided), sum(1 for k in links if k.undecided))


def review_summary(store: Store, doc: int) -> dict[str, object]:
    """What the document list shows in review mode: the review status and item counts."""
    status, reviewer, when = rv.review_status(store, doc)
    items = review_items(store, doc)
    links = link_items(store, doc, items)
    analysed = [i for i in items if i.members]
    return {"review_status": status, "reviewer": reviewer, "reviewed_at": when,
            "items": len(analysed), "links": sum(1 for k in links if k.members),
            "undecided_items": sum(1 for i in analysed if i.undecided),
            "undecided_links": sum(1 for k in links if k.undecided),
            "conflicts": len(conflicts(items)),
            "accepted": sum(1 for i in analysed if i.decision == ACCEPTED),
            "rejected": sum(1 for i in analysed if i.decision == REJECTED)}


def _accept_links(store: Store, doc: int, reviewer: str, wanted, text: str) -> Applied:
    """Accept the undecided links `wanted(link, all links)` picks whose ends are in gold."""
    items = review_items(store, doc)
    by_id = {i.id: i for i in items}
    out = Applied()
    links = link_items(store, doc, items)
    for link in links:
        ends_in_gold = by_id[link.head].gold and by_id[link.child].gold
        if link.undecided and ends_in_gold and wanted(link, links):
            out.add(accept_link(store, link, reviewer, items, text=text))
    return out


def _log_step(store: Store, doc: int, step: str, out: Applied, reviewer: str,
              **extra: object) -> None:
    with store.write() as conn:
        review_log.write(conn, doc, None, step, {"items": out.items, "links": out.links,
                                                 **extra}, reviewer)


def accept_agreed(store: Store, doc: int, reviewer: str) -> Applied:
    """Accept what every analyst agrees on: items, then links (module doc)."""
    text = store.document(doc).text
    with store.write():
        out = Applied()
        for item in review_items(store, doc):
            if item.undecided and item.state == AGREE:
                out.add(accept_item(store, item, reviewer, text=text))
        out.add(_accept_links(store, doc, reviewer, lambda link, _all: link.state == AGREE,
                              text))
        _log_step(store, doc, "accept_agreed", out, reviewer)
    return out


def default_threshold(store: Store, doc: int) -> int:
    return len(rv.analysts(store, doc)) // 2 + 1


def _majority_attrs(item: ReviewItem, store: Store, at_least: int) -> dict | None:
    """The attributes each reached by `at_least` analysts, or None if one is short."""
    votes = attr_votes(item, store.schema())
    if any(n < at_least for _value, n in votes.values()):
        return None
    return {name: value for name, (value, _n) in votes.items() if value is not None}


def _link_passes(link: LinkItem, links: list[LinkItem], k: int) -> bool:
    """At least k analysts drew it, and no rival reading as many: a link of the same type
    from the same head to another child, drawn by none of the same analysts (two camps
    giving one quote different SPEAKERs, under a threshold of half or less)."""
    if len(link.analysts) < k:
        return False
    mine = set(link.analysts)
    return not any(other is not link and other.head == link.head and
                   other.label == link.label and len(other.analysts) >= k and
                   not mine & set(other.analysts) for other in links)


def accept_majority(store: Store, doc: int, reviewer: str, at_least: int | None = None) -> Applied:
    """Accept what at least `at_least` analysts marked: items, then links (module doc)."""
    n = len(rv.analysts(store, doc))
    k = default_threshold(store, doc) if at_least is None else at_least
    if k < 1:
        raise DataError(f"the threshold must be at least 1 analyst, not {k}")
    if k > max(n, 1):
        raise DataError(f"the threshold {k} is more than the document's {n} analyst(s)")
    text = store.document(doc).text
    with store.write():
        out = Applied()
        items = review_items(store, doc)
        by_key = {i.key: i for i in items}
        for item in items:
            if not item.undecided or len(item.analysts) < k:
                continue
            rivals = [by_key[key] for key, _rnd in item.counterparts.values() if key in by_key]
            if any(len(r.analysts) >= k for r in rivals):
                continue
            attrs = _majority_attrs(item, store, k)
            if attrs is not None:
                out.add(accept_item(store, item, reviewer, attrs, text=text))
        out.add(_accept_links(store, doc, reviewer, lambda link, links: _link_passes(link, links, k),
                              text))
        _log_step(store, doc, "accept_majority", out, reviewer, at_least=k)
    return out


def mark_reviewed(store: Store, doc: int, reviewer: str, confirm: bool = False,
                  note: str | None = None) -> str:
    """Mark a document reviewed (its gold layer `done`); returns the previous review status.

    With undecided items or links, raises `ConfirmationNeeded` naming how many, unless
    `confirm` (the reviewer said yes): the log then records how many were left.
    """
    left = undecided(store, doc)
    if left.total and not confirm:
        raise rv.ConfirmationNeeded(
            f"{left.describe()}: mark the document reviewed anyway?", left.total)
    what = {"undecided_items": left.items, "undecided_links": left.links} if left.total else {}
    return rv.set_review_status(store, doc, "reviewed", reviewer, note, what)


def decision_notes(store: Store, doc: int) -> dict[str, str]:
    """item or link id -> the note on its decision."""
    return review_log.notes(store, doc)


__all__ = ["Applied", "LinkItem", "Undecided", "accept_agreed", "accept_majority",
           "decision_notes", "default_threshold", "mark_reviewed", "review_summary",
           "undecided"]
