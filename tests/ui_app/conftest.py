"""Windows with the app's features over small real databases, driven with pytest-qt."""

from __future__ import annotations

import pytest

from annotator.app import build_window
from annotator.formats.pipeline import import_paths
from annotator.store import Store


@pytest.fixture
def two_docs_db(db_path, crlf_sample, sample_article):
    """The CRLF/emoji/Arabic sample first, then the Iraq article."""
    with Store(db_path) as s:
        import_paths(s, [crlf_sample], "text", "alice")
        import_paths(s, [sample_article], "text", "alice")
    return db_path


@pytest.fixture
def open_window(qtbot):
    def _open(db_path, annotator="alice"):
        window = build_window(db_path, annotator)
        qtbot.addWidget(window)
        return window
    return _open
