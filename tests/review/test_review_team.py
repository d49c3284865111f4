"""Adjudication by a reviewer over three analysts' merged files (tests/review/team3.py):
gold holds only what she decided, and the export and agreement say so."""

from __future__ import annotations

import pytest
from team3 import (
    ARTICLE,
    EVENT_C4,
    QUOTE,
    TEXTS,
    UNICODE,
    gold_of,
    items_by_text,
    links_by_text,
    pk,
    rq_versions,
    text_of,
)

from annotator.core.errors import DataError
from annotator.store import Store, review_log
from annotator.store import review as rv
from annotator.store import review_queries as rq
from annotator.store import review_steps as steps
from annotator.store.review_links import accept_link, link_items


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


