"""Gold-layer operations the review view calls, and the agreement command over a store."""

from __future__ import annotations

import json

import orjson
import pytest
from review_helpers import TEXTS, at, pk_of

from annotator.cli import main
from annotator.core.errors import DataError
from annotator.core.model import GOLD
from annotator.store import Store
from annotator.store import review as rv
from annotator.store.merge import snapshot
from annotator.store.review_steps import accept_agreed
from annotator.transfer.merge_source import merge_file


@pytest.fixture
def team(base_file):
    """alice and bob both finished doc-putin: they agree on Putin, not on the quote;
    bob alone marked "said"; alice links her quote to Putin."""
    with Store(base_file) as store:
        pk = pk_of(store, "doc-putin")
        ids = {}
        for who, piece, lab in [("alice", "Putin", "ACTOR"), ("alice", "talks failed", "QUOTE"),
                                ("bob", "Putin", "ACTOR"), ("bob", "talks", "QUOTE"),
                                ("bob", "said", "EVENT")]:
            ids[(who, piece)] = store.add_span(pk, who, *at("doc-putin", piece), lab).id
        ids["link"] = store.add_relation(ids[("alice", "talks failed")], ids[("alice", "Putin")],
                                         "SPEAKER").id
        store.set_status(pk, "alice", "done")
        store.set_status(pk, "bob", "done")
    return base_file, ids


def _gold(store: Store, pk: int) -> list[tuple]:
    return [(s.start, s.end, s.label) for s in store.spans(pk, GOLD)]


def test_classify_document_shows_each_analyst_span_with_its_state(team):
    path, _ids = team
    with Store(path) as store:
        pk = pk_of(store, "doc-putin")
        rows = {(r.span.annotator, TEXTS["doc-putin"][r.span.start:r.span.end]): r.state
                for r in rv.classify_document(store, pk)}
    assert rows == {("alice", "Putin"): "agree", ("bob", "Putin"): "agree",
                    ("alice", "talks failed"): "disagree", ("bob", "talks"): "disagree",
                    ("bob", "said"): "partial"}


def test_accept_reject_and_undo(team):
    path, ids = team
    with Store(path) as store:
        pk = pk_of(store, "doc-putin")
        first = rv.accept_span(store, ids[("alice", "Putin")], "rita")
        gold = store.span(first.gold)
        assert (gold.annotator, gold.label, gold.id != ids[("alice", "Putin")]) == (
            GOLD, "ACTOR", True)
        assert store.conn.execute("SELECT origin FROM spans WHERE id = ?",
                                  (first.gold,)).fetchone()[0] == ids[("alice", "Putin")]
        status, reviewer, when = rv.review_status(store, pk)
        assert (status, reviewer) == ("in_review", "rita") and when
        # bob's identical span maps onto the same gold span: no duplicate.
        second = rv.accept_span(store, ids[("bob", "Putin")], "rita")
        assert second.gold == first.gold and _gold(store, pk) == [(*at("doc-putin", "Putin"),
                                                                    "ACTOR")]
        # Rejecting what was accepted takes its gold copy out.
        rv.accept_span(store, ids[("bob", "talks")], "rita")
        rejected = rv.reject_span(store, ids[("bob", "talks")], "rita")
        assert _gold(store, pk) == [(*at("doc-putin", "Putin"), "ACTOR")]
        decided = rv.decisions(store, pk)
        assert decided[ids[("bob", "talks")]][0] == "rejected"
        assert decided[ids[("alice", "Putin")]][:3] == ("accepted", first.gold, "rita")
        rv.undo(store, rejected)  # the gold copy comes back, the decision is "accepted" again
        assert (*at("doc-putin", "talks"), "QUOTE") in _gold(store, pk)
        assert rv.decisions(store, pk)[ids[("bob", "talks")]][0] == "accepted"
        rv.undo(store, [second])
        rv.undo(store, first)
        assert (*at("doc-putin", "Putin"), "ACTOR") not in _gold(store, pk)
        assert rv.review_status(store, pk)[0] == "unreviewed"
        with pytest.raises(DataError):
            rv.accept_span(store, first.gold, "rita")  # a tombstoned gold span


def test_accept_agreed_at_once_then_undo(team):
    path, _ids = team
    with Store(path) as store:
        pk = pk_of(store, "doc-putin")
        done = accept_agreed(store, pk, "rita")
        assert len(done) == 2  # alice's and bob's Putin, one gold span
        assert _gold(store, pk) == [(*at("doc-putin", "Putin"), "ACTOR")]
        states = {r.span.id: (r.state, r.decision, r.gold) for r in rv.classify_document(store, pk)}
        assert sum(1 for s in states.values() if s[1] == "accepted" and s[2]) == 2
        assert done.items == 1 and done.links == 0
        assert accept_agreed(store, pk, "rita") == []  # nothing left to accept
        rv.undo(store, done)
        assert _gold(store, pk) == []


def test_accept_link_needs_its_ends_in_gold(team):
    path, ids = team
    with Store(path) as store:
        pk = pk_of(store, "doc-putin")
        with pytest.raises(DataError, match="not in gold"):
            rv.accept_relation(store, ids["link"], "rita")
        assert _gold(store, pk) == [] and store.relations(pk, GOLD) == []
        rv.accept_span(store, ids[("alice", "Putin")], "rita")
        rv.accept_span(store, ids[("alice", "talks failed")], "rita")
        decision = rv.accept_relation(store, ids["link"], "rita")
        (rel,) = store.relations(pk, GOLD)
        assert rel.id == decision.gold and rel.label == "SPEAKER"
        assert (store.span(rel.head).label, store.span(rel.child).label) == ("QUOTE", "ACTOR")
        assert sorted(_gold(store, pk)) == sorted([(*at("doc-putin", "Putin"), "ACTOR"),
                                                   (*at("doc-putin", "talks failed"), "QUOTE")])
        rv.reject_relation(store, ids["link"], "rita")
        assert store.relations(pk, GOLD) == []


def test_review_status_and_gold_export(team, tmp_path):
    path, ids = team
    with Store(path) as store:
        pk = pk_of(store, "doc-putin")
        assert rv.set_review_status(store, pk, "reviewed", "rita") == "unreviewed"
        assert rv.review_status(store, pk)[:2] == ("reviewed", "rita")
        assert store.document_pks(review=["reviewed"]) == [pk]
        with pytest.raises(DataError):
            rv.set_review_status(store, pk, "finished", "rita")
        rv.accept_span(store, ids[("alice", "talks failed")], "rita")
    out = tmp_path / "gold.jsonl"
    assert main(["--db", str(path), "export", "--format", "jsonl", "--gold", "-o", str(out)]) == 0
    (line,) = out.read_bytes().splitlines()
    rec = orjson.loads(line)
    assert rec["annotator"] == GOLD and [s["text"] for s in rec["spans"]] == ["talks failed"]


def test_gold_and_decisions_travel_with_a_merge(team, tmp_path):
    path, _ids = team
    with Store(path) as store:
        accept_agreed(store, pk_of(store, "doc-putin"), "rita")
        rv.set_review_status(store, pk_of(store, "doc-putin"), "reviewed", "rita")
        want = snapshot(store.conn)
    fresh = tmp_path / "fresh.sqlite"
    with Store(fresh) as store:
        merge_file(store, path)
        got = snapshot(store.conn)
    assert got["decisions"] == want["decisions"] and len(got["decisions"]) == 2
    assert got["documents"] == want["documents"]
    assert got["spans"] == want["spans"]


def test_agreement_command(team, capsys):
    path, _ids = team
    assert main(["--db", str(path), "agreement", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"pairs", "krippendorff_alpha", "confusion", "lowest"}
    (pair,) = out["pairs"]
    assert set(pair) == {"annotators", "documents", "exact_f1", "partial_f1", "cohen_kappa",
                         "per_label"}
    assert pair["annotators"] == ["alice", "bob"] and pair["documents"] == 1
    assert pair["exact_f1"] == 2 * 1 / (2 + 3)
    assert set(pair["per_label"]) == {"ACTOR", "EVENT", "QUOTE"}
    assert set(pair["per_label"]["ACTOR"]) == {"exact_f1", "partial_f1"}
    assert main(["--db", str(path), "agreement", "--label", "ACTOR", "--json"]) == 0
    only = json.loads(capsys.readouterr().out)
    assert list(only["pairs"][0]["per_label"]) == ["ACTOR"]
    assert only["pairs"][0]["exact_f1"] == 1.0
    assert main(["--db", str(path), "agreement"]) == 0
    table = capsys.readouterr().out
    assert "alice vs bob: 1 document(s)" in table and "Krippendorff" in table
    assert main(["--db", str(path), "agreement", "--label", "NOPE"]) == 1
    assert capsys.readouterr().err.startswith("error: unknown label 'NOPE'")
    with pytest.raises(SystemExit) as bad:
        main(["--db", str(path), "agreement", "--bogus"])
    assert bad.value.code == 2


def test_agreement_ignores_layers_not_done_and_gold(team, capsys):
    path, _ids = team
    with Store(path) as store:
        pk = pk_of(store, "doc-putin")
        accept_agreed(store, pk, "rita")
        store.set_status(pk, GOLD, "done")
        store.set_status(pk, "bob", "in_progress")
    assert main(["--db", str(path), "agreement", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["annotators"] for p in out["pairs"]] == [["alice", "bob"]]
    assert out["pairs"][0]["documents"] == 0 and out["krippendorff_alpha"] is None


def test_undo_of_an_accepted_link_announces_spans_as_spans_and_links_as_links(team):
    """The review undo once announced every id it touched as "spans", links included, so a
    view refreshing spans by id looked for link ids among the spans."""
    from annotator.store.changes import ChangeKind

    path, ids = team
    with Store(path) as store:
        pk = pk_of(store, "doc-putin")
        ends = [rv.accept_span(store, ids[("alice", piece)], "rita")
                for piece in ("talks failed", "Putin")]  # a link needs its ends in gold
        link = rv.accept_relation(store, ids["link"], "rita")
        gold_link = link.gold
        gold_spans = [i for d in ends for i in d.created]
        heard = []
        store.subscribe(heard.append)
        rv.undo(store, [*ends, link])
        spans = {i for c in heard if c.kind is ChangeKind.SPANS for i in c.ids}
        links = {i for c in heard if c.kind is ChangeKind.RELATIONS for i in c.ids}
        assert spans == set(gold_spans) and len(gold_spans) == 2
        assert links == {gold_link}
        assert all(c.doc == pk for c in heard)
        assert store.relations(pk, GOLD) == [] and store.spans(pk, GOLD) == []


def test_a_change_notice_names_its_kind_with_the_enum():
    """Notices carry a ChangeKind; a string that names none is refused (a typo would
    otherwise be a notice nobody hears)."""
    from annotator.store.changes import ChangeBus, ChangeKind

    bus = ChangeBus()
    with pytest.raises(ValueError):
        bus.queue("span", None, ())
    heard = []
    bus.subscribe(heard.append)
    bus.queue(ChangeKind.SPANS, 3, ["a"])
    bus.queue("relations", 3, ["r"])
    bus.deliver()
    assert [(c.kind, c.ids) for c in heard] == [(ChangeKind.SPANS, ("a",)),
                                                (ChangeKind.RELATIONS, ("r",))]
    assert all(type(c.kind) is ChangeKind for c in heard) and heard[0].kind == "spans"
