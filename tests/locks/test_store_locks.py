"""Issue 18: SQLite's locks are POSIX locks, dropped when this process closes ANY descriptor
of the database file. The store notices and reconnects, so no acknowledged edit is lost
when another process then checkpoints and deletes the WAL; and our own code never opens an
open database's files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lock_helpers import run_cli

from annotator.core.errors import InputError
from annotator.core.model import Document
from annotator.store import Store, file_guard
from annotator.transfer.pipeline import import_paths

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")

TEXT = ("Kataib Hezbollah claimed the attack near Baghdad while the Pentagon said "
        "coalition forces struck militia positions across western Iraq overnight.")
LINUX_LOCKS = Path("/proc/self/fdinfo").exists()


def _database(folder: Path) -> Path:
    db = folder / "team.sqlite"
    with Store(db) as store:
        store.add_document(Document(id="doc-1", text=TEXT, title="Strikes"))
    return db


def _spans(db: Path, analyst: str = "alice") -> int:
    with Store(db) as store:
        return len(store.spans(store.document_pks()[0], analyst))


def _touch(path: Path) -> None:
    with path.open("rb") as fh:
        fh.read(16)


def test_a_sniffed_file_and_another_process_lose_no_acknowledged_edit(tmp_path, held):
    db = _database(tmp_path)
    child = held("store", db)
    assert child.say("label") == "ack 1"
    assert child.say("touch") == "touched"  # what a file dialog's content sniff does
    assert run_cli(db, "stats").returncode == 0  # believes it is alone; deletes the WAL
    assert child.say("label") == "ack 2"
    assert child.say("label") == "ack 3"
    child.kill()
    assert _spans(db) == 3


def test_a_commit_into_a_deleted_wal_is_checkpointed_before_it_is_acknowledged(tmp_path, held):
    db = _database(tmp_path)
    child = held("store", db)
    assert child.say("label") == "ack 1"
    child.say("touch")
    assert run_cli(db, "stats").returncode == 0
    assert not Path(f"{db}-wal").exists()  # the other process did delete it
    # The write races the deletion: it lands in the deleted WAL, then the check after it
    # sees the WAL is gone, checkpoints what the connection holds and reconnects.
    assert child.say("racewrite") == "ack 2 reopened=True"
    child.kill()
    assert _spans(db) == 2


@pytest.mark.skipif(not LINUX_LOCKS, reason="/proc/self/fdinfo lists a file's locks")
def test_the_watch_sees_lost_locks_and_the_store_takes_them_back(tmp_path):
    db = _database(tmp_path)
    with Store(db) as store:
        assert store._watch.check().ok
        _touch(db)
        assert store._watch.check().locks_lost
        assert store.verify_files() is True
        assert store._watch.check().ok
        assert store.reconnections == 1
        assert store.verify_files() is False


def test_reconnection_is_announced_to_the_window(tmp_path):
    db = _database(tmp_path)
    heard = []
    with Store(db) as store:
        store.subscribe(lambda change: heard.append(change.kind))
        _touch(db)
        Path(f"{db}-shm").unlink()  # as another process's close would do
        store.add_span(store.document_pks()[0], "alice", 0, 6, "ACTOR")
    assert "connection" in heard
    assert _spans(db) == 1


def test_opening_the_database_again_in_process_keeps_the_first_connections_locks(tmp_path):
    db = _database(tmp_path)
    with Store(db) as first:
        with Store(db) as second:  # a background job's own connection
            assert second.count_documents() == 1
        assert first._watch.check().ok


def test_side_files_count_as_the_open_database(tmp_path):
    db = _database(tmp_path)
    with Store(db):
        assert file_guard.is_open_here(db)
        assert file_guard.is_open_here(Path(f"{db}-wal"))
        assert file_guard.is_open_here(Path(f"{db}-shm"))
        assert not file_guard.is_open_here(tmp_path / "other.sqlite")
    assert not file_guard.is_open_here(db)


def test_importing_the_databases_folder_never_reads_the_open_database(tmp_path):
    db = _database(tmp_path)
    (tmp_path / "new article.txt").write_text("Protesters gathered in Basra on Friday.\n")
    with Store(db) as store:
        summary = import_paths(store, [tmp_path], "auto", "alice")
        assert summary.documents_added == 1
        assert store._watch.check().ok
        with pytest.raises(InputError, match="open here"):
            import_paths(store, [db], "auto", "alice")
        with pytest.raises(InputError, match="open here"):
            import_paths(store, [Path(f"{db}-wal")], "auto", "alice")
        assert store._watch.check().ok
    assert _spans(db) == 0


def test_several_connections_in_one_process_never_reconnect_for_nothing(tmp_path):
    """SQLite takes the process's lock through one connection's descriptor; the others
    must not mistake that for a lost lock (a needless reconnection while threads write)."""
    db = _database(tmp_path)
    stores = [Store(db) for _ in range(3)]
    try:
        pk = stores[0].document_pks()[0]
        for i, store in enumerate(stores):
            store.add_span(pk, f"analyst{i}", 0, 6, "ACTOR")
            assert store._watch.check().ok
        stores[0].close()  # the descriptor that took the lock may be this one
        stores[1].add_span(pk, "carol", 7, 16, "ACTOR")
        for store in stores[1:]:
            assert store._watch.check().ok
        assert [s.reconnections for s in stores[1:]] == [0, 0]
    finally:
        for store in stores[1:]:
            store.close()
