"""Issue 18 through the real window in another process: label, show every file dialog the
app has on the database's folder (and Qt's own sniffing), let another process open and close
the database, label again, kill the window: every acknowledged span is stored."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lock_helpers import run_cli

from annotator.assets import resource_path
from annotator.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")

ARTICLE = resource_path("samples/iraq-coalition-2024-02-11.txt")  # the shipped sample


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "analyst.sqlite"
    assert run_cli(path, "import", str(ARTICLE)).returncode == 0
    return path


def _spans_by(db: Path) -> dict[str, int]:
    with Store(db) as store:
        rows = store.conn.execute(
            "SELECT annotator, count(*) FROM spans WHERE deleted = 0 GROUP BY annotator")
        return dict(rows.fetchall())


def test_every_file_dialog_then_another_process_then_kill_loses_nothing(db, held):
    window = held("window", db, "alice")
    assert window.say("label") == "ack 1"
    reply = window.say("dialogs")
    assert reply.startswith("dialogs import files,import folder,export,export folder,merge,"
                            "patterns,preferences")
    assert reply.endswith("locks=ok"), reply  # our dialogs read no file contents
    assert run_cli(db, "stats").returncode == 0
    assert window.say("label") == "ack 2"
    assert window.say("label") == "ack 3"
    window.kill()
    assert _spans_by(db) == {"alice": 3}


@pytest.mark.parametrize("sniffer", ["sniff", "qfiledialog"])
def test_qt_sniffing_in_the_window_process_loses_nothing(db, held, sniffer):
    """Not our dialogs: QMimeDatabase, or Qt's plain dialog, opening the database file. The
    store notices its locks are gone and reconnects before the next edit."""
    window = held("window", db, "alice")
    assert window.say("label") == "ack 1"
    window.say(sniffer)
    assert run_cli(db, "stats").returncode == 0
    assert window.say("label") == "ack 2"
    assert window.say("label") == "ack 3"
    window.kill()
    assert _spans_by(db) == {"alice": 3}
