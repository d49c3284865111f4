"""Helpers for the panel and layout tests."""

from __future__ import annotations

from window_helpers import find, label, point_of  # noqa: F401 - re-exported

SIZES = [(900, 600), (1440, 900)]  # the small and the large screen of issue 13
