"""The real window over the sample articles, at the sizes analysts use (issue 13)."""

from __future__ import annotations

import pytest

from annotator.store import Store
from annotator.transfer.pipeline import import_paths


@pytest.fixture
def sample_db(db_path, sample_article, crlf_sample):
    """The Iraq article first (opened on start), then the CRLF/emoji/Arabic sample."""
    with Store(db_path) as s:
        import_paths(s, [sample_article], "text", "alice")
        import_paths(s, [crlf_sample], "text", "alice")
    return db_path


@pytest.fixture
def sized_window(open_window, sample_db, qtbot):
    """sized_window(w, h) -> alice's window shown at that size."""

    def _open(width: int = 1440, height: int = 900):
        window = open_window(sample_db, "alice")
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        return window
    return _open


@pytest.fixture
def reader(sample_db):
    """A second connection, as another process would read what the window wrote."""
    s = Store(sample_db)
    yield s
    s.close()
