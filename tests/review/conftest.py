"""Analysts' database files for the merge and review tests: a lead's base file copied to
each analyst (same document ids), then labeled apart, as the team works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_helpers import make_base_file
from team3 import reviewer_db


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


@pytest.fixture(scope="session")
def team3_template(tmp_path_factory):
    """The reviewer's database over three analysts (team3.py), built once."""
    return reviewer_db(tmp_path_factory.mktemp("team3"))


@pytest.fixture
def db(team3_template, tmp_path):
    """A fresh copy of the three analysts' reviewer database for each test."""
    target = tmp_path / "rita.sqlite"
    shutil.copy(team3_template, target)
    return target
