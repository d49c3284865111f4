"""Inter-annotator agreement: how far analysts who labeled the same articles agree.

Pure Python over plain values, so each figure can be checked by hand; the command line and
the window read the store and hand over `DocLayers`.

Definitions (over the documents both analysts of a pair marked done):
- exact F1 = 2|A∩B| / (|A|+|B|) on (document, start, end, label), summed over documents;
- partial F1: the same formula with overlapping same-label spans paired one to one (largest
  overlap first, ties broken by position, so the pairing is deterministic);
- Cohen's kappa over word tokens, each token valued by the label of the longest span
  overlapping it (then the earliest, then the label name), or "O";
- Krippendorff's alpha (nominal) over the same tokens for all analysts at once; an analyst
  who has not marked a document done gives missing values there.

Empty cases: a pair with no shared document has `documents` 0 and every figure None. When
neither analyst labeled anything on shared documents, F1 is 1.0 (they agree there is
nothing). Kappa and alpha are 1.0 when every value is the same category, None without
tokens to compare.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from annotator.core.tokenize import tokenize, words

OUTSIDE = "O"
SpanKey = tuple[int, int, str]  # (start, end, label), offsets in code points


@dataclass(slots=True)
class DocLayers:
    """One document and the spans of each analyst who marked it done."""

    doc: str
    text: str
    layers: dict[str, list[SpanKey]] = field(default_factory=dict)


# -- span F1 ---------------------------------------------------------------------------

def f1(matched: int, n_a: int, n_b: int) -> float:
    """2m / (|A|+|B|); 1.0 when both sides are empty (nothing to disagree on)."""
    total = n_a + n_b
    return 1.0 if total == 0 else 2 * matched / total


def exact_matches(a: Iterable[SpanKey], b: Iterable[SpanKey]) -> int:
    return len(set(a) & set(b))


def partial_pairs(a: Iterable[SpanKey], b: Iterable[SpanKey]) -> list[tuple[SpanKey, SpanKey]]:
    """Pair overlapping same-label spans one to one, largest overlap first."""
    a, b = sorted(set(a)), sorted(set(b))
    candidates = []
    for x in a:
        for y in b:
            if x[2] == y[2]:
                overlap = min(x[1], y[1]) - max(x[0], y[0])
                if overlap > 0:
                    candidates.append((-overlap, x, y))
    candidates.sort()
    used_a, used_b, pairs = set(), set(), []
    for _neg, x, y in candidates:
        if x not in used_a and y not in used_b:
            used_a.add(x)
            used_b.add(y)
            pairs.append((x, y))
    return pairs


def boundary_confusion(a: Iterable[SpanKey], b: Iterable[SpanKey]) -> Counter:
    """(label of A, label of B) -> count over spans with the same start and end."""
    by_a: dict[tuple[int, int], list[str]] = {}
    by_b: dict[tuple[int, int], list[str]] = {}
    for s, e, lab in set(a):
        by_a.setdefault((s, e), []).append(lab)
    for s, e, lab in set(b):
        by_b.setdefault((s, e), []).append(lab)
    out: Counter = Counter()
    for bounds, la in by_a.items():
        lb = by_b.get(bounds)
        if not lb:
            continue
        common = set(la) & set(lb)
        for lab in common:
            out[(lab, lab)] += 1
        for x, y in zip(sorted(set(la) - common), sorted(set(lb) - common)):
            out[(x, y)] += 1
    return out


# -- tokens ----------------------------------------------------------------------------

def token_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the word tokens (whitespace is not a token here)."""
    toks = words(tokenize(text))
    return [t.start for t in toks], [t.end for t in toks]


def token_labels(bounds: tuple[list[int], list[int]], spans: Iterable[SpanKey]) -> list[str]:
    """Each token's value: the label of the longest span overlapping it, else "O"."""
    starts, ends = bounds
    values = [OUTSIDE] * len(starts)
    # Paint the lesser spans first so the longest (then earliest, then smallest label)
    # is painted last and wins.
    order = sorted(set(spans), key=lambda s: (s[0] - s[1], s[0], s[2]), reverse=True)
    for s, e, lab in order:
        first = bisect_right(ends, s)
        last = bisect_left(starts, e)
        if first < last:
            values[first:last] = [lab] * (last - first)
    return values


def cohen_kappa(pairs: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa from counts of (value by A, value by B)."""
    n = sum(pairs.values())
    if n == 0:
        return None
    rows: Counter = Counter()
    cols: Counter = Counter()
    agree = 0
    for (x, y), c in pairs.items():
        rows[x] += c
        cols[y] += c
        if x == y:
            agree += c
    po = agree / n
    pe = sum(rows[k] * cols[k] for k in rows) / (n * n)
    if pe >= 1.0:  # one category only, for both: they cannot but agree
        return 1.0
    return (po - pe) / (1 - pe)


def krippendorff_alpha(units: Mapping[tuple, int]) -> float | None:
    """Nominal alpha from counts of units, each a tuple of values (None = missing)."""
    coincidence: Counter = Counter()
    for unit, count in units.items():
        values = Counter(v for v in unit if v is not None)
        m = sum(values.values())
        if m < 2:
            continue
        weight = count / (m - 1)
        for v, cv in values.items():
            for w, cw in values.items():
                pairs = cv * (cw - 1) if v == w else cv * cw
                if pairs:
                    coincidence[(v, w)] += weight * pairs
    totals: Counter = Counter()
    for (v, _w), c in coincidence.items():
        totals[v] += c
    n = sum(totals.values())
    if n == 0:
        return None
    observed = sum(c for (v, w), c in coincidence.items() if v != w)
    expected = (n * n - sum(c * c for c in totals.values()))
    if expected == 0:
        return 1.0
    return 1.0 - (n - 1) * observed / expected


# -- the whole comparison ----------------------------------------------------------------

@dataclass(slots=True)
class PairAgreement:
    """Agreement of two analysts over the documents both marked done."""

    annotators: tuple[str, str]
    documents: int = 0
    exact_f1: float | None = None
    partial_f1: float | None = None
    cohen_kappa: float | None = None
    per_label: dict[str, dict[str, float]] = field(default_factory=dict)
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)
    per_document: list[tuple[str, float]] = field(default_factory=list)  # (doc, exact F1)

    def lowest(self, n: int = 10) -> list[tuple[str, float]]:
        """The documents this pair agrees on least (exact F1, then document id)."""
        return sorted(self.per_document, key=lambda d: (d[1], d[0]))[:n]

    def to_json(self) -> dict[str, Any]:
        return {"annotators": list(self.annotators), "documents": self.documents,
                "exact_f1": self.exact_f1, "partial_f1": self.partial_f1,
                "cohen_kappa": self.cohen_kappa, "per_label": self.per_label}


@dataclass(slots=True)
class AgreementReport:
    pairs: list[PairAgreement] = field(default_factory=list)
    krippendorff_alpha: float | None = None
    label: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"pairs": [p.to_json() for p in self.pairs],
                "krippendorff_alpha": self.krippendorff_alpha}

    def lowest_documents(self, n: int = 10) -> list[tuple[str, tuple[str, str], float]]:
        """The (document, pair, exact F1) with the lowest agreement over every pair."""
        rows = [(doc, p.annotators, score) for p in self.pairs for doc, score in p.per_document]
        return sorted(rows, key=lambda r: (r[2], r[0], r[1]))[:n]


@dataclass(slots=True)
class _Tally:
    exact: Counter = field(default_factory=Counter)  # label -> matches
    partial: Counter = field(default_factory=Counter)
    n_a: Counter = field(default_factory=Counter)
    n_b: Counter = field(default_factory=Counter)
    tokens: Counter = field(default_factory=Counter)
    confusion: Counter = field(default_factory=Counter)


def compare(docs: Iterable[DocLayers], analysts: Sequence[str] | None = None,
            label: str | None = None) -> AgreementReport:
    """Every pair of analysts, per label, and alpha over all of them.

    `analysts` lists who to compare (pairs without a shared document still appear, with
    None figures); by default everyone with a layer in `docs`. `label` keeps one label.
    """
    docs = list(docs)
    if analysts is None:
        analysts = sorted({a for d in docs for a in d.layers})
    analysts = sorted(set(analysts))
    index = {a: i for i, a in enumerate(analysts)}
    pair_keys = list(combinations(analysts, 2))
    tallies = {p: _Tally() for p in pair_keys}
    per_doc: dict[tuple[str, str], list[tuple[str, float]]] = {p: [] for p in pair_keys}
    counts = Counter()
    units: Counter = Counter()
    for d in docs:
        layers = {a: [s for s in spans if label is None or s[2] == label]
                  for a, spans in d.layers.items() if a in index}
        if len(layers) < 2:
            continue
        bounds = token_bounds(d.text)
        values = {a: token_labels(bounds, spans) for a, spans in layers.items()}
        columns = [values.get(a) for a in analysts]
        n_tok = len(bounds[0])
        units.update(zip(*[c if c is not None else [None] * n_tok for c in columns]))
        for a, b in combinations(sorted(layers), 2):
            t = tallies[(a, b)]
            counts[(a, b)] += 1
            sa, sb = set(layers[a]), set(layers[b])
            for s in sa:
                t.n_a[s[2]] += 1
            for s in sb:
                t.n_b[s[2]] += 1
            for s in sa & sb:
                t.exact[s[2]] += 1
            for x, _y in partial_pairs(sa, sb):
                t.partial[x[2]] += 1
            t.tokens.update(zip(values[a], values[b]))
            t.confusion.update(boundary_confusion(sa, sb))
            per_doc[(a, b)].append((d.doc, f1(len(sa & sb), len(sa), len(sb))))
    report = AgreementReport(label=label, krippendorff_alpha=krippendorff_alpha(units))
    for p in pair_keys:
        t = tallies[p]
        pa = PairAgreement(p, counts[p])
        if counts[p]:
            n_a, n_b = sum(t.n_a.values()), sum(t.n_b.values())
            pa.exact_f1 = f1(sum(t.exact.values()), n_a, n_b)
            pa.partial_f1 = f1(sum(t.partial.values()), n_a, n_b)
            pa.cohen_kappa = cohen_kappa(t.tokens)
            labels = sorted(set(t.n_a) | set(t.n_b) | ({label} if label else set()))
            pa.per_label = {lab: {"exact_f1": f1(t.exact[lab], t.n_a[lab], t.n_b[lab]),
                                  "partial_f1": f1(t.partial[lab], t.n_a[lab], t.n_b[lab])}
                            for lab in labels}
            pa.confusion = dict(sorted(t.confusion.items()))
            pa.per_document = per_doc[p]
        report.pairs.append(pa)
    return report


# -- review: which spans analysts agree on ---------------------------------------------

AGREE, DISAGREE, PARTIAL = "agree", "disagree", "partial"


def classify(layers: Mapping[str, Iterable[SpanKey]]) -> dict[tuple[str, SpanKey], str]:
    """For each (analyst, span): agree (every analyst has the same span), disagree (another
    analyst has an overlapping span with other bounds or label), partial (only some
    analysts marked it and the others have nothing there)."""
    sets = {a: set(spans) for a, spans in layers.items()}
    holders: Counter = Counter()
    for spans in sets.values():
        holders.update(spans)
    everyone = len(sets)
    out: dict[tuple[str, SpanKey], str] = {}
    for a, spans in sets.items():
        others = [s for b, other in sets.items() if b != a for s in other]
        for s in spans:
            if holders[s] == everyone:
                out[(a, s)] = AGREE
            elif any(o != s and o[0] < s[1] and s[0] < o[1] for o in others):
                out[(a, s)] = DISAGREE
            else:
                out[(a, s)] = PARTIAL
    return out
