"""Training tests: a database of made-up, finished news documents (tests/learn/learn_data)."""

from __future__ import annotations

import pytest
from learn_data import corpus, write_jsonl

from annotator.formats.pipeline import import_paths
from annotator.store import Store

pytest.importorskip("spacy")


@pytest.fixture
def trained_db(tmp_path):
    """40 finished documents in alice's layer, a tenth of the names left unlabelled."""
    db = tmp_path / "news.sqlite"
    src = write_jsonl(tmp_path / "news.jsonl", corpus(40, seed=3, sentences=5, missed=0.1))
    with Store(db) as store:
        import_paths(store, [src], "jsonl", "alice")
    return db
