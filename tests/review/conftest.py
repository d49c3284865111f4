"""Analysts' database files for the merge and review tests: a lead's base file copied to
each analyst (same document ids), then labeled apart, as the team works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_helpers import TEXTS

from annotator.core.model import Document
from annotator.store import Store


@pytest.fixture
def base_file(tmp_path) -> Path:
    """The lead's file: every test document, no annotations."""
    path = tmp_path / "base.sqlite"
    with Store(path) as store:
        for doc_id, text in TEXTS.items():
            store.add_document(Document(doc_id, text, title=doc_id))
    return path


@pytest.fixture
def copy_of(base_file, tmp_path):
    """copy_of(name) -> a fresh copy of the base file for one analyst."""
    def make(name: str) -> Path:
        target = tmp_path / f"{name}.sqlite"
        shutil.copy(base_file, target)
        return target

    return make
