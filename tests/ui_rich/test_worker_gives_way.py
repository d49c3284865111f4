"""The suggestions worker pauses while the analyst types: Python threads share one
interpreter lock, and a worker running alongside made each key press's frame two to four
times slower on a long article (issue 13's latency)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from rich_ui_helpers import wait_suggestions

from annotator.core import foreground
from annotator.core.model import Document

SENTENCE = ('"We will not leave," said the minister. Officials said that the talks had '
            'collapsed amid protests over salaries. ')


def test_key_presses_in_the_window_are_noted(qtbot, window):
    time.sleep(foreground.QUIET)
    assert foreground.idle_for() >= foreground.QUIET
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert foreground.idle_for() < 0.2


def test_suggestions_wait_while_keys_are_pressed_and_arrive_after(qtbot, window):
    wait_suggestions(qtbot, window)
    pk = window.store.add_document(Document("long", SENTENCE * 800, "A long article"))
    window.open_document(pk)
    sugg = window.rich.suggestions
    sugg.request()
    t_end = time.monotonic() + 1.0
    while time.monotonic() < t_end:  # an analyst moving through the text for a second
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        qtbot.wait(30)
        assert sugg.pending  # the worker waits for a pause
    qtbot.waitUntil(lambda: not sugg.pending, timeout=10_000)  # then it finishes
    assert len(sugg.shown) >= 800  # one direct quote per sentence, at least
