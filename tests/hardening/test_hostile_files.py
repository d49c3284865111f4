"""Hostile files: each gets one clear `error:` line, exit status 1, and changes nothing.

Damaged, foreign and newer databases, folders that cannot be written, a full disk, a huge
JSONL line, deeply nested JSON, and names with spaces and non-ASCII characters.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tracemalloc
from pathlib import Path

import orjson
import pytest
from dbdump import dump
from hardening_support import count

from annotator.cli import main
from annotator.core.errors import DatabaseError, InputError
from annotator.formats.jsonl import MAX_LINE_BYTES
from annotator.store import Store
from annotator.store.migrations import MIGRATION_SET
from annotator.transfer.pipeline import import_paths

SEED_DOCS = 150




def fails_cleanly(capsys, *args: str | Path) -> str:
    """Run the CLI in-process; expect exit 1 with exactly one `error:` line, return it."""
    capsys.readouterr()
    assert main([str(a) for a in args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.fixture
def full_db(tmp_path, make_jsonl) -> Path:
    """A real database with annotated documents, checkpointed into one file."""
    db = tmp_path / "full.sqlite"
    with Store(db) as store:
        import_paths(store, [make_jsonl(tmp_path / "seed.jsonl", SEED_DOCS, seed=3)])
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


# -- damaged, foreign and newer databases ----------------------------------------------

@pytest.mark.parametrize("keep", [0.5, 0.25, 4096, 100])
def test_truncated_database_is_refused_untouched(tmp_path, full_db, sample_article, capsys,
                                                 keep):
    data = full_db.read_bytes()
    size = int(len(data) * keep) if isinstance(keep, float) else keep
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(data[:size])
    for args in (["import", sample_article], ["stats"], ["check"],
                 ["export", "--format", "jsonl", "-o", tmp_path / "out.jsonl"]):
        err = fails_cleanly(capsys, "--db", cut, *args)
        assert err.startswith(f"error: {cut}: the database file is damaged"), err
    assert cut.read_bytes() == data[:size]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("cut")) == [
        "cut.sqlite"]


def test_newer_database_is_refused_and_byte_for_byte_untouched(tmp_path, full_db,
                                                               sample_article, run_cli):
    conn = sqlite3.connect(full_db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES (?, '9999_from_the_future', '2031-01-01')", (MIGRATION_SET,))
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = full_db.read_bytes()
    for args in (["import", sample_article], ["stats"],
                 ["export", "--format", "jsonl", "-o", tmp_path / "out.jsonl"]):
        done = run_cli("--db", full_db, *args)
        assert done.returncode == 1
        assert done.stderr == (f"error: {full_db}: written by a newer version of annotator "
                               "(schema step 9999_from_the_future); upgrade the app to open "
                               "it\n")
        assert full_db.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".backup-" in p.name]


def test_foreign_rollback_journal_database_keeps_its_bytes(tmp_path, capsys):
    """Switching to WAL rewrites the header: a refused file must not even get that."""
    other = tmp_path / "recipes.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    err = fails_cleanly(capsys, "--db", other, "stats")
    assert "not an annotator database (it has other tables)" in err
    assert other.read_bytes() == before


# -- folders and files that cannot be written --------------------------------------------

def _make_unwritable(path: Path) -> None:
    """chmod for a normal user; as root, permission bits do not apply, so the immutable
    attribute (chattr +i) plays the part of a folder or file the user may not write."""
    if os.geteuid() != 0:
        path.chmod(0o555 if path.is_dir() else 0o444)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a path unwritable")
    done = subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"running as root and chattr +i is refused here ({done.stderr.strip()})")


def _make_writable(path: Path) -> None:
    if os.geteuid() != 0:
        path.chmod(0o755 if path.is_dir() else 0o644)
    else:
        subprocess.run(["chattr", "-i", str(path)], check=False)


@pytest.fixture
def locked_paths():
    paths: list[Path] = []
    yield paths
    for p in reversed(paths):
        _make_writable(p)


def test_new_database_in_a_folder_without_write_permission(tmp_path, sample_article, capsys,
                                                           locked_paths):
    folder = tmp_path / "shared drive"
    folder.mkdir()
    _make_unwritable(folder)
    locked_paths.append(folder)
    err = fails_cleanly(capsys, "--db", folder / "new.sqlite", "import", sample_article)
    assert "its folder must exist and be writable" in err
    assert list(folder.iterdir()) == []


def test_existing_database_in_a_folder_without_write_permission(tmp_path, full_db,
                                                                sample_article, capsys,
                                                                locked_paths):
    folder = tmp_path / "readonly share"
    folder.mkdir()
    db = folder / "team.sqlite"
    shutil.copy(full_db, db)
    before = db.read_bytes()
    _make_unwritable(folder)
    locked_paths.append(folder)
    # SQLite must create its WAL files beside the database: nothing can be done, say so.
    err = fails_cleanly(capsys, "--db", db, "import", sample_article)
    assert err.startswith(f"error: {db}: ") and "writable" in err
    assert db.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["team.sqlite"]


def test_read_only_database_file_reads_but_refuses_writes(tmp_path, full_db, sample_article,
                                                          capsys, locked_paths):
    before = dump(full_db)
    _make_unwritable(full_db)
    locked_paths.append(full_db)
    capsys.readouterr()
    assert main(["--db", str(full_db), "stats", "--json"]) == 0
    assert orjson.loads(capsys.readouterr().out)["documents"] == SEED_DOCS
    err = fails_cleanly(capsys, "--db", full_db, "import", sample_article)
    assert err.startswith(f"error: {full_db}: the database is read-only"), err
    assert dump(full_db) == before


def test_database_in_a_missing_folder(tmp_path, sample_article, capsys):
    target = tmp_path / "no such folder" / "db.sqlite"
    err = fails_cleanly(capsys, "--db", target, "import", sample_article)
    assert "does not exist" in err
    assert not target.parent.exists()


# -- a full disk ---------------------------------------------------------------------------

def test_full_disk_during_import_changes_nothing(tmp_path, full_db, make_jsonl):
    before = dump(full_db)
    more = make_jsonl(tmp_path / "more.jsonl", 200, seed=11, prefix="more")
    with Store(full_db) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        # SQLite's own limit stands in for the disk: a few pages more and it is "full".
        store.conn.execute(f"PRAGMA max_page_count = {pages + 4}")
        with pytest.raises(DatabaseError, match="the disk is full; nothing was changed"):
            import_paths(store, [more], annotator="bob")
        assert store.count_documents() == SEED_DOCS
        # An edit in the window hits the same wall, cleanly, and leaves nothing behind.
        doc = store.document_pks()[0]
        big = {"note": "x" * 200_000}
        with pytest.raises(DatabaseError, match="the disk is full"):
            store.add_span(doc, "bob", 0, 3, "ACTOR", attrs=big)
        assert store.spans(doc, "bob") == []
        # Room again: the same import now works on the same connection.
        store.conn.execute("PRAGMA max_page_count = 1073741823")
        assert import_paths(store, [more], annotator="bob").documents_added == 200
    assert before != dump(full_db)


# -- hostile JSON ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def huge_line(tmp_path_factory) -> Path:
    """A 100 MB single-line JSONL record, written in pieces (never held in memory)."""
    path = tmp_path_factory.mktemp("huge") / "one line.jsonl"
    chunk = b"Kataib Hezbollah said on Sunday it would stop attacks. " * 20_000
    with path.open("wb") as fh:
        fh.write(b'{"id": "huge", "text": "')
        written = 0
        while written < 100_000_000:
            fh.write(chunk)
            written += len(chunk)
        fh.write(b'"}\n')
    return path


def test_100_mb_line_is_refused_with_bounded_memory(store, huge_line):
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            import_paths(store, [huge_line])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.line == 1
    assert f"longer than {MAX_LINE_BYTES >> 20} MB" in str(info.value)
    # Bounded by the limit (readline may double its buffer once), not by the file's size.
    assert peak < 2 * MAX_LINE_BYTES + 16 * 2**20, f"peak {peak / 2**20:.0f} MB"
    assert store.count_documents() == 0


def test_a_long_article_under_the_limit_imports(store, tmp_path):
    text = "Kataib Hezbollah 😀 قال «stop». " * 150_000  # about 5 MB of UTF-8
    path = tmp_path / "long.jsonl"
    path.write_bytes(orjson.dumps({"id": "long", "text": text, "spans": [
        {"start": 0, "end": 16, "label": "ACTOR"}]}) + b"\n")
    summary = import_paths(store, [path], annotator="alice")
    assert summary.documents_added == 1
    assert store.document_by_id("long").text == text


@pytest.mark.parametrize("line", [
    b"[" * 100_000,
    b"{" * 50_000,
    b'{"text": "Iraq", "meta": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001,
    b'{"text": "Iraq", "spans": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
])
def test_deeply_nested_json_is_a_clean_error(tmp_path, line, capsys):
    db = tmp_path / "db.sqlite"
    path = tmp_path / "nested.jsonl"
    path.write_bytes(b'{"id": "ok", "text": "Iraq said no."}\n' + line + b"\n")
    err = fails_cleanly(capsys, "--db", db, "import", path)
    assert err.startswith(f"error: {path}:2: "), err
    assert count(db, "documents") == 0


def test_deeply_nested_html_imports_or_fails_cleanly(tmp_path, capsys):
    db = tmp_path / "db.sqlite"
    page = tmp_path / "nested.html"
    page.write_text("<html><body>" + "<div>" * 100_000 + "Iraq said no." + "</div>" * 100_000
                    + "</body></html>", encoding="utf-8")
    capsys.readouterr()
    status = main(["--db", str(db), "import", str(page)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if status == 0:
        with Store(db) as store:
            assert "Iraq said no." in store.document(store.document_pks()[0]).text
    else:
        assert status == 1 and err.startswith(f"error: {page}")


# -- names with spaces and non-ASCII characters -------------------------------------------

def test_paths_with_spaces_and_non_ascii_characters(tmp_path, run_cli):
    folder = tmp_path / "Archive 2024 — أرشيف 😀"
    folder.mkdir()
    article = folder / "مقال «1» é.txt"
    article.write_text("Kataib Hezbollah said «no» 😀 قال.\r\nSecond line.\r\n",
                       encoding="utf-8")
    db = folder / "équipe données.sqlite"
    out = folder / "sortie finale" / "تصدير 1.jsonl"
    out.parent.mkdir()
    done = run_cli("--db", db, "import", folder)
    assert done.returncode == 0, done.stderr
    done = run_cli("--db", db, "export", "--format", "jsonl", "-o", out)
    assert done.returncode == 0, done.stderr
    lines = out.read_bytes().splitlines()
    assert len(lines) == 1
    assert orjson.loads(lines[0])["text"].startswith("Kataib Hezbollah said «no» 😀 قال.\n")
    done = run_cli("--db", db, "stats", "--json")
    assert orjson.loads(done.stdout)["documents"] == 1


def test_a_folder_given_as_db_is_refused(tmp_path, capsys):
    err = fails_cleanly(capsys, "--db", tmp_path, "stats")
    assert err == f"error: {tmp_path}: is a folder, not a database file\n"


def test_import_from_stdin_like_device_is_refused(tmp_path, capsys):
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    err = fails_cleanly(capsys, "--db", tmp_path / "db.sqlite", "import", "--format", "jsonl",
                        "/dev/null")
    assert err.startswith("error: /dev/null")



# -- schema upgrades -----------------------------------------------------------------------

def test_upgrade_refused_when_the_backup_cannot_be_written(full_db, tmp_path, monkeypatch):
    """No backup, no upgrade: the database stays exactly as it was."""
    import annotator.store.db as db_module
    from annotator.store.steps import StepList

    newer = StepList(MIGRATION_SET)
    newer._migrations = list(db_module.migrations._migrations)

    @newer(name="9000_test_upgrade")
    def add_table(db):
        db.conn.execute("CREATE TABLE upgraded (x)")

    monkeypatch.setattr(db_module, "migrations", newer)
    # The backup's place cannot be written (as on a full disk): its folder is missing.
    monkeypatch.setattr(db_module, "backup_path", lambda p: tmp_path / "gone" / p.name)
    before = dump(full_db)
    with pytest.raises(DatabaseError, match="cannot make the backup .* nothing was changed"):
        Store(full_db)
    assert dump(full_db) == before
    monkeypatch.undo()
    with Store(full_db) as store:  # the app of today still opens it
        assert store.count_documents() == SEED_DOCS
