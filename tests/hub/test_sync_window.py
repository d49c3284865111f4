"""The window's sync: File > Sync with team hub… off the UI thread with progress and
Cancel, the last sync in the status bar, the "Assigned to me" filter, one-line failures."""

from __future__ import annotations

import psycopg
import pytest
from hub_helpers import dump, lead_with_documents, run_cli
from PySide6.QtWidgets import QCheckBox, QLabel

from annotator.app import build_window
from annotator.hub.schema import WRITE_LOCK


@pytest.fixture
def window(qtbot, hub, tmp_path):
    lead_with_documents(tmp_path, hub)
    win = build_window(tmp_path / "alice.sqlite", "alice")
    qtbot.addWidget(win)
    win.sync_ui.runner.show_errors = False
    yield win
    win.sync_ui.runner.wait(10000)


def _status(win) -> str:
    return win.findChild(QLabel, "syncStatus").text()


def _rows(win) -> int:
    return win.documents.model.rowCount()


def _sync(qtbot, win, url=None):
    with qtbot.waitSignal(win.sync_ui.runner.sig_done, timeout=20000):
        win.sync_ui.sync(url) if url else win.sync_ui.ask_and_sync()


def test_sync_from_the_window_fills_it_and_shows_the_time(qtbot, window, hub, tmp_path):
    assert _status(window) == "offline"
    assert _rows(window) == 0
    _sync(qtbot, window, hub.url("alice"))
    assert window.sync_ui.last_error is None
    assert _status(window).startswith("Last sync: ")
    assert _rows(window) == 4
    # the lead assigns; the next sync (remembered URL) brings the assignments
    assert run_cli(tmp_path / "lena.sqlite", "lena", "assign", "--analysts", "alice,bob",
                   "--seed", "2") == 0
    _sync(qtbot, window)
    mine = {r[0] for r in hub.sql("SELECT doc FROM annotator.assignments "
                                  "WHERE analyst = 'alice'")}
    box = window.findChild(QCheckBox, "assignedFilter")
    box.setChecked(True)
    assert _rows(window) == len(mine) == 2
    listed = {window.store.document(window.documents.model.pk_at(r)).id
              for r in range(_rows(window))}
    assert listed == mine
    box.setChecked(False)
    assert _rows(window) == 4


def test_a_failed_sync_is_one_line_and_changes_nothing(qtbot, window, hub):
    _sync(qtbot, window, hub.url("alice"))
    before, status = dump(window.store.path), _status(window)
    _sync(qtbot, window, f"postgresql://alice@127.0.0.1:1/{hub.name}")
    error = window.sync_ui.last_error
    assert error and "\n" not in error and "cannot connect" in error
    assert dump(window.store.path) == before
    assert _status(window) == status


def test_cancel_rolls_the_sync_back(qtbot, window, hub):
    _sync(qtbot, window, hub.url("alice"))
    pk = window.documents.model.pk_at(0)
    window.store.add_span(pk, "alice", 0, 4, "ACTOR")
    # hold the hub's write lock so the sync waits inside its push, then cancel it
    blocker = psycopg.connect(hub.admin_url, autocommit=True)
    try:
        blocker.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        with qtbot.waitSignal(window.sync_ui.runner.sig_progress, timeout=10000):
            window.sync_ui.sync(hub.url("alice"))
        with qtbot.waitSignal(window.sync_ui.runner.sig_cancelled, timeout=20000):
            window.sync_ui.runner.cancel()
            blocker.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))
    finally:
        blocker.close()
    assert hub.sql("SELECT count(*) FROM annotator.spans") == [(0,)]
    _sync(qtbot, window)
    assert hub.sql("SELECT count(*) FROM annotator.spans") == [(1,)]
