"""The real window over the sample articles, with the rich-annotation feature installed."""

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
def window(open_window, sample_db):
    """alice's window over the sample articles, shown (links and suggestions are drawn)."""
    return open_window(sample_db, "alice", show=True)


@pytest.fixture
def reader(sample_db):
    """A second connection, as another process would read what the window wrote."""
    s = Store(sample_db)
    yield s
    s.close()
