"""The crash hook: a log file with the traceback, a dialog that says what and where."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.ui.dialogs.crash import install_excepthook


def _raise_in_store_code():
    return {}["missing-span-id"]


@pytest.fixture
def handler(qapp):
    hook = install_excepthook(qapp, blocking=False)
    yield hook
    hook.uninstall()
    if hook.box is not None:
        hook.box.close()


def test_hook_writes_log_and_tells_what_and_where(handler, isolated_home):
    try:
        _raise_in_store_code()
    except KeyError:
        handler(*sys.exc_info())
    logs = list((isolated_home / "log").glob("crash-*.log"))
    assert len(logs) == 1
    log = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in log and "_raise_in_store_code" in log
    text = handler.box.text()
    assert handler.box.isVisible()
    assert "KeyError: 'missing-span-id'" in text
    assert "in test_crash.py" in text and "in _raise_in_store_code" in text
    assert str(logs[0]) in text
    assert "Your work is safe" in text
    assert "Traceback" not in text


def test_a_burst_of_errors_updates_one_dialog(handler, isolated_home):
    for n in range(3):
        try:
            raise ValueError(f"error {n}")
        except ValueError:
            handler(*sys.exc_info())
    assert "error 2" in handler.box.text()
    boxes = [w for w in QApplication.topLevelWidgets()
             if w.isVisible() and w.windowTitle() == "Unexpected error"]
    assert len(boxes) == 1
    assert len(list((isolated_home / "log").glob("crash-*.log"))) == 3


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_qt_slot_reaches_the_dialog(handler, qtbot):
    def broken_slot():
        raise RuntimeError("slot failed")

    with qtbot.waitSignal(handler.sig_crashed, timeout=3000) as blocker:
        QTimer.singleShot(0, broken_slot)
    assert "RuntimeError: slot failed" in blocker.args[0]
    assert QApplication.instance() is not None  # the app kept running
