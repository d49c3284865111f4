"""Background work gives way to the analyst.

Python threads share one interpreter lock: a worker computing suggestions over a 1 MB
article (~0.6 s of pure Python) made every key press in that time two to four times
slower (a label's frame went from 10 ms to 30-40 ms). So the window notes each key
press, click and wheel turn (`note_input`), and long pure-Python loops that may run on a
worker thread call `give_way()` at their safe points: it sleeps, releasing the lock,
until the analyst has been idle for `QUIET` seconds. Without a window nothing ever
notes input and `give_way` costs one clock read.

`hurry()` is for code that waits for the worker itself (tests, shutdown): inside it,
nothing gives way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

QUIET = 0.35  # seconds without input before background work goes on
_STEP = 0.05  # how long a waiting worker sleeps before looking again

_last_input = float("-inf")
_hurrying = 0
_lock = threading.Lock()


def note_input() -> None:
    """The analyst pressed a key, clicked or scrolled (called on the UI thread)."""
    global _last_input
    _last_input = time.monotonic()


def idle_for() -> float:
    """Seconds since the last input."""
    return time.monotonic() - _last_input


def give_way() -> None:
    """Sleep while the analyst is working; return at once otherwise."""
    while not _hurrying and (idle := time.monotonic() - _last_input) < QUIET:
        time.sleep(min(_STEP, QUIET - idle))


@contextmanager
def hurry() -> Iterator[None]:
    """While inside, `give_way` never waits (someone is waiting for the worker)."""
    global _hurrying
    with _lock:
        _hurrying += 1
    try:
        yield
    finally:
        with _lock:
            _hurrying -= 1
