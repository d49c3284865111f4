"""Rights enforced by PostgreSQL's row-level security: what a member's own SQL connection
can and cannot do, and pushes that hold rows the role may not write."""

from __future__ import annotations

import psycopg
import pytest
from hub_helpers import doc_pk, dump, lead_with_documents, run_cli

from annotator.store import Store

SPAN_COLS = 'id, doc, annotator, start, "end", label, attrs, created_at, updated_at, deleted'


@pytest.fixture
def labeled(hub, tmp_path):
    """alice and bob each labeled the first article and synced."""
    lead_with_documents(tmp_path, hub)
    for who in ("alice", "bob"):
        db = tmp_path / f"{who}.sqlite"
        assert run_cli(db, who, "sync", hub.url(who)) == 0
        with Store(db) as store:
            store.add_span(doc_pk(db, "sovereignty"), who, 0, 4, "ACTOR")
        assert run_cli(db, who, "sync") == 0
    return hub


def _doc_id(hub):
    return hub.sql("SELECT id FROM annotator.documents WHERE text LIKE 'Iraq said%'")[0][0]


def test_analyst_reads_only_her_own_layer(labeled):
    rows = labeled.sql("SELECT DISTINCT annotator FROM annotator.spans", user="alice")
    assert rows == [("alice",)]
    assert labeled.sql("SELECT count(*) FROM annotator.spans")[0][0] == 2  # admin sees both
    assert labeled.sql("SELECT count(*) FROM annotator.decisions", user="alice") == [(0,)]


def test_analyst_cannot_change_another_layer_or_gold(labeled):
    # an UPDATE of bob's rows finds nothing to update (they are invisible to alice)
    assert labeled.sql("UPDATE annotator.spans SET label = 'EVENT' WHERE annotator = 'bob' "
                       "RETURNING id", user="alice") == []
    doc = _doc_id(labeled)
    for layer in ("bob", "gold"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            labeled.sql(f"INSERT INTO annotator.spans ({SPAN_COLS}) VALUES "
                        "(gen_random_uuid()::text, %s, %s, 5, 9, 'ACTOR', '{}', 'x', 'x', 0)",
                        (doc, layer), user="alice")
    # moving her own span into bob's layer is refused too
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        labeled.sql("UPDATE annotator.spans SET annotator = 'bob' WHERE annotator = 'alice'",
                    user="alice")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        labeled.sql("DELETE FROM annotator.spans", user="alice")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        labeled.sql("UPDATE annotator.members SET role = 'lead' WHERE name = 'alice'",
                    user="alice")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        labeled.sql("INSERT INTO annotator.documents (id, text, sha256) VALUES ('x', 'y', 'z')",
                    user="alice")
    assert labeled.sql("SELECT annotator, label FROM annotator.spans ORDER BY 1") == [
        ("alice", "ACTOR"), ("bob", "ACTOR")]


def test_reviewer_writes_gold_but_not_an_analyst_layer(labeled):
    doc = _doc_id(labeled)
    labeled.sql(f"INSERT INTO annotator.spans ({SPAN_COLS}) VALUES ('g1', %s, 'gold', 0, 4, "
                "'ACTOR', '{}', 'x', 'x', 0)", (doc,), user="rita")
    assert labeled.sql("UPDATE annotator.spans SET label = 'EVENT' WHERE annotator = 'bob' "
                       "RETURNING id", user="rita") == []  # visible, but not writable
    assert labeled.sql("SELECT label FROM annotator.spans WHERE annotator = 'bob'") == [
        ("ACTOR",)]
    assert {r[0] for r in labeled.sql("SELECT annotator FROM annotator.spans",
                                      user="rita")} == {"alice", "bob", "gold"}


def test_push_into_another_analysts_layer_is_refused_whole(labeled, tmp_path, capsys):
    alice = tmp_path / "alice.sqlite"
    with Store(alice) as store:
        pk = doc_pk(alice, "sovereignty")
        store.add_span(pk, "alice", 13, 19, "EVENT")  # her own: would be fine alone
        store.add_span(pk, "bob", 23, 30, "ACTOR")  # another analyst's layer
    before_local = dump(alice)
    before_hub = labeled.sql("SELECT * FROM annotator.spans ORDER BY id")
    capsys.readouterr()
    assert run_cli(alice, "alice", "sync") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "'bob'" in err[0]
    assert dump(alice) == before_local
    assert labeled.sql("SELECT * FROM annotator.spans ORDER BY id") == before_hub


def test_analyst_with_assignments_sees_only_assigned_documents(labeled, tmp_path):
    lead = tmp_path / "lena.sqlite"
    assert run_cli(lead, "lena", "assign", "--analysts", "alice,bob", "--overlap", "1",
                   "--seed", "3") == 0
    mine = {r[0] for r in labeled.sql("SELECT doc FROM annotator.assignments "
                                      "WHERE analyst = 'alice'")}
    seen = {r[0] for r in labeled.sql("SELECT id FROM annotator.documents", user="alice")}
    assert seen == mine and 0 < len(mine) < 4
    fresh = tmp_path / "alice-new.sqlite"
    assert run_cli(fresh, "alice", "sync", labeled.url("alice")) == 0
    with Store(fresh) as store:
        ids = {r[0] for r in store.conn.execute("SELECT id FROM documents")}
    assert ids == mine


def test_a_refused_first_sync_leaves_the_file_as_it_was(hub, tmp_path, capsys):
    lead_with_documents(tmp_path, hub)
    article = tmp_path / "own.txt"
    article.write_text("Iraq said the strike on Baghdad was a violation of its "
                       "sovereignty.\n", encoding="utf-8")
    db = tmp_path / "newcomer.sqlite"
    assert run_cli(db, "carol", "import", str(article)) == 0
    with Store(db) as store:
        store.add_span(doc_pk(db, "sovereignty"), "bob", 0, 4, "ACTOR")
    before = dump(db)
    capsys.readouterr()
    assert run_cli(db, "carol", "sync", hub.url("carol")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'bob'" in err[0]
    assert dump(db) == before  # not even the hub's address is remembered
