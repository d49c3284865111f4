"""The reviewer's work leaving her database: reviewed status, the gold export with its
decision log, merges that carry the log, and `agreement --json` (tests/review/team3.py)."""

from __future__ import annotations

import json

import orjson
import pytest
from team3 import (
    ARTICLE,
    EVENT_C4,
    QUOTE,
    TEXTS,
    UNICODE,
    at,
    gold_of,
    items_by_text,
    links_by_text,
    pk,
)

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.model import GOLD
from annotator.store import Store, review_log
from annotator.store import review as rv
from annotator.store import review_queries as rq
from annotator.store import review_steps as steps
from annotator.store.review_links import reject_link


def test_mark_reviewed_with_undecided_items_and_the_gold_export(db, tmp_path):
    with Store(db) as store:
        p, u = pk(store), pk(store, UNICODE)
        steps.accept_agreed(store, p, "rita")
        steps.accept_majority(store, p, "rita")
        with pytest.raises(rv.ConfirmationNeeded) as asked:
            steps.mark_reviewed(store, p, "rita")
        assert asked.value.count == 4 and "3 item(s) and 1 link(s) undecided" in str(asked.value)
        assert rv.review_status(store, p)[0] == "in_review"
        assert store.status(p, GOLD) == "in_progress"
        # settle the rest: carol's readings and her link out
        items = items_by_text(store)
        for key in [(EVENT_C4, "EVENT"), ("Pentagon", "EVENT"), ("a drone attack", "EVENT")]:
            rq.reject_item(store, items[key], "rita")
        reject_link(store, links_by_text(store)[(QUOTE, "SPEAKER", "Iraq's Prime Minister")],
                    "rita", note="the spokesman said it")
        assert steps.undecided(store, p).total == 0
        assert steps.mark_reviewed(store, p, "rita") == "in_review"
        assert rv.review_status(store, p)[:2] == ("reviewed", "rita")
        assert store.status(p, GOLD) == "done"
        assert store.status(p, "rita") == "done"  # her own layer: as it was, untouched
        assert store.spans(p, "rita") == []
        # the Unicode document: one item accepted, not reviewed
        steps.accept_agreed(store, u, "rita")
        want_spans, want_links = gold_of(store)
        log = review_log.entries(store, p)
    done_file, all_file = tmp_path / "done.jsonl", tmp_path / "all.jsonl"
    assert main(["--db", str(db), "export", "--format", "jsonl", "--gold", "--status", "done",
                 "-o", str(done_file)]) == 0
    assert main(["--db", str(db), "export", "--format", "jsonl", "--gold",
                 "-o", str(all_file)]) == 0
    (rec,) = [orjson.loads(line) for line in done_file.read_bytes().splitlines()]
    assert [orjson.loads(x)["id"] for x in all_file.read_bytes().splitlines()] == [ARTICLE,
                                                                                   UNICODE]
    assert (rec["id"], rec["annotator"], rec["status"]) == (ARTICLE, GOLD, "done")
    by_id = {s["id"]: s for s in rec["spans"]}
    assert {(s["text"], s["label"], tuple(sorted(s["attrs"].items())))
            for s in rec["spans"]} == want_spans
    assert {(by_id[r["head"]]["text"], r["label"], by_id[r["child"]]["text"])
            for r in rec["relations"]} == want_links == {(QUOTE, "SPEAKER", "Yahya Rasool")}
    assert rec["review"]["status"] == "reviewed" and rec["review"]["reviewer"] == "rita"
    assert rec["decisions"] == log
    actions = [(d["action"], d.get("kind"), d.get("text")) for d in rec["decisions"]]
    assert actions[:3] == [("accepted", "span", "Iraq's Prime Minister"),
                           ("accepted", "span", QUOTE), ("accept_agreed", None, None)]
    assert ("rejected", "link", None) in actions and actions[-1][0] == "status"
    assert rec["decisions"][-1]["status"] == "reviewed"
    link_note = [d for d in rec["decisions"] if d["action"] == "rejected" and
                 d["kind"] == "link"]
    assert link_note[0]["note"] == "the spokesman said it"
    assert link_note[0]["child"]["text"] == "Iraq's Prime Minister"
    assert all(d["reviewer"] == "rita" and d["at"] for d in rec["decisions"])



def test_mark_reviewed_anyway_when_confirmed(db):
    with Store(db) as store:
        p = pk(store)
        left = steps.undecided(store, p)
        assert (left.items, left.links) == (9, 2)
        steps.mark_reviewed(store, p, "rita", confirm=True)
        assert rv.review_status(store, p)[0] == "reviewed" and store.status(p, GOLD) == "done"
        assert review_log.entries(store, p)[-1]["undecided_items"] == 9
        rv.set_review_status(store, p, "in_review", "rita")  # reopened: gold not done
        assert store.status(p, GOLD) == "in_progress"



def _f1(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b))



def test_agreement_json_against_a_hand_computation(db, capsys):
    assert main(["--db", str(db), "agreement", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    pairs = {tuple(p["annotators"]): p for p in out["pairs"]}
    assert set(pairs) == {("alice", "bob"), ("alice", "carol"), ("bob", "carol")}  # no rita
    # exact F1 straight from the definition, over both shared documents
    from team3 import SPANS, UNICODE_SPANS

    def keyset(name):
        keys = {(ARTICLE, *at(ARTICLE, piece), lab) for piece, lab, _a in SPANS[name]}
        if name != "carol":
            keys |= {(UNICODE, *at(UNICODE, piece), lab) for piece, lab, _a in UNICODE_SPANS}
        return keys

    alice, bob, carol = keyset("alice"), keyset("bob"), keyset("carol")
    assert pairs[("alice", "bob")]["exact_f1"] == pytest.approx(_f1(alice, bob)) == 1.0
    carol_view = {k for k in alice if k[0] == ARTICLE}
    assert pairs[("alice", "carol")]["exact_f1"] == pytest.approx(_f1(carol_view, carol))
    assert pairs[("alice", "carol")]["exact_f1"] == pytest.approx(0.5)
    # partial: drone attack pairs with "a drone attack"; the overlapping EVENT of another
    # label and the relabeled Pentagon do not
    assert pairs[("bob", "carol")]["partial_f1"] == pytest.approx(2 * 4 / 12)
    # matched spans per pair: alice-bob 4 ACTOR, 1 QUOTE, 1 EVENT (+ 2 ACTOR on the Unicode
    # document); each with carol: ACTOR 2, QUOTE 1, EVENT 1 (bounds), ACTOR/EVENT 1 (label)
    assert out["confusion"] == {"labels": ["ACTOR", "EVENT", "QUOTE"],
                                "matrix": [[6 + 2 * 2, 2, 0], [2, 1 + 2, 0], [0, 0, 3]]}
    low = out["lowest"]
    assert [d["doc"] for d in low] == [ARTICLE, UNICODE]
    assert low[0]["exact_f1"] == pytest.approx(0.5)
    assert {tuple(p["annotators"]): (p["exact_f1"], round(p["partial_f1"], 4))
            for p in low[0]["pairs"]} == {("alice", "bob"): (1.0, 1.0),
                                          ("alice", "carol"): (0.5, round(2 / 3, 4)),
                                          ("bob", "carol"): (0.5, round(2 / 3, 4))}
    assert low[1]["pairs"] == [{"annotators": ["alice", "bob"], "exact_f1": 1.0,
                                "partial_f1": 1.0}]
    # alpha over word tokens by the `krippendorff` package, rita's empty layer left out
    import krippendorff
    import numpy as np
    from test_agreement import _token_values

    from annotator.core.agreement import DocLayers

    codes = {"O": 0, "ACTOR": 1, "EVENT": 2, "QUOTE": 3}
    columns = []
    for doc_id in (ARTICLE, UNICODE):
        names = ["alice", "bob", "carol"] if doc_id == ARTICLE else ["alice", "bob"]
        spans = SPANS if doc_id == ARTICLE else {n: UNICODE_SPANS for n in names}
        layers = {n: [(*at(doc_id, piece), lab) for piece, lab, _a in spans[n]] for n in names}
        doc = DocLayers(doc_id, TEXTS[doc_id], layers)
        per = {n: _token_values(doc, n) for n in names}
        for t in range(len(per["alice"])):
            columns.append([codes[per[n][t]] if n in per else np.nan
                            for n in ("alice", "bob", "carol")])
    data = np.array(columns, dtype=float).T
    want = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert out["krippendorff_alpha"] == pytest.approx(want)



def test_notes_can_be_given_changed_and_cleared(db):
    with Store(db) as store:
        p = pk(store)
        kataib = items_by_text(store)[("Kataib Hezbollah", "ACTOR")]
        rq.accept_item(store, kataib, "rita", note="named in the article")
        review_log.set_note(store, p, kataib.id, "a militia, per the Pentagon", "rita")
        assert review_log.notes(store, p) == {kataib.id: "a militia, per the Pentagon"}
        review_log.set_note(store, p, kataib.id, "  ", "rita")
        assert review_log.notes(store, p) == {}
        assert [e["action"] for e in review_log.entries(store, p)] == ["accepted", "note", "note"]



def test_reimporting_a_gold_export_says_the_log_stays_behind(db, tmp_path, capsys):
    with Store(db) as store:
        steps.accept_agreed(store, pk(store), "rita")
    out = tmp_path / "gold.jsonl"
    assert main(["--db", str(db), "export", "--format", "jsonl", "--gold", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "fresh.sqlite"), "import", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 gold record(s) carry a review log ('decisions')" in err



def test_the_review_log_travels_with_a_merge_once(db, tmp_path):
    from annotator.transfer.merge_source import merge_file

    with Store(db) as store:
        p = pk(store)
        steps.accept_agreed(store, p, "rita")
        rq.reject_item(store, items_by_text(store)[(EVENT_C4, "EVENT")], "rita", note="no")
        steps.mark_reviewed(store, p, "rita", confirm=True)
        want = review_log.entries(store, p)
    other = tmp_path / "lead.sqlite"
    with Store(other) as store:
        summary = merge_file(store, db)
        assert f"note: review log: {len(want)} entries added" in summary.lines()
        assert review_log.entries(store, pk(store)) == want
        merge_file(store, db)  # again: nothing twice
        assert review_log.entries(store, pk(store)) == want
        assert review_log.notes(store, pk(store)) == {
            items_by_text(store)[(EVENT_C4, "EVENT")].id: "no"}



def test_a_gold_export_merged_brings_its_log_and_review_status(db, tmp_path):
    from annotator.transfer.merge_source import merge_file

    with Store(db) as store:
        p = pk(store)
        steps.accept_agreed(store, p, "rita")
        steps.mark_reviewed(store, p, "rita", confirm=True)
        want = review_log.entries(store, p)
        status = rv.review_status(store, p)
    out = tmp_path / "gold.jsonl"
    assert main(["--db", str(db), "export", "--format", "jsonl", "--gold", "-o", str(out)]) == 0
    fresh = tmp_path / "fresh.sqlite"
    with Store(fresh) as store:
        merge_file(store, out)
        assert review_log.entries(store, pk(store)) == want
        assert rv.review_status(store, pk(store)) == status
        merge_file(store, out)
        assert len(review_log.entries(store, pk(store))) == len(want)
    second = tmp_path / "again.jsonl"
    assert main(["--db", str(fresh), "export", "--format", "jsonl", "--gold", "-o",
                 str(second)]) == 0
    assert second.read_bytes() == out.read_bytes()  # a fixed point through merge
    bad = tmp_path / "bad.jsonl"
    rec = orjson.loads(out.read_bytes().splitlines()[0])
    bad.write_bytes(orjson.dumps({**rec, "decisions": [{"at": 5}]}) + b"\n")
    with Store(fresh) as store, pytest.raises(InputError, match=r"bad.jsonl:1: decision 0"):
        merge_file(store, bad)
