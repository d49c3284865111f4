"""Adjudication by a reviewer over three analysts' merged files (tests/review/team3.py):
gold holds only what she decided, and the export and agreement say so."""

from __future__ import annotations

import json
import shutil

import orjson
import pytest
from team3 import ARTICLE, EVENT_C4, QUOTE, TEXTS, UNICODE, at, pk, reviewer_db, text_of

from annotator.cli import main
from annotator.core.errors import DataError
from annotator.core.model import GOLD
from annotator.store import Store, review_log
from annotator.store import review as rv
from annotator.store import review_queries as rq
from annotator.store import review_steps as steps
from annotator.store.review_links import accept_link, link_items, reject_link


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return reviewer_db(tmp_path_factory.mktemp("team3"))


@pytest.fixture
def db(template, tmp_path):
    """A fresh copy of the reviewer's database for each test (built once)."""
    target = tmp_path / "rita.sqlite"
    shutil.copy(template, target)
    return target


def items_by_text(store: Store, doc_id: str = ARTICLE) -> dict[tuple[str, str], rq.ReviewItem]:
    return {(text_of(doc_id, i.start, i.end), i.label): i
            for i in rq.review_items(store, pk(store, doc_id))}


def links_by_text(store: Store) -> dict[tuple[str, str, str], object]:
    items = rq.review_items(store, pk(store))
    by_id = {i.id: i for i in items}

    def t(item_id):
        i = by_id[item_id]
        return text_of(ARTICLE, i.start, i.end)

    return {(t(k.head), k.label, t(k.child)): k for k in link_items(store, pk(store), items)}


def gold_of(store: Store, doc_id: str = ARTICLE):
    """{(text, label, attrs as a tuple)} and {(head text, type, child text)} of gold."""
    p = pk(store, doc_id)
    spans = {s.id: s for s in store.spans(p, GOLD)}

    def t(sid):
        return text_of(doc_id, spans[sid].start, spans[sid].end)

    return ({(t(s.id), s.label, tuple(sorted(s.attrs.items()))) for s in spans.values()},
            {(t(r.head), r.label, t(r.child)) for r in store.relations(p, GOLD)})


def test_states_come_from_one_to_one_matching(db):
    with Store(db) as store:
        assert rv.analysts(store, pk(store)) == ["alice", "bob", "carol"]  # not rita's empty layer
        states = {key: (i.state, i.analysts, i.missing) for key, i in items_by_text(store).items()}
    assert states == {
        ("Iraq's Prime Minister", "ACTOR"): ("agree", ["alice", "bob", "carol"], []),
        (QUOTE, "QUOTE"): ("agree", ["alice", "bob", "carol"], []),
        ("Yahya Rasool", "ACTOR"): ("attr_conflict", ["alice", "bob", "carol"], []),
        # carol's overlapping EVENT is another thing, not other bounds of this ACTOR
        ("Kataib Hezbollah", "ACTOR"): ("partial", ["alice", "bob"], ["carol"]),
        (EVENT_C4, "EVENT"): ("partial", ["carol"], ["alice", "bob"]),
        ("Pentagon", "ACTOR"): ("disagree_label", ["alice", "bob"], []),
        ("Pentagon", "EVENT"): ("disagree_label", ["carol"], []),
        ("drone attack", "EVENT"): ("disagree_bounds", ["alice", "bob"], []),
        ("a drone attack", "EVENT"): ("disagree_bounds", ["carol"], []),
    }


def test_accept_all_agreed_takes_no_conflict_and_no_minority_link(db):
    with Store(db) as store:
        done = steps.accept_agreed(store, pk(store), "rita")
        assert (done.items, done.links) == (2, 0)
        assert done.describe() == "Accepted 2 item(s) and 0 link(s)."
        spans, links = gold_of(store)
        assert spans == {("Iraq's Prime Minister", "ACTOR", (("kind", "government_body"),)),
                         (QUOTE, "QUOTE", (("mode", "indirect"),))}
        # carol's SPEAKER link joins two gold spans now, but alice and bob, who marked both
        # its ends, did not draw it: it stays out
        assert links == set()
        minority = links_by_text(store)[(QUOTE, "SPEAKER", "Iraq's Prime Minister")]
        assert minority.state == "partial" and minority.undecided
        again = steps.accept_agreed(store, pk(store), "rita")
        assert (again.items, again.links, list(again)) == (0, 0, [])
        rv.undo(store, done)
        assert gold_of(store) == (set(), set())
        # the reviewer's own (empty) layer was never written
        assert store.spans(pk(store), "rita") == []


def test_accept_majority_two_of_three(db):
    with Store(db) as store:
        steps.accept_agreed(store, pk(store), "rita")
        done = steps.accept_majority(store, pk(store), "rita", at_least=2)
        assert (done.items, done.links) == (4, 1)
        spans, links = gold_of(store)
        assert spans == {
            ("Iraq's Prime Minister", "ACTOR", (("kind", "government_body"),)),
            (QUOTE, "QUOTE", (("mode", "indirect"),)),
            ("Yahya Rasool", "ACTOR", (("kind", "person"),)),  # the majority, not alice's
            ("Kataib Hezbollah", "ACTOR", (("kind", "armed_group"),)),
            ("Pentagon", "ACTOR", (("kind", "government_body"),)),
            ("drone attack", "EVENT", (("type", "attack"),)),
        }
        assert links == {(QUOTE, "SPEAKER", "Yahya Rasool")}  # carol's minority link: out
        left = steps.undecided(store, pk(store))
        assert (left.items, left.links) == (3, 1)
        # all three: only what everyone marked, with attributes everyone gave
        with pytest.raises(DataError, match="more than the document's 3"):
            steps.accept_majority(store, pk(store), "rita", at_least=4)


def test_attribute_conflict_defaults_to_the_majority_and_a_version_can_win(db):
    with Store(db) as store:
        p = pk(store)
        yahya = items_by_text(store)[("Yahya Rasool", "ACTOR")]
        assert rq.attr_votes(yahya, store.schema()) == {"kind": ("person", 2)}
        done = rq.accept_item(store, yahya, "rita", note="spokesman, a person")
        assert done.items == 1
        assert ("Yahya Rasool", "ACTOR", (("kind", "person"),)) in gold_of(store)[0]
        # the side-by-side versions; 1 = alice's: her value replaces the majority's
        versions = rq_versions(store, items_by_text(store)[("Yahya Rasool", "ACTOR")])
        assert [(v.analyst, v.kind, v.span.attrs) for v in versions] == [
            ("alice", "same", {"kind": "military"}), ("bob", "same", {"kind": "person"}),
            ("carol", "same", {"kind": "person"})]
        assert [(k.label, k.outgoing, k.text) for k in versions[0].links] == [
            ("SPEAKER", False, QUOTE)]
        assert versions[2].links == []  # carol linked the quote to someone else
        from annotator.store.review_versions import accept_version

        chosen = accept_version(store, p, yahya, "alice", "rita")
        assert ("Yahya Rasool", "ACTOR", (("kind", "military"),)) in gold_of(store)[0]
        rv.undo(store, chosen)
        assert ("Yahya Rasool", "ACTOR", (("kind", "person"),)) in gold_of(store)[0]
        assert review_log.notes(store, p) == {yahya.id: "spokesman, a person"}


def rq_versions(store, item):
    from annotator.store.review_versions import item_versions

    return item_versions(store, pk(store), item)


def test_versions_show_who_marked_what_and_choosing_one_settles_the_readings(db):
    with Store(db) as store:
        p = pk(store)
        pentagon = items_by_text(store)[("Pentagon", "ACTOR")]
        versions = rq_versions(store, pentagon)
        assert [(v.analyst, v.kind, v.span.label) for v in versions] == [
            ("alice", "same", "ACTOR"), ("bob", "same", "ACTOR"),
            ("carol", "other_label", "EVENT")]
        kataib = items_by_text(store)[("Kataib Hezbollah", "ACTOR")]
        assert [(v.analyst, v.kind) for v in rq_versions(store, kataib)] == [
            ("alice", "same"), ("bob", "same"), ("carol", "nothing")]
        from annotator.store.review_versions import accept_version

        done = accept_version(store, p, pentagon, "carol", "rita")  # carol's EVENT wins
        assert done.items == 1
        now = items_by_text(store)
        assert now[("Pentagon", "EVENT")].decision == "accepted"
        assert now[("Pentagon", "ACTOR")].decision == "rejected"
        accept_version(store, p, kataib, "carol", "rita")  # "nothing": rejected
        assert items_by_text(store)[("Kataib Hezbollah", "ACTOR")].decision == "rejected"


def test_a_link_needs_its_ends_and_a_rejected_end_asks_first(db):
    with Store(db) as store:
        p = pk(store)
        steps.accept_agreed(store, p, "rita")
        link = links_by_text(store)[(QUOTE, "SPEAKER", "Yahya Rasool")]
        with pytest.raises(DataError, match="not in gold: accept it first"):
            accept_link(store, link, "rita")
        rq.reject_item(store, items_by_text(store)[("Yahya Rasool", "ACTOR")], "rita")
        link = links_by_text(store)[(QUOTE, "SPEAKER", "Yahya Rasool")]
        assert link.decision == "rejected" and link.end_rejected
        with pytest.raises(rv.ConfirmationNeeded, match="was rejected"):
            accept_link(store, link, "rita")
        assert gold_of(store)[1] == set()
        assert "Yahya Rasool" not in {t for t, _l, _a in gold_of(store)[0]}
        done = accept_link(store, link, "rita", accept_ends=True)  # the reviewer said yes
        assert (done.items, done.links) == (1, 1)
        assert gold_of(store)[1] == {(QUOTE, "SPEAKER", "Yahya Rasool")}
        assert ("Yahya Rasool", "ACTOR", (("kind", "person"),)) in gold_of(store)[0]
        rv.undo(store, done)
        assert gold_of(store)[1] == set()
        assert items_by_text(store)[("Yahya Rasool", "ACTOR")].decision == "rejected"


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


def test_text_offsets_are_code_points_in_the_unicode_document(db):
    with Store(db) as store:
        items = items_by_text(store, UNICODE)
        assert set(items) == {("Fuad Hussein", "ACTOR"), ("يحيى رسول", "ACTOR")}
        assert all(i.state == "agree" for i in items.values())
        done = steps.accept_agreed(store, pk(store, UNICODE), "rita")
        assert (done.items, done.links) == (2, 0)
        assert {t for t, _l, _a in gold_of(store, UNICODE)[0]} == {"Fuad Hussein", "يحيى رسول"}
        assert TEXTS[UNICODE].count("\r") == 0


def test_conflicts_only_summary_and_a_pairs_disagreements(db):
    with Store(db) as store:
        p = pk(store)
        items = rq.review_items(store, p)
        texts = {(text_of(ARTICLE, i.start, i.end), i.label) for i in rq.conflicts(items)}
        assert texts == {("Yahya Rasool", "ACTOR"), ("Kataib Hezbollah", "ACTOR"),
                         (EVENT_C4, "EVENT"), ("Pentagon", "ACTOR"), ("Pentagon", "EVENT"),
                         ("drone attack", "EVENT"), ("a drone attack", "EVENT")}
        from annotator.store.review_links import conflicts as link_conflicts

        links = link_items(store, p, items)
        assert len(link_conflicts(links)) == 2  # neither SPEAKER link is drawn by all
        ab = {(text_of(ARTICLE, i.start, i.end), i.label)
              for i in rq.pair_disagreements(items, "alice", "bob")}
        assert ab == {("Yahya Rasool", "ACTOR")}  # military vs person
        ac = rq.pair_disagreements(items, "alice", "carol")
        assert len(ac) == 7 and ("Iraq's Prime Minister", "ACTOR") not in {
            (text_of(ARTICLE, i.start, i.end), i.label) for i in ac}
        steps.accept_agreed(store, p, "rita")
        summary = steps.review_summary(store, p)
        assert summary == {"review_status": "in_review", "reviewer": "rita",
                           "reviewed_at": summary["reviewed_at"], "items": 9, "links": 2,
                           "undecided_items": 7, "undecided_links": 2, "conflicts": 7,
                           "accepted": 2, "rejected": 0}


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


def test_a_threshold_of_one_leaves_rival_readings_to_the_reviewer(db):
    with Store(db) as store:
        p = pk(store)
        steps.accept_agreed(store, p, "rita")
        done = steps.accept_majority(store, p, "rita", at_least=1)
        spans, links = gold_of(store)
        texts = {(t, label) for t, label, _a in spans}
        # alone in their place: taken; Pentagon ACTOR/EVENT and the two drone attacks rival
        assert texts == {("Iraq's Prime Minister", "ACTOR"), (QUOTE, "QUOTE"),
                         ("Yahya Rasool", "ACTOR"), ("Kataib Hezbollah", "ACTOR"),
                         (EVENT_C4, "EVENT")}
        # the quote's two SPEAKERs come from two camps: neither is taken
        assert links == set() and (done.items, done.links) == (3, 0)
        with pytest.raises(DataError, match="at least 1 analyst"):
            steps.accept_majority(store, p, "rita", at_least=0)
