"""Sync through a real PostgreSQL hub: replicas converge, by the same rule as merge."""

from __future__ import annotations

import shutil

from hub_helpers import doc_pk, layer_state, lead_with_documents, run_cli, spans_of, state

from annotator.store import Store
from annotator.transfer.merge_source import merge_file


def test_hub_init_is_safe_twice_and_records_its_steps(hub, capsys):
    from annotator.cli import main

    assert main(["hub", "init", hub.admin_url]) == 0
    assert "up to date" in capsys.readouterr().err
    assert hub.sql("SELECT name FROM annotator.steps") == [("0001_initial",)]
    tables = {r[0] for r in hub.sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'annotator'")}
    assert {"documents", "spans", "relations", "layers", "assignments", "members"} <= tables
    assert hub.sql("SELECT rolpassword FROM pg_authid WHERE rolname = 'alice'") == [(None,)]


def test_analyst_pulls_documents_and_lead_sees_her_work(hub, tmp_path):
    lead = lead_with_documents(tmp_path, hub)
    alice = tmp_path / "alice.sqlite"
    assert run_cli(alice, "alice", "sync", hub.url("alice")) == 0
    pk = doc_pk(alice, "sovereignty")
    with Store(alice) as store:
        store.add_span(pk, "alice", 0, 4, "ACTOR")
        store.set_status(pk, "alice", "done")
    assert run_cli(alice, "alice", "sync") == 0  # the URL was remembered
    assert run_cli(lead, "lena", "sync") == 0
    assert spans_of(lead, "alice") == spans_of(alice, "alice")
    assert [s[5] for s in spans_of(lead, "alice")] == ["Iraq"]
    assert layer_state(lead, "alice") == layer_state(alice, "alice")


def test_sync_is_idempotent(hub, tmp_path, capsys):
    lead_with_documents(tmp_path, hub)
    alice = tmp_path / "alice.sqlite"
    assert run_cli(alice, "alice", "sync", hub.url("alice")) == 0
    with Store(alice) as store:
        store.add_span(doc_pk(alice, "Pentagon"), "alice", 41, 49, "ACTOR")
    assert run_cli(alice, "alice", "sync") == 0
    before = state(alice)
    capsys.readouterr()
    assert run_cli(alice, "alice", "sync") == 0
    assert "pushed 0 change(s), received 0" in capsys.readouterr().err
    assert state(alice) == before


def _edit(db, who, pk, plan):
    with Store(db) as store:
        spans = {(s.start, s.end, s.label): s for s in store.spans(pk, who)}
        for op, *args in plan:
            if op == "add" and tuple(args) not in spans:
                store.add_span(pk, who, *args)
            elif op == "del" and tuple(args) in spans:
                store.delete_span(spans[tuple(args)].id)
            elif op == "relabel" and tuple(args[:3]) in spans:
                store.update_span(spans[tuple(args[:3])].id, label=args[3])
            elif op == "status":
                store.set_status(pk, who, args[0])


def test_three_replicas_of_one_layer_converge_like_merge(hub, tmp_path):
    """alice on three machines edits the same documents at once; after each replica has
    synced twice they are equal, and equal to merging the three files."""
    lead_with_documents(tmp_path, hub)
    replicas = [tmp_path / f"alice{i}.sqlite" for i in range(3)]
    for db in replicas:
        assert run_cli(db, "alice", "sync", hub.url("alice")) == 0
    first = replicas[0]
    pk = doc_pk(first, "sovereignty")
    _edit(first, "alice", pk, [("add", 0, 4, "ACTOR"), ("add", 13, 19, "EVENT")])
    for db in replicas:
        assert run_cli(db, "alice", "sync") == 0
    # concurrent edits of the same spans and the same place
    _edit(replicas[0], "alice", pk, [("relabel", 0, 4, "ACTOR", "EVENT"),
                                     ("add", 23, 30, "ACTOR"), ("status", "in_progress")])
    _edit(replicas[1], "alice", pk, [("del", 0, 4, "ACTOR"), ("add", 23, 30, "ACTOR"),
                                     ("status", "done")])
    _edit(replicas[2], "alice", pk, [("relabel", 13, 19, "EVENT", "QUOTE"),
                                     ("add", 50, 61, "EVENT")])
    other = doc_pk(first, "embassy")
    for i, db in enumerate(replicas):
        _edit(db, "alice", other, [("add", 0, 10, "ACTOR"), ("add", 11 + i, 19, "EVENT")])
    merged = tmp_path / "merged.sqlite"
    shutil.copy(replicas[0], merged)
    for db in replicas[1:]:
        with Store(merged) as store:
            merge_file(store, db)
    for _round in range(2):
        for db in replicas:
            assert run_cli(db, "alice", "sync") == 0
    states = [layer_state(db, "alice") for db in replicas]
    assert states[0] == states[1] == states[2]
    assert states[0]["spans"]  # something survived
    assert spans_of(replicas[0], "alice") == spans_of(merged, "alice")


def test_analysts_reviewer_and_lead_converge(hub, tmp_path):
    """Three analysts label the same documents; the reviewer writes gold; after two rounds
    the lead and the reviewer hold everything, each analyst holds their own layer."""
    lead = lead_with_documents(tmp_path, hub)
    names = ["alice", "bob", "carol", "rita"]
    dbs = {n: tmp_path / f"{n}.sqlite" for n in names}
    for n, db in dbs.items():
        assert run_cli(db, n, "sync", hub.url(n)) == 0
    for i, n in enumerate(["alice", "bob", "carol"]):
        db = dbs[n]
        for part in ("sovereignty", "Pentagon", "Zo"):
            pk = doc_pk(db, part)
            _edit(db, n, pk, [("add", 0, 4 + i, "ACTOR"), ("add", 10, 20, "EVENT"),
                              ("status", "done")])
    pk = doc_pk(dbs["rita"], "sovereignty")
    _edit(dbs["rita"], "gold", pk, [("add", 0, 4, "ACTOR")])
    for _round in range(2):
        for n, db in [*dbs.items(), ("lena", lead)]:
            assert run_cli(db, n, "sync") == 0
    assert state(lead) == state(dbs["rita"])
    for n in ("alice", "bob", "carol"):
        assert layer_state(dbs[n], n) == layer_state(lead, n)
        others = {s[1] for s in spans_of(dbs[n])}
        assert others == {n}  # blind: no other analyst's layer, no gold
    assert len(spans_of(lead, "gold")) == 1
    # the emoji/Arabic/CRLF article: offsets are code points, text as imported
    zoe = [s for s in spans_of(lead, "bob") if s[0] == spans_of(lead, "bob")[0][0]]
    assert all(len(s[5]) == s[3] - s[2] for s in zoe)


def test_an_edit_older_than_the_hubs_version_gives_way(hub, tmp_path):
    """A replica whose clock is behind edits a span the hub holds a newer version of:
    by merge's rule the hub's version wins, and the replica takes it on its next sync."""
    lead_with_documents(tmp_path, hub)
    one, two = tmp_path / "alice1.sqlite", tmp_path / "alice2.sqlite"
    for db in (one, two):
        assert run_cli(db, "alice", "sync", hub.url("alice")) == 0
    _edit(one, "alice", doc_pk(one, "sovereignty"), [("add", 0, 4, "ACTOR")])
    assert run_cli(one, "alice", "sync") == 0
    assert run_cli(two, "alice", "sync") == 0
    _edit(one, "alice", doc_pk(one, "sovereignty"), [("relabel", 0, 4, "ACTOR", "EVENT")])
    assert run_cli(one, "alice", "sync") == 0
    assert run_cli(two, "alice", "sync") == 0
    with Store(two) as store, store.write() as conn:  # a slow clock's edit
        conn.execute("UPDATE spans SET label = 'QUOTE', updated_at = "
                     "'2001-01-01T00:00:00.000000Z' WHERE annotator = 'alice'")
    assert run_cli(two, "alice", "sync") == 0
    assert [s[4] for s in spans_of(two, "alice")] == ["EVENT"]
    assert layer_state(one, "alice") == layer_state(two, "alice")


def test_a_pull_in_several_chunks_gives_the_same_copy(hub, tmp_path, monkeypatch):
    import annotator.hub.pull as pull_module

    lead = lead_with_documents(tmp_path, hub)
    for who in ("alice", "bob"):
        db = tmp_path / f"{who}.sqlite"
        assert run_cli(db, who, "sync", hub.url(who)) == 0
        for part in ("sovereignty", "Pentagon", "embassy", "Zo"):
            _edit(db, who, doc_pk(db, part), [("add", 0, 4, "ACTOR"), ("status", "done")])
        assert run_cli(db, who, "sync") == 0
    assert run_cli(lead, "lena", "sync") == 0
    monkeypatch.setattr(pull_module, "CHUNK", 1)
    rita = tmp_path / "rita.sqlite"
    assert run_cli(rita, "rita", "sync", hub.url("rita")) == 0
    assert state(rita) == state(lead)


def test_review_travels_from_the_reviewer_to_the_lead(hub, tmp_path):
    from annotator.store.review import accept_span, reject_span, set_review_status

    lead = lead_with_documents(tmp_path, hub)
    alice, bob, rita = (tmp_path / f"{n}.sqlite" for n in ("alice", "bob", "rita"))
    for who, db in (("alice", alice), ("bob", bob)):
        assert run_cli(db, who, "sync", hub.url(who)) == 0
        _edit(db, who, doc_pk(db, "sovereignty"), [("add", 0, 4, "ACTOR"),
                                                   ("add", 13, 19, "EVENT"),
                                                   ("status", "done")])
        assert run_cli(db, who, "sync") == 0
    assert run_cli(rita, "rita", "sync", hub.url("rita")) == 0
    with Store(rita) as store:
        pk = doc_pk(rita, "sovereignty")
        spans = {(s.annotator, s.label): s.id for s in store.spans(pk)}
        accept_span(store, spans[("alice", "ACTOR")], "rita")
        reject_span(store, spans[("bob", "EVENT")], "rita")
        set_review_status(store, pk, "reviewed", "rita")
    assert run_cli(rita, "rita", "sync") == 0
    assert run_cli(lead, "lena", "sync") == 0
    assert state(lead) == state(rita)
    snap = state(lead)
    assert len(snap["decisions"]) == 2
    assert [s[5] for s in spans_of(lead, "gold")] == ["Iraq"]
    assert hub.sql("SELECT review_status, reviewer FROM annotator.documents "
                   "WHERE text LIKE 'Iraq said%'") == [("reviewed", "rita")]
    # an analyst's copy never receives the gold layer or the decisions
    assert run_cli(alice, "alice", "sync") == 0
    assert spans_of(alice, "gold") == [] and state(alice)["decisions"] == []
