"""A reviewer's database holding two analysts' layers, and windows over it (pytest-qt)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_ui_helpers import ALICE, BOB, TEXTS, label, make_base_file, pk_of

from annotator.store import Store


@pytest.fixture
def base_file(tmp_path) -> Path:
    return make_base_file(tmp_path / "base.sqlite")


@pytest.fixture
def analyst_file(base_file, tmp_path):
    """analyst_file(name, labels) -> a copy of the base file labeled by one analyst."""
    def make(name: str, labels: dict) -> Path:
        target = tmp_path / f"{name}.sqlite"
        shutil.copy(base_file, target)
        for doc_id, spans in labels.items():
            label(target, name, doc_id, spans)
        return target
    return make


@pytest.fixture
def team_db(base_file):
    """The reviewer's file with alice's and bob's layers (labeled through the store API)."""
    for name, labels in (("alice", ALICE), ("bob", BOB)):
        for doc_id, spans in labels.items():
            label(base_file, name, doc_id, spans)
    with Store(base_file) as store:
        pk = pk_of(store, "doc-putin")
        spans = {(s.annotator, TEXTS["doc-putin"][s.start:s.end]): s.id for s in store.spans(pk)}
        store.add_relation(spans[("alice", "talks failed")], spans[("alice", "Putin")], "SPEAKER")
    return base_file
