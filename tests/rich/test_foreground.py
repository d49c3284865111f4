"""Background work gives way to the analyst (core.foreground), without Qt: a worker
calling `give_way` waits while input is recent, goes on at once otherwise, and never waits
inside `hurry()`."""

from __future__ import annotations

import threading
import time

from annotator.core import foreground


def _time_give_way() -> float:
    took: list[float] = []

    def work():
        t0 = time.monotonic()
        foreground.give_way()
        took.append(time.monotonic() - t0)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(5)
    return took[0]


def test_a_worker_waits_until_the_analyst_has_been_idle_for_a_while():
    foreground.note_input()
    assert foreground.idle_for() < foreground.QUIET
    waited = _time_give_way()
    assert waited >= foreground.QUIET * 0.8
    assert foreground.idle_for() >= foreground.QUIET


def test_without_recent_input_a_worker_goes_on_at_once():
    foreground.note_input()
    time.sleep(foreground.QUIET + 0.05)
    assert _time_give_way() < 0.05


def test_inside_hurry_nothing_waits():
    foreground.note_input()
    with foreground.hurry():
        assert _time_give_way() < 0.05
    foreground.note_input()
    assert _time_give_way() >= foreground.QUIET * 0.8  # and waits again afterwards


def test_input_keeps_a_worker_waiting_for_as_long_as_it_goes_on():
    done = threading.Event()
    worker = threading.Thread(target=lambda: (foreground.give_way(), done.set()))
    foreground.note_input()
    worker.start()
    for _ in range(8):  # typing for ~0.8 s, a key every 0.1 s
        time.sleep(0.1)
        assert not done.is_set()
        foreground.note_input()
    assert done.wait(2)
    worker.join()
