"""Inter-annotator agreement: how far analysts who labeled the same articles agree.

Pure Python over plain values, so each figure can be checked by hand; the command line and
the window read the store and hand over `DocLayers`.

Definitions (over the documents both analysts of a pair marked done):
- exact F1 = 2|A∩B| / (|A|+|B|) on (document, start, end, label), summed over documents;
- partial F1: the same formula with overlapping same-label spans paired one to one
  (identical spans first, then the largest overlap, ties broken by position);
- Cohen's kappa over word tokens, each token valued by the label of the longest span
  overlapping it (then the earliest, then the label name), or "O";
- Krippendorff's alpha (nominal) over the same tokens for all analysts at once; an analyst
  who has not marked a document done gives missing values there.

Beside the figures, `to_json` gives (the `agreement --json` keys):
- "confusion": {"labels": [...], "matrix": [[...]]}: matched span pairs (the one-to-one
  matching of `core.matching`: same bounds and label, then same bounds other label, then
  overlapping same label) over every pair of analysts and shared document. The matrix is
  symmetric: a pair labeled X by one analyst and Y by the other counts once in [X][Y] and
  once in [Y][X] (once on the diagonal when X = Y), whoever the analysts are.
- "lowest": up to 10 documents, lowest agreement first: {"doc", "exact_f1" (the lowest pair
  exact F1 on that document), "pairs": [{"annotators", "exact_f1", "partial_f1"}]}, ordered
  by that lowest F1, then the mean over pairs, then the document id.

Empty cases: a pair with no shared document has `documents` 0 and every figure None. When
neither analyst labeled anything on shared documents, F1 is 1.0 (they agree there is
nothing). Kappa and alpha are 1.0 when every value is the same category, None without
tokens to compare.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import Any

from annotator.core.matching import AGREE, DISAGREE, PARTIAL, classify  # noqa: F401 (re-export)
from annotator.core.matching import confusion as match_confusion
from annotator.core.tokenize import tokenize, words

OUTSIDE = "O"
SpanKey = tuple[int, int, str]  # (start, end, label), offsets in code points
LOWEST = 10  # documents listed under "lowest"


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


def partial_pairs(a: Iterable[SpanKey], b: Iterable[SpanKey]) -> list[tuple[SpanKey, SpanKey]]:
    """Pair overlapping same-label spans one to one: identical spans first, then the
    largest overlap first (ties by position), so the pairing is deterministic."""
    sa, sb = set(a), set(b)
    common = sa & sb
    pairs = [(x, x) for x in sorted(common)]
    rest_b: dict[str, list[SpanKey]] = {}
    for y in sb - common:
        rest_b.setdefault(y[2], []).append(y)
    candidates = []
    for x in sa - common:
        for y in rest_b.get(x[2], ()):
            overlap = min(x[1], y[1]) - max(x[0], y[0])
            if overlap > 0:
                candidates.append((-overlap, x, y))
    if candidates:
        candidates.sort()
        used_a, used_b = set(), set()
        for _neg, x, y in candidates:
            if x not in used_a and y not in used_b:
                used_a.add(x)
                used_b.add(y)
                pairs.append((x, y))
    return pairs


# -- tokens ----------------------------------------------------------------------------

def token_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the word tokens (whitespace is not a token here)."""
    toks = words(tokenize(text))
    return [t.start for t in toks], [t.end for t in toks]


_CHUNK = re.compile(r"\S+")


class _ChunkTokens(dict):
    """chunk -> its word tokens' (start, end) inside it, tokenized once per distinct chunk."""

    def __missing__(self, chunk: str) -> tuple[tuple[int, int], ...]:
        value = tuple((t.start, t.end) for t in words(tokenize(chunk)))
        self[chunk] = value
        return value


class _ChunkCounts(dict):
    def __init__(self, tokens: _ChunkTokens):
        super().__init__()
        self._tokens = tokens

    def __missing__(self, chunk: str) -> int:
        value = len(self._tokens[chunk])
        self[chunk] = value
        return value


def _rank(span: SpanKey) -> tuple[int, int, str]:
    """The span that gives a token its value sorts first: longest, earliest, smallest label."""
    return (span[0] - span[1], span[0], span[2])


class TokenIndex:
    """Counts of token values over many texts, fast.

    No token holds whitespace, so a text's tokens are those of its whitespace-separated
    chunks, and news repeats its chunks: each distinct chunk is tokenized once. Between two
    span boundaries every token has the same value for each analyst, so such a stretch is
    only counted; a chunk with a boundary inside it is taken token by token.
    """

    def __init__(self) -> None:
        self._tokens = _ChunkTokens()
        self._counts = _ChunkCounts(self._tokens)

    def count(self, text: str) -> int:
        return sum(map(self._counts.__getitem__, text.split()))

    def values(self, text: str, layers: Mapping[str, Iterable[SpanKey]],
               analysts: Sequence[str]) -> Counter:
        """(value of each analyst, None where `layers` lacks them) -> number of tokens."""
        n = len(text)
        spans_of = {a: sorted(set(layers[a]), key=_rank, reverse=True)
                    for a in analysts if a in layers}
        # Cut the text where a span starts or ends; a chunk with such a boundary inside it
        # is cut at each of its tokens instead. Every piece then holds whole tokens that
        # all overlap the same spans.
        cuts = {0, n}
        special: dict[int, int] = {}
        for spans in spans_of.values():
            for s, e, _lab in spans:
                for b in (s, e):
                    if 0 < b < n and not text[b - 1].isspace() and not text[b].isspace():
                        cs = b
                        while cs > 0 and not text[cs - 1].isspace():
                            cs -= 1
                        if cs not in special:
                            ce = b
                            while ce < n and not text[ce].isspace():
                                ce += 1
                            special[cs] = ce
                    else:
                        cuts.add(b)
        single: set[int] = set()  # pieces that are one token of a cut chunk
        for cs, ce in special.items():
            toks = self._tokens[text[cs:ce]]
            single.update(cs + ts for ts, _te in toks)
            cuts.update(cs + ts for ts, _te in toks)
            cuts.add(ce)
        ordered = sorted(cuts)
        counts = self._counts.__getitem__
        weights = [1 if p in single else sum(map(counts, text[p:q].split()))
                   for p, q in pairwise(ordered)]
        pieces = len(weights)
        columns = []
        for a in analysts:
            spans = spans_of.get(a)
            if spans is None:
                columns.append([None] * pieces)
                continue
            col = [OUTSIDE] * pieces
            for s, e, lab in spans:  # the best span last, so it wins
                first = bisect_right(ordered, s) - 1
                last = bisect_left(ordered, e)
                col[first:last] = [lab] * (last - first)
            columns.append(col)
        out: Counter = Counter()
        for unit, w in zip(zip(*columns), weights):
            if w:
                out[unit] += w
        return out


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
    per_document_partial: dict[str, float] = field(default_factory=dict)  # doc -> partial F1

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
                "krippendorff_alpha": self.krippendorff_alpha,
                "confusion": self.confusion_matrix(), "lowest": self.lowest_json()}

    def confusion_matrix(self) -> dict[str, Any]:
        """The symmetric label confusion over matched spans of every pair (module doc)."""
        cells: Counter = Counter()
        for p in self.pairs:
            for (x, y), n in p.confusion.items():
                cells[(x, y)] += n
                if x != y:
                    cells[(y, x)] += n
        labels = sorted({x for x, _y in cells})
        return {"labels": labels,
                "matrix": [[cells[(x, y)] for y in labels] for x in labels]}

    def lowest_json(self, n: int = LOWEST) -> list[dict[str, Any]]:
        """The documents with the lowest agreement, with every pair's scores there."""
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for p in self.pairs:
            for doc, score in p.per_document:
                by_doc.setdefault(doc, []).append({
                    "annotators": list(p.annotators), "exact_f1": score,
                    "partial_f1": p.per_document_partial.get(doc)})
        rows = []
        for doc, pairs in by_doc.items():
            scores = [q["exact_f1"] for q in pairs]
            rows.append((min(scores), sum(scores) / len(scores), doc, pairs))
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        return [{"doc": doc, "exact_f1": low, "pairs": pairs}
                for low, _mean, doc, pairs in rows[:n]]

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
    partial_of: dict[tuple[str, str], dict[str, float]] = {p: {} for p in pair_keys}
    counts = Counter()
    units: Counter = Counter()
    tokens = TokenIndex()
    for d in docs:
        layers = {a: {s for s in spans if label is None or s[2] == label}
                  for a, spans in d.layers.items() if a in index}
        if len(layers) < 2:
            continue
        values = tokens.values(d.text, layers, analysts)
        units.update(values)
        for a, b in combinations(sorted(layers), 2):
            t = tallies[(a, b)]
            counts[(a, b)] += 1
            sa, sb = layers[a], layers[b]
            common = sa & sb
            t.n_a.update(s[2] for s in sa)
            t.n_b.update(s[2] for s in sb)
            t.exact.update(s[2] for s in common)
            partial = partial_pairs(sa, sb)
            t.partial.update(x[2] for x, _y in partial)
            partial_of[(a, b)][d.doc] = f1(len(partial), len(sa), len(sb))
            ia, ib = index[a], index[b]
            for unit, c in values.items():
                t.tokens[(unit[ia], unit[ib])] += c
            t.confusion.update(match_confusion(sa, sb))
            per_doc[(a, b)].append((d.doc, f1(len(common), len(sa), len(sb))))
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
            pa.per_document_partial = partial_of[p]
        report.pairs.append(pa)
    return report
