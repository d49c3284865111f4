"""One-to-one matching of spans (core.matching): its rounds checked against their
definitions on random layers, the case the issue found, and majority ties."""

from __future__ import annotations

import random

import pytest

from annotator.core.matching import (
    EXACT,
    REBOUND,
    RELABEL,
    classify,
    confusion,
    group,
    majority,
    match_pair,
)

LABELS = ["ACTOR", "EVENT", "QUOTE"]


def _layer(rng: random.Random) -> set:
    spans = set()
    for _ in range(rng.randint(0, 8)):
        s = rng.randrange(30)
        spans.add((s, s + rng.randint(1, 8), rng.choice(LABELS)))
    return spans


def _overlap(x, y) -> bool:
    return x[0] < y[1] and y[0] < x[1]


@pytest.mark.parametrize("seed", range(60))
def test_pairs_follow_the_rounds_on_random_layers(seed):
    rng = random.Random(seed)
    a, b = _layer(rng), _layer(rng)
    pairs = match_pair(a, b)
    left = [x for x, _y, _r in pairs]
    right = [y for _x, y, _r in pairs]
    assert len(set(left)) == len(left) and len(set(right)) == len(right)  # one to one
    assert set(left) <= a and set(right) <= b
    for x, y, rnd in pairs:
        if rnd == EXACT:
            assert x == y
        elif rnd == RELABEL:
            assert x[:2] == y[:2] and x[2] != y[2]
        else:
            assert rnd == REBOUND and x[2] == y[2] and x[:2] != y[:2] and _overlap(x, y)
    # every identical span is paired with itself
    assert {x for x, _y, r in pairs if r == EXACT} == a & b
    # what is left could not have been paired in any round
    rest_a, rest_b = a - set(left), b - set(right)
    for x in rest_a:
        for y in rest_b:
            assert x[:2] != y[:2] and not (x[2] == y[2] and _overlap(x, y))
    # the confusion counts exactly those pairs by their labels
    total = sum(confusion(a, b).values())
    assert total == len(pairs)


def test_an_unrelated_overlapping_span_is_not_other_bounds():
    """alice and bob agree on "Kataib Hezbollah"; carol marked an EVENT around it."""
    kataib, event = (10, 26, "ACTOR"), (0, 40, "EVENT")
    layers = {"alice": [kataib], "bob": [kataib], "carol": [event]}
    states = classify(layers)
    assert states[("alice", kataib)] == "partial" and states[("carol", event)] == "partial"
    grouped = group(layers)
    assert grouped[kataib].counterparts == {} and grouped[kataib].missing(layers) == ["carol"]


def test_counterparts_name_the_paired_reading():
    layers = {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "EVENT")], "c": [(0, 3, "ACTOR")]}
    g = group(layers)
    assert g[(0, 5, "ACTOR")].counterparts == {"b": ((0, 5, "EVENT"), RELABEL),
                                               "c": ((0, 3, "ACTOR"), REBOUND)}
    assert classify(layers)[("a", (0, 5, "ACTOR"))] == "disagree"


def test_majority_and_its_ties():
    assert majority(["military", "person", "person"]) == ("person", 2)
    # a tie goes to the schema's order of choices, whoever gave which value
    order = ["person", "organization", "state", "military"]
    assert majority(["military", "person"], order) == ("person", 1)
    assert majority(["person", "military"], order) == ("person", 1)
    assert majority(["state", None], order) == ("state", 1)  # a value beats "unset"
    assert majority([None, None, "state"], order) == (None, 2)
    assert majority(["b", "a"]) == ("a", 1)  # no order: by value, not by who gave it
    assert majority([]) == (None, 0)
