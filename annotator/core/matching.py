"""Matching analysts' spans one to one, the basis of review states and label confusion.

Two analysts' spans are paired in three rounds, each taking only spans still unpaired:
1. EXACT: the same bounds and label;
2. RELABEL: the same bounds, another label (labels paired in name order at each bounds);
3. REBOUND: overlapping spans of the same label, the largest overlap first (ties by
   position, then label), so the pairing is deterministic.
A span of another label with other bounds is never paired: a QUOTE overlapping an ACTOR is
a different thing, not a disagreement about it.

Over several analysts, a distinct span (start, end, label) is held by some analysts; every
other analyst either has a counterpart for it (their span paired with a holder's copy, in
round 2 or 3) or marked nothing there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

SpanKey = tuple[int, int, str]  # (start, end, label), offsets in code points
EXACT, RELABEL, REBOUND = 1, 2, 3


def match_pair(a: Iterable[SpanKey], b: Iterable[SpanKey]) -> list[tuple[SpanKey, SpanKey, int]]:
    """(span of a, span of b, round) for every pair, one to one, in the three rounds."""
    rest_a, rest_b = set(a), set(b)
    out = [(x, x, EXACT) for x in sorted(rest_a & rest_b)]
    rest_a -= rest_b
    rest_b -= {x for x, _y, _r in out}
    by_bounds: dict[tuple[int, int], list[str]] = {}
    for y in rest_b:
        by_bounds.setdefault((y[0], y[1]), []).append(y[2])
    mine: dict[tuple[int, int], list[str]] = {}
    for x in rest_a:
        if (x[0], x[1]) in by_bounds:
            mine.setdefault((x[0], x[1]), []).append(x[2])
    for bounds in sorted(mine):
        for la, lb in zip(sorted(mine[bounds]), sorted(by_bounds[bounds])):
            x, y = (*bounds, la), (*bounds, lb)
            out.append((x, y, RELABEL))
            rest_a.discard(x)
            rest_b.discard(y)
    by_label: dict[str, list[SpanKey]] = {}
    for y in rest_b:
        by_label.setdefault(y[2], []).append(y)
    candidates = []
    for x in rest_a:
        for y in by_label.get(x[2], ()):
            overlap = min(x[1], y[1]) - max(x[0], y[0])
            if overlap > 0:
                candidates.append((-overlap, x, y))
    candidates.sort()
    used_a: set[SpanKey] = set()
    used_b: set[SpanKey] = set()
    for _neg, x, y in candidates:
        if x not in used_a and y not in used_b:
            used_a.add(x)
            used_b.add(y)
            out.append((x, y, REBOUND))
    return out


def confusion(a: Iterable[SpanKey], b: Iterable[SpanKey]) -> dict[tuple[str, str], int]:
    """(label by a, label by b) -> number of matched spans with those labels."""
    out: dict[tuple[str, str], int] = {}
    for x, y, _round in match_pair(a, b):
        out[(x[2], y[2])] = out.get((x[2], y[2]), 0) + 1
    return out


@dataclass(slots=True)
class Grouped:
    """A distinct span over analysts: who holds it, and each other analyst's counterpart."""

    key: SpanKey
    holders: set[str] = field(default_factory=set)
    counterparts: dict[str, tuple[SpanKey, int]] = field(default_factory=dict)

    def missing(self, analysts: Iterable[str]) -> list[str]:
        """Analysts who marked nothing for it."""
        return sorted(a for a in analysts if a not in self.holders and a not in self.counterparts)


def group(layers: Mapping[str, Iterable[SpanKey]]) -> dict[SpanKey, Grouped]:
    """Every distinct span with its holders and counterparts (the holder's pairing that ranks
    first, by round and then the holder's name, where holders' pairings differ)."""
    sets = {a: set(spans) for a, spans in layers.items()}
    out: dict[SpanKey, Grouped] = {}
    for a in sorted(sets):
        for s in sets[a]:
            out.setdefault(s, Grouped(s)).holders.add(a)
    best: dict[tuple[SpanKey, str], tuple[int, str, SpanKey]] = {}
    for a, b in combinations(sorted(sets), 2):
        for x, y, rnd in match_pair(sets[a], sets[b]):
            if rnd == EXACT:
                continue
            for key, other, holder, partner in ((x, b, a, y), (y, a, b, x)):
                if other in out[key].holders:
                    continue
                rank = (rnd, holder, partner)
                if (key, other) not in best or rank < best[(key, other)]:
                    best[(key, other)] = rank
    for (key, other), (rnd, _holder, partner) in best.items():
        out[key].counterparts[other] = (partner, rnd)
    return out


AGREE, DISAGREE, PARTIAL = "agree", "disagree", "partial"


def classify(layers: Mapping[str, Iterable[SpanKey]]) -> dict[tuple[str, SpanKey], str]:
    """For each (analyst, span): agree (every analyst has the same span), disagree (another
    analyst's span is paired with it with another label or other bounds), partial (only some
    analysts marked it and the others have nothing paired with it)."""
    everyone = set(layers)
    groups = group(layers)
    out = {}
    for key, g in groups.items():
        state = AGREE if g.holders == everyone else DISAGREE if g.counterparts else PARTIAL
        for a in g.holders:
            out[(a, key)] = state
    return out


def majority(values: Iterable[object], order: Iterable[object] = ()) -> tuple[object, int]:
    """(the most given value, its count). Ties go to the value listed first in `order` (the
    schema's order of choices), then any given value before None (unset), then the smaller
    value as text: deterministic, and never "whichever analyst sorts first"."""
    counts: dict[object, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    if not counts:
        return None, 0
    rank = {v: i for i, v in enumerate(order)}

    def key(v: object) -> tuple:
        return (-counts[v], rank.get(v, len(rank)), v is None, repr(v))

    best = min(counts, key=key)
    return best, counts[best]
