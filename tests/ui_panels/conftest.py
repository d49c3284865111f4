"""The real window over the sample articles, at the sizes analysts use (issue 13)."""

from __future__ import annotations

import pytest


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
