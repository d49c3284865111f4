"""Random edits by two analysts on three machines: every merge order gives one database."""

from __future__ import annotations

import random
from itertools import permutations
from pathlib import Path

import pytest
from review_helpers import TEXTS, pk_of

from annotator.core.errors import DataError
from annotator.core.tokenize import tokenize, words
from annotator.store import Store
from annotator.store.merge import snapshot
from annotator.transfer.merge_source import merge_file

LABELS = ["ACTOR", "EVENT", "QUOTE"]


def _edit(path: Path, annotator: str, rng: random.Random, steps: int) -> None:
    """Label, relabel, delete, link and finish at random, as an analyst might."""
    with Store(path) as store:
        for _ in range(steps):
            doc_id = rng.choice(sorted(TEXTS))
            pk = pk_of(store, doc_id)
            toks = words(tokenize(TEXTS[doc_id]))
            live = store.spans(pk, annotator)
            roll = rng.random()
            try:
                if roll < 0.5 or not live:
                    i = rng.randrange(len(toks))
                    j = min(len(toks) - 1, i + rng.randint(0, 2))
                    store.add_span(pk, annotator, toks[i].start, toks[j].end, rng.choice(LABELS))
                elif roll < 0.65:
                    store.update_span(rng.choice(live).id, label=rng.choice(LABELS))
                elif roll < 0.8:
                    store.delete_span(rng.choice(live).id)
                elif roll < 0.9 and len(live) > 1:
                    head, child = rng.sample(live, 2)
                    store.add_relation(head.id, child.id, rng.choice(["SPEAKER", "AGENT"]))
                else:
                    store.set_status(pk, annotator, rng.choice(["in_progress", "done"]))
            except DataError:
                pass  # already labeled so, or a link the schema refuses: the user moves on


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_merge_the_same_in_every_order(seed, copy_of, tmp_path):
    rng = random.Random(seed)
    desk, bob = copy_of("desk"), copy_of("bob")
    _edit(desk, "alice", rng, 12)
    laptop = copy_of("laptop")
    laptop.write_bytes(desk.read_bytes())  # alice takes her file along, both go on
    _edit(desk, "alice", rng, 12)
    _edit(laptop, "alice", rng, 12)
    _edit(bob, "bob", rng, 20)
    results = []
    for n, order in enumerate(permutations([desk, laptop, bob])):
        target = tmp_path / f"merged-{n}.sqlite"
        with Store(target) as store:
            for f in order:
                merge_file(store, f)
            results.append(snapshot(store.conn))
            again = [merge_file(store, f) for f in order]
            assert not any(s.changed for s in again)
            assert snapshot(store.conn) == results[-1]
    assert all(r == results[0] for r in results[1:])
