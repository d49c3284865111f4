"""Every hub failure is one line `error: URL: reason` with exit 1 (2 for usage), the local
data untouched, and no password is ever written anywhere."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hub_helpers import doc_pk, dump, lead_with_documents, run_cli

from annotator.cli import main
from annotator.store import Store

SECRET = "pa55-Secret"


def _one_error(capsys) -> str:
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1, err
    assert err[0].startswith("error: ")
    return err[0]


@pytest.fixture
def alice_db(hub, tmp_path):
    lead_with_documents(tmp_path, hub)
    db = tmp_path / "alice.sqlite"
    assert run_cli(db, "alice", "sync", hub.url("alice")) == 0
    with Store(db) as store:
        store.add_span(doc_pk(db, "sovereignty"), "alice", 0, 4, "ACTOR")
    return db


def test_password_from_the_url_is_never_stored(hub, alice_db, isolated_home, capsys,
                                               monkeypatch):
    hub.sql(f"ALTER ROLE alice PASSWORD '{SECRET}'")
    try:
        url = f"postgresql://alice:{SECRET}@127.0.0.1:{hub.server.port}/{hub.name}"
        capsys.readouterr()
        assert run_cli(alice_db, "alice", "sync", url) == 0
        out = capsys.readouterr()
        assert SECRET not in out.err + out.out
        assert SECRET.encode() not in alice_db.read_bytes()
        for path in isolated_home.rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path
        with Store(alice_db) as store:
            url_kept = store.conn.execute(
                "SELECT value FROM hub_state WHERE key = 'url'").fetchone()[0]
        assert url_kept == f"postgresql://alice@127.0.0.1:{hub.server.port}/{hub.name}"
        # the remembered URL works with libpq's own password sources
        monkeypatch.setenv("PGPASSWORD", SECRET)
        assert run_cli(alice_db, "alice", "sync") == 0
        # a wrong password: one line, nothing changed, the password not repeated
        monkeypatch.delenv("PGPASSWORD")
        before = dump(alice_db)
        capsys.readouterr()
        bad = url.replace(SECRET, "wrong-guess")
        assert run_cli(alice_db, "alice", "sync", bad) == 1
        line = _one_error(capsys)
        assert "wrong-guess" not in line and "password" in line
        assert dump(alice_db) == before
    finally:
        hub.sql("ALTER ROLE alice PASSWORD NULL")


def test_unreachable_server_is_one_line_and_changes_nothing(alice_db, capsys):
    before = dump(alice_db)
    capsys.readouterr()
    assert run_cli(alice_db, "alice", "sync", "postgresql://alice@127.0.0.1:1/hub") == 1
    assert "cannot connect" in _one_error(capsys)
    assert dump(alice_db) == before


def test_database_without_a_hub(pg_server, tmp_path, capsys):
    url = pg_server.create_database(f"plain_{tmp_path.name[-8:].replace('-', '_')}")
    assert run_cli(tmp_path / "x.sqlite", "hubadmin", "sync", url) == 1
    assert "no annotator hub here" in _one_error(capsys)


def test_login_must_be_the_local_analyst(hub, alice_db, capsys):
    before = dump(alice_db)
    capsys.readouterr()
    assert run_cli(alice_db, "bob", "sync", hub.url("alice")) == 1
    line = _one_error(capsys)
    assert "alice" in line and "bob" in line
    assert dump(alice_db) == before


def test_a_login_that_is_not_a_member(hub, tmp_path, capsys):
    hub.sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mallory') "
            "THEN CREATE ROLE mallory LOGIN; END IF; END $$")
    assert run_cli(tmp_path / "m.sqlite", "mallory", "sync", hub.url("mallory")) == 1
    assert "not a member" in _one_error(capsys)


def test_no_url_given_or_remembered_is_a_usage_error(tmp_path, capsys):
    assert run_cli(tmp_path / "x.sqlite", "alice", "sync") == 2
    assert "no hub URL" in _one_error(capsys)


def test_without_psycopg_the_commands_say_how_to_install_it(tmp_path):
    code = ("import sys; sys.modules['psycopg'] = None; from annotator.cli import main; "
            f"raise SystemExit(main(['--db', {str(tmp_path / 'x.sqlite')!r}, 'sync', "
            "'postgresql://a@/b']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip() == 'error: the team commands need psycopg: pip install ' \
                                  '"annotator[team]"'


def test_without_a_chosen_name_the_hub_login_says_who_works(hub, tmp_path, capsys):
    lead_with_documents(tmp_path, hub)
    db = tmp_path / "bob.sqlite"
    assert main(["--db", str(db), "sync", hub.url("bob")]) == 0  # no --annotator
    assert "as bob (analyst)" in capsys.readouterr().err


def test_hub_init_without_the_rights_is_one_line(pg_server, hub, tmp_path, capsys):
    name = f"noright_{tmp_path.name[-8:].replace('-', '_')}"
    pg_server.create_database(name)
    capsys.readouterr()
    assert main(["hub", "init", pg_server.url("alice", name)]) == 1
    line = _one_error(capsys)
    assert "cannot create the hub" in line and "alice@" in line


def test_add_analyst_refuses_the_gold_name(hub, capsys):
    assert main(["hub", "add-analyst", hub.admin_url, "gold"]) == 2
    assert "gold" in _one_error(capsys)
