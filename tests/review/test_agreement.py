"""Agreement figures: hand-computed small cases, and the `krippendorff` package on random ones."""

from __future__ import annotations

import random
from collections import Counter

import krippendorff
import numpy as np
import pytest

from annotator.core.agreement import (
    AGREE,
    DISAGREE,
    PARTIAL,
    DocLayers,
    classify,
    compare,
    partial_pairs,
    token_bounds,
)

PUTIN = "Putin said talks failed."  # tokens: Putin said talks failed .


def _putin() -> DocLayers:
    return DocLayers("d1", PUTIN, {
        "alice": [(0, 5, "ACTOR"), (11, 23, "QUOTE")],
        "bob": [(0, 5, "ACTOR"), (11, 16, "QUOTE")],
    })


def test_hand_computed_pair():
    (pair,), alpha = (r := compare([_putin()])).pairs, r.krippendorff_alpha
    assert pair.annotators == ("alice", "bob") and pair.documents == 1
    assert pair.exact_f1 == 2 * 1 / (2 + 2)  # only ACTOR matches exactly
    assert pair.partial_f1 == 2 * 2 / (2 + 2)  # QUOTE 11-23 overlaps QUOTE 11-16
    assert pair.per_label == {"ACTOR": {"exact_f1": 1.0, "partial_f1": 1.0},
                              "QUOTE": {"exact_f1": 0.0, "partial_f1": 1.0}}
    # Tokens: alice A O Q Q O, bob A O Q O O -> agree 4/5; chance (1*1 + 2*3 + 2*1)/25.
    assert pair.cohen_kappa == pytest.approx((4 / 5 - 9 / 25) / (1 - 9 / 25))
    # Coincidences: n_A = 2, n_O = 5, n_Q = 3 (n = 10), 2 disagreeing pairings.
    assert alpha == pytest.approx(1 - (10 - 1) * 2 / (10 * 10 - (4 + 25 + 9)))
    # Matched spans: ACTOR = ACTOR exactly, QUOTE 11-23 paired with QUOTE 11-16 (overlap).
    assert pair.confusion == {("ACTOR", "ACTOR"): 1, ("QUOTE", "QUOTE"): 1}
    assert pair.lowest() == [("d1", 0.5)]


def test_label_restricts_every_figure():
    report = compare([_putin()], label="QUOTE")
    (pair,) = report.pairs
    assert list(pair.per_label) == ["QUOTE"]
    assert pair.exact_f1 == 0.0 and pair.partial_f1 == 1.0
    # Tokens: alice O O Q Q O, bob O O Q O O.
    po, pe = 4 / 5, (3 * 4 + 2 * 1) / 25
    assert pair.cohen_kappa == pytest.approx((po - pe) / (1 - pe))


def test_partial_pairs_one_to_one_by_largest_overlap():
    a = [(0, 10, "ACTOR")]
    b = [(0, 3, "ACTOR"), (2, 10, "ACTOR"), (0, 10, "EVENT")]
    assert partial_pairs(a, b) == [((0, 10, "ACTOR"), (2, 10, "ACTOR"))]
    doc = DocLayers("d", "x" * 12, {"a": a, "b": b})
    (pair,) = compare([doc]).pairs
    assert pair.partial_f1 == 2 * 1 / (1 + 3)
    assert pair.confusion == {("ACTOR", "EVENT"): 1}


def test_empty_cases():
    # Nobody shares a document: the pair is listed with no figures.
    lone = [DocLayers("d1", PUTIN, {"alice": [(0, 5, "ACTOR")]})]
    report = compare(lone, analysts=["alice", "bob"])
    assert report.to_json() == {"pairs": [{
        "annotators": ["alice", "bob"], "documents": 0, "exact_f1": None, "partial_f1": None,
        "cohen_kappa": None, "per_label": {}}], "krippendorff_alpha": None,
        "confusion": {"labels": [], "matrix": []}, "lowest": []}
    # Both marked it done and labeled nothing: full agreement, one category.
    empty = compare([DocLayers("d1", PUTIN, {"alice": [], "bob": []})])
    (pair,) = empty.pairs
    assert (pair.exact_f1, pair.partial_f1, pair.cohen_kappa) == (1.0, 1.0, 1.0)
    assert pair.per_label == {}
    assert empty.krippendorff_alpha == 1.0
    assert compare([]).to_json() == {"pairs": [], "krippendorff_alpha": None,
                                     "confusion": {"labels": [], "matrix": []}, "lowest": []}


def test_lowest_documents_over_pairs():
    docs = [DocLayers("good", PUTIN, {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "ACTOR")]}),
            DocLayers("bad", PUTIN, {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "EVENT")]})]
    report = compare(docs)
    assert report.lowest_documents(1) == [("bad", ("a", "b"), 0.0)]


LABELS = ["ACTOR", "EVENT", "QUOTE"]
WORDS = ["Putin", "said", "Kataib", "Hezbollah", "😀", "«الهجوم»", "talks", "failed", ",",
         "al-Qaim", "🇮🇶", "d'affaires", "U.S.", "struck"]


def _random_doc(rng: random.Random, n: int, analysts: list[str]) -> DocLayers:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 25)))
    starts, ends = token_bounds(text)
    layers = {}
    for a in analysts:
        if rng.random() < 0.25:
            continue  # this analyst has not marked the document done
        spans = set()
        for _ in range(rng.randint(0, 4)):
            i = rng.randrange(len(starts))
            j = min(len(starts) - 1, i + rng.randint(0, 3))
            spans.add((starts[i], ends[j], rng.choice(LABELS)))
        layers[a] = sorted(spans)
    return DocLayers(f"doc-{n}", text, layers)


def _token_values(doc: DocLayers, analyst: str) -> list[str]:
    """Straight from the definition: the longest overlapping span's label, else O."""
    out = []
    for s, e in zip(*token_bounds(doc.text)):
        over = [x for x in doc.layers[analyst] if x[0] < e and s < x[1]]
        out.append(min(over, key=lambda x: (x[0] - x[1], x[0], x[2]))[2] if over else "O")
    return out


@pytest.mark.parametrize("seed", range(8))
def test_random_cases_match_definitions_and_krippendorff(seed):
    rng = random.Random(seed)
    analysts = ["ann", "ben", "cat", "dan"][: rng.randint(2, 4)]
    docs = [_random_doc(rng, n, analysts) for n in range(12)]
    report = compare(docs, analysts)
    codes = {"O": 0, **{lab: i + 1 for i, lab in enumerate(LABELS)}}
    columns = []
    for d in docs:
        if len(d.layers) < 2:
            continue
        per = {a: _token_values(d, a) for a in d.layers}
        n = len(token_bounds(d.text)[0])
        for t in range(n):
            columns.append([codes[per[a][t]] if a in per else np.nan for a in analysts])
    data = np.array(columns, dtype=float).T
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert report.krippendorff_alpha == pytest.approx(expected)
    for pair in report.pairs:
        a, b = pair.annotators
        shared = [d for d in docs if a in d.layers and b in d.layers]
        assert pair.documents == len(shared)
        if not shared:
            assert pair.exact_f1 is None
            continue
        sa = {(d.doc, *s) for d in shared for s in d.layers[a]}
        sb = {(d.doc, *s) for d in shared for s in d.layers[b]}
        want = 1.0 if not sa and not sb else 2 * len(sa & sb) / (len(sa) + len(sb))
        assert pair.exact_f1 == pytest.approx(want)
        va = [v for d in shared for v in _token_values(d, a)]
        vb = [v for d in shared for v in _token_values(d, b)]
        po = sum(x == y for x, y in zip(va, vb)) / len(va)
        pe = sum(va.count(k) * vb.count(k) for k in set(va) | set(vb)) / len(va) ** 2
        assert pair.cohen_kappa == pytest.approx(1.0 if pe == 1 else (po - pe) / (1 - pe))
        assert pair.exact_f1 <= pair.partial_f1 <= 1.0


def test_classify_states_across_three_analysts():
    layers = {
        "a": [(0, 5, "ACTOR"), (11, 23, "QUOTE"), (6, 10, "EVENT")],
        "b": [(0, 5, "ACTOR"), (11, 16, "QUOTE")],
        "c": [(0, 5, "ACTOR"), (11, 23, "QUOTE")],
    }
    states = classify(layers)
    assert states[("a", (0, 5, "ACTOR"))] == AGREE
    assert states[("c", (0, 5, "ACTOR"))] == AGREE
    assert states[("a", (11, 23, "QUOTE"))] == DISAGREE  # b's bounds differ
    assert states[("b", (11, 16, "QUOTE"))] == DISAGREE
    assert states[("a", (6, 10, "EVENT"))] == PARTIAL  # only a marked it, nobody else there
    assert len(states) == 7


PIECES = ["a", "Zo", "1", "3.5", ".", ",", "-", "'", "\u2019", "😀", "🇮🇶", "\u0301", "\u200d",
          "👍🏽", "U.S.", "كتائب", "«", "»", " ", " ", "\n", "\r\n", "\t", "\xa0", "\u2028", "\u3000"]


@pytest.mark.parametrize("seed", range(40))
def test_token_values_match_the_definition_on_odd_text(seed):
    """Agreement counts tokens chunk by chunk (between whitespace) and stretch by stretch
    (between span boundaries) for speed: it must see exactly the tokenizer's tokens and
    give each the label of the longest span overlapping it, with spans cut anywhere."""
    from annotator.core.agreement import TokenIndex

    rng = random.Random(seed)
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))
    analysts = ["ann", "ben", "cat"]
    layers = {}
    for a in analysts[: rng.randint(1, 3)]:
        spans = set()
        for _ in range(rng.randint(0, 5)):
            s = rng.randrange(len(text))
            spans.add((s, rng.randint(s + 1, len(text)), rng.choice(LABELS)))
        layers[a] = sorted(spans)
    index = TokenIndex()
    assert index.count(text) == len(token_bounds(text)[0])
    doc = DocLayers("d", text, layers)
    per = {a: _token_values(doc, a) for a in layers}
    n = len(token_bounds(text)[0])
    want = Counter(tuple(per[a][t] if a in per else None for a in analysts) for t in range(n))
    assert index.values(text, layers, analysts) == want
