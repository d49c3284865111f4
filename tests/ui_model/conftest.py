"""A database with a trained model next to it: 40 finished made-up news documents in
alice's layer, 6 new ones nobody labelled, and `news.models/v0001` trained on them once per
session (each test gets its own copy)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("spacy")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "learn"))

from learn_data import corpus, write_jsonl

from annotator.app import build_window
from annotator.cli import main
from annotator.store import Store
from annotator.transfer.pipeline import import_paths

NEW_TEXTS = [
    "Maria Lopez met Zoran Vidic in Oslo on Tuesday.",
    "Officials from Reuters met Chen Wei in Cairo.",
    "The storm reached the coast near the old harbour.",
    "Kwame Asante said the talks in Tbilisi would continue.",
    "Protesters gathered outside the offices of Oxfam in Lima.",
    "Ines Dupont, who heads the Arctic Council, left Tromso late on Friday.",
]


@pytest.fixture(scope="session")
def model_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("model_template")
    db = folder / "news.sqlite"
    src = write_jsonl(folder / "news.jsonl", corpus(40, seed=3, sentences=5, missed=0.1))
    with Store(db) as store:
        import_paths(store, [src], "jsonl", "alice")
        for i, text in enumerate(NEW_TEXTS):
            from annotator.core.model import Document

            store.add_document(Document(f"new-{i}", text, title=f"New {i}"))
    assert main(["--db", str(db), "train", "--seed", "2", "--json"]) == 0
    return folder


@pytest.fixture
def model_db(model_template, tmp_path, capsys):
    capsys.readouterr()
    target = tmp_path / "copy"
    shutil.copytree(model_template, target)
    return target / "news.sqlite"


@pytest.fixture
def window(qtbot, model_db):
    w = build_window(model_db, "alice")
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.fixture
def reader(model_db):
    s = Store(model_db)
    yield s
    s.close()
