"""The real window over the sample articles, with the rich-annotation feature installed."""

from __future__ import annotations

import pytest


@pytest.fixture
def window(open_window, sample_db):
    """alice's window over the sample articles, shown (links and suggestions are drawn)."""
    return open_window(sample_db, "alice", show=True)
