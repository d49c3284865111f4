"""Analysts' database files for the merge and review tests: a lead's base file copied to
each analyst (same document ids), then labeled apart, as the team works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_helpers import make_base_file


@pytest.fixture
def base_file(tmp_path) -> Path:
    return make_base_file(tmp_path / "base.sqlite")


@pytest.fixture
def copy_of(base_file, tmp_path):
    """copy_of(name) -> a fresh copy of the base file for one analyst."""
    def make(name: str) -> Path:
        target = tmp_path / f"{name}.sqlite"
        shutil.copy(base_file, target)
        return target

    return make
