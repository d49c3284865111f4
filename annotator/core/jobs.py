"""Cancelling long work (import, export, merge...) from another thread, without Qt.

The UI sets the token; the work calls `check()` at safe points (between records, inside
progress callbacks) so `Cancelled` unwinds through the store's transaction and rolls it
back: a cancelled job leaves the database exactly as before.
"""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """Raised by `CancelToken.check()` once someone asked the work to stop."""


class CancelToken:
    """A thread-safe "please stop" flag shared by the UI thread and one worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled("cancelled")
