"""Schema migrations on a fresh, an existing, a newer and a pending database."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from dbdump import dump as _dump
from sqlite_utils.migrations import Migrations

import annotator.store.db as db_module
import annotator.store.migrations as migrations_module
from annotator.core.errors import DatabaseError
from annotator.store import Store
from annotator.store.migrations import MIGRATION_SET, known_names, migrations


def _applied(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            (MIGRATION_SET,))]
    finally:
        conn.close()




def test_fresh_database_gets_every_step(db_path):
    with Store(db_path) as store:
        conn = store.conn
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"documents", "layers", "spans", "relations", "entities", "labels",
                "relation_types", "properties", "documents_fts"} <= tables
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert store.schema().label_names == ["ACTOR", "EVENT", "QUOTE"]
        assert [r.name for r in store.schema().relations] == ["SPEAKER", "AGENT", "TARGET"]
    assert _applied(db_path) == [m.name for m in migrations._migrations]
    assert set(_applied(db_path)) == known_names()
    assert [p.name for p in db_path.parent.iterdir() if "backup" in p.name] == []


def test_existing_database_opened_again_applies_nothing(db_path, sample_article):
    from annotator.transfer.pipeline import import_paths

    with Store(db_path) as store:
        import_paths(store, [sample_article])
    before = _dump(db_path)
    with Store(db_path) as store:
        assert store.count_documents() == 1
    assert _dump(db_path) == before
    assert len(_applied(db_path)) == len(known_names())
    assert [p.name for p in db_path.parent.iterdir() if "backup" in p.name] == []


def test_database_from_a_newer_version_is_refused_untouched(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES (?, '9999_from_the_future', '2030-01-01')", (MIGRATION_SET,))
    conn.commit()
    conn.close()
    before = _dump(db_path)
    with pytest.raises(DatabaseError, match="newer version of annotator"):
        Store(db_path)
    assert _dump(db_path) == before
    assert [p.name for p in db_path.parent.iterdir() if "backup" in p.name] == []


EXTRA_STEP = "9000_test_extra"


def _register_extra_step(monkeypatch) -> None:
    """Make the store use a copy of the real migrations with one more step appended."""
    extended = Migrations(MIGRATION_SET)
    extended._migrations = list(migrations._migrations)

    @extended(name=EXTRA_STEP)
    def add_notes(db):
        db.conn.execute("CREATE TABLE test_notes (note TEXT)")

    monkeypatch.setattr(db_module, "migrations", extended)
    monkeypatch.setattr(migrations_module, "migrations", extended)


def test_pending_step_on_existing_database_backs_it_up_first(db_path, sample_article,
                                                             monkeypatch):
    from annotator.transfer.pipeline import import_paths

    with Store(db_path) as store:  # the real steps only
        import_paths(store, [sample_article])
    old_steps = _applied(db_path)
    _register_extra_step(monkeypatch)  # now the app knows one more step

    with Store(db_path) as store:
        assert store.count_documents() == 1
        assert store.conn.execute("SELECT count(*) FROM test_notes").fetchone()[0] == 0
    assert _applied(db_path) == [*old_steps, EXTRA_STEP]
    backups = [p for p in db_path.parent.iterdir() if p.name.startswith(
        f"{db_path.stem}.backup-")]
    assert len(backups) == 1
    assert backups[0].suffix == db_path.suffix
    assert f".backup-{datetime.now():%Y%m%d}-" in backups[0].name
    assert _applied(backups[0]) == old_steps
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'test_notes'").fetchone() \
        is None
    conn.close()
    # Opening again applies nothing more and makes no second backup.
    Store(db_path).close()
    assert len([p for p in db_path.parent.iterdir() if ".backup-" in p.name]) == 1


def test_fresh_database_gets_extra_step_without_backup(db_path, monkeypatch):
    _register_extra_step(monkeypatch)
    Store(db_path).close()
    assert _applied(db_path)[-1] == EXTRA_STEP
    assert [p.name for p in db_path.parent.iterdir() if "backup" in p.name] == []
