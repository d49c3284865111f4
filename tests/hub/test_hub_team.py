"""Assignments (balanced, reproducible) and the team view."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hub_helpers import doc_pk, lead_with_documents, run_cli

from annotator.core.errors import UsageError
from annotator.hub.assign import plan
from annotator.store import Store

DOCS = [f"doc-{i:03d}" for i in range(100)]


def test_plan_is_balanced_and_reproducible():
    pairs = plan(DOCS, ["alice", "bob", "carol"], overlap=2, seed=7)
    per_doc = Counter(d for d, _ in pairs)
    assert set(per_doc.values()) == {2} and len(per_doc) == 100
    per_analyst = Counter(a for _, a in pairs)
    assert max(per_analyst.values()) - min(per_analyst.values()) <= 1
    pair_kinds = Counter(tuple(sorted(a for d2, a in pairs if d2 == d)) for d in DOCS)
    assert len(pair_kinds) == 3  # every pair of analysts shares documents
    assert plan(DOCS, ["alice", "bob", "carol"], 2, 7) == pairs
    assert plan(list(reversed(DOCS)), ["carol", "bob", "alice"], 2, 7) == pairs
    assert plan(DOCS, ["alice", "bob", "carol"], 2, 8) != pairs
    limited = plan(DOCS, ["alice", "bob"], 1, 7, limit=10)
    assert len(limited) == 10 and Counter(a for _, a in limited) == {"alice": 5, "bob": 5}
    with pytest.raises(UsageError):
        plan(DOCS, ["alice", "bob"], 3, 7)


def test_assign_travels_with_sync(hub, tmp_path, capsys):
    lead = lead_with_documents(tmp_path, hub)
    assert run_cli(lead, "lena", "assign", "--analysts", "alice,bob,carol", "--overlap", "2",
                   "--seed", "1") == 0
    assert "assigned 4 document(s)" in capsys.readouterr().err
    rows = hub.sql("SELECT doc, analyst FROM annotator.assignments")
    assert set(Counter(d for d, _ in rows).values()) == {2}
    counts = Counter(a for _, a in rows)
    assert sorted(counts.values()) == [2, 3, 3]
    with Store(lead) as store:  # the lead's copy holds them too (for the window's filter)
        assert store.conn.execute("SELECT count(*) FROM hub_assignments").fetchone()[0] == 8
    # nothing left to assign: a second run adds nothing
    assert run_cli(lead, "lena", "assign", "--analysts", "alice,bob,carol") == 0
    assert len(hub.sql("SELECT * FROM annotator.assignments")) == 8
    bob = tmp_path / "bob.sqlite"
    assert run_cli(bob, "bob", "sync", hub.url("bob")) == 0
    with Store(bob) as store:
        assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == \
            counts["bob"]


def test_only_a_lead_assigns(hub, tmp_path, capsys):
    lead_with_documents(tmp_path, hub)
    alice = tmp_path / "alice.sqlite"
    assert run_cli(alice, "alice", "assign", hub.url("alice"), "--analysts", "alice") == 1
    assert "only a lead" in capsys.readouterr().err
    assert run_cli(alice, "alice", "assign", hub.url("alice"), "--analysts", "alice,bob",
                   "--overlap", "3") == 2


def test_team_json(hub, tmp_path, capsys):
    lead = lead_with_documents(tmp_path, hub)
    for who, end in (("alice", 4), ("bob", 5)):
        db = tmp_path / f"{who}.sqlite"
        assert run_cli(db, who, "sync", hub.url(who)) == 0
        with Store(db) as store:
            for part in ("sovereignty", "embassy"):
                pk = doc_pk(db, part)
                store.add_span(pk, who, 0, end, "ACTOR")
                store.set_status(pk, who, "done")
            store.set_status(doc_pk(db, "Pentagon"), who, "in_progress")
        assert run_cli(db, who, "sync") == 0
    capsys.readouterr()
    assert run_cli(lead, "lena", "team", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"documents", "analysts", "agreement"}
    assert report["documents"] == 4
    by_name = {a["name"]: a for a in report["analysts"]}
    for who in ("alice", "bob"):
        a = by_name[who]
        assert set(a) == {"name", "role", "assigned", "in_progress", "done", "last_sync"}
        assert (a["role"], a["assigned"], a["in_progress"], a["done"]) == \
            ("analyst", 0, 1, 2)
        assert a["last_sync"]
    assert by_name["carol"]["last_sync"] is None
    # the same figures as `annotator agreement --json` over the lead's synced copy
    assert run_cli(lead, "lena", "sync") == 0
    capsys.readouterr()
    assert run_cli(lead, "lena", "agreement", "--json") == 0
    assert report["agreement"] == json.loads(capsys.readouterr().out)
    pair = report["agreement"]["pairs"][0]
    assert pair["annotators"] == ["alice", "bob"] and pair["documents"] == 2
    assert run_cli(lead, "lena", "team") == 0
    assert "alice" in capsys.readouterr().out
