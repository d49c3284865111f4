"""Training tests: a database of made-up, finished news documents (tests/learn/learn_data)."""

from __future__ import annotations

import pytest
from learn_data import corpus, write_jsonl

from annotator.store import Store
from annotator.transfer.pipeline import import_paths

pytest.importorskip("spacy")


def make_db(folder):
    db = folder / "news.sqlite"
    src = write_jsonl(folder / "news.jsonl", corpus(40, seed=3, sentences=5, missed=0.1))
    with Store(db) as store:
        import_paths(store, [src], "jsonl", "alice")
    return db


@pytest.fixture
def trained_db(tmp_path):
    """40 finished documents in alice's layer, a tenth of the names left unlabelled."""
    return make_db(tmp_path)


@pytest.fixture(scope="module")
def trained_once(tmp_path_factory):
    """That database after `train --seed 7 --eval-split 0.25 --json`: (db, its JSON)."""
    import contextlib
    import io
    import json

    from annotator.cli import main

    db = make_db(tmp_path_factory.mktemp("trained"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--db", str(db), "train", "--seed", "7", "--eval-split", "0.25",
                     "--json"]) == 0
    return db, json.loads(out.getvalue())
