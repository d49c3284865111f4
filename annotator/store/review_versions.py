"""Each analyst's version of a review item, for the side-by-side view (no Qt).

For the selected item, every analyst of the document has one version: their span with the
item's bounds and label ("same"), their span paired with it by the one-to-one matching with
another label or other bounds ("other_label", "other_bounds"), or nothing ("nothing"). A
version carries the analyst's label, bounds, text, attributes and links. Accepting a
version (its number key in the window) puts that analyst's reading into gold, attributes as
they gave them, and rejects the other readings shown beside it; accepting "nothing"
rejects them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import DataError
from annotator.core.matching import RELABEL
from annotator.core.model import Span
from annotator.store import review as rv
from annotator.store.review_queries import (
    REJECTED,
    Applied,
    ReviewItem,
    accept_item,
    reject_item,
    review_items,
)
from annotator.store.store import Store

SAME, OTHER_LABEL, OTHER_BOUNDS, NOTHING = "same", "other_label", "other_bounds", "nothing"


@dataclass(slots=True)
class VersionLink:
    label: str
    outgoing: bool  # the version's span is the link's head
    other: Span  # the span at the other end (the analyst's)
    text: str


@dataclass(slots=True)
class Version:
    analyst: str
    kind: str  # SAME, OTHER_LABEL, OTHER_BOUNDS or NOTHING
    span: Span | None = None
    item: str | None = None  # the review item holding this version
    text: str = ""
    links: list[VersionLink] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        s = self.span
        return {"analyst": self.analyst, "kind": self.kind,
                "label": s.label if s else None, "start": s.start if s else None,
                "end": s.end if s else None, "text": self.text,
                "attrs": dict(s.attrs) if s else {},
                "links": [{"label": k.label, "outgoing": k.outgoing, "other_label": k.other.label,
                           "other_start": k.other.start, "other_end": k.other.end,
                           "other_text": k.text} for k in self.links]}


def item_versions(store: Store, doc: int, item: ReviewItem,
                  items: list[ReviewItem] | None = None) -> list[Version]:
    """One version per analyst of the document, in analyst order."""
    items = items if items is not None else review_items(store, doc)
    by_key = {i.key: i for i in items}
    text = store.document(doc).text
    spans = {s.id: s for s in store.spans(doc)}
    out = []
    for analyst in rv.analysts(store, doc):
        mine = next((s for s in item.members if s.annotator == analyst), None)
        if mine is not None:
            v = Version(analyst, SAME, mine, item.id)
        elif analyst in item.counterparts:
            key, rnd = item.counterparts[analyst]
            holder = by_key.get(key)
            span = next((s for s in holder.members if s.annotator == analyst), None) \
                if holder is not None else None
            kind = OTHER_LABEL if rnd == RELABEL else OTHER_BOUNDS
            v = Version(analyst, kind, span, holder.id if holder else None) if span else \
                Version(analyst, NOTHING)
        else:
            v = Version(analyst, NOTHING)
        if v.span is not None:
            v.text = text[v.span.start:v.span.end]
            for rel in store.relations(doc, analyst):
                if v.span.id not in (rel.head, rel.child):
                    continue
                outgoing = rel.head == v.span.id
                other = spans.get(rel.child if outgoing else rel.head)
                if other is not None:
                    v.links.append(VersionLink(rel.label, outgoing, other,
                                               text[other.start:other.end]))
        out.append(v)
    return out


def accept_version(store: Store, doc: int, item: ReviewItem, analyst: str, reviewer: str,
                   note: str | None = None) -> Applied:
    """Put `analyst`'s version of the item into gold (their attributes) and reject the
    other readings beside it, in one transaction (module doc)."""
    items = review_items(store, doc)
    by_id = {i.id: i for i in items}
    item = by_id.get(item.id, item)
    versions = item_versions(store, doc, item, items)
    chosen = next((v for v in versions if v.analyst == analyst), None)
    if chosen is None:
        raise DataError(f"{analyst} has no layer in this document")
    readings = {v.item for v in versions if v.item is not None} | {item.id}
    out = Applied()
    with store.write():
        if chosen.span is not None:
            out.add(accept_item(store, by_id[chosen.item], reviewer, chosen.span.attrs,
                                note, via=f"version of {analyst}"))
        for rid in sorted(readings - {chosen.item}):
            other = by_id.get(rid)
            if other is not None and other.members and other.decision != REJECTED:
                out.add(reject_item(store, other, reviewer, note,
                                    via=f"version of {analyst}"))
    return out
