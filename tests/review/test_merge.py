"""Merging analysts' files: same result in every order, idempotent, tombstones by time."""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest
from review_helpers import TEXTS, at, label, pk_of

from annotator.core.errors import InputError
from annotator.core.model import Document
from annotator.store import Store
from annotator.store.merge import snapshot
from annotator.transfer.merge_source import merge_file


def _contents(path: Path) -> dict:
    with Store(path) as store:
        return snapshot(store.conn)


def _merge_all(target: Path, files: list[Path]) -> list:
    with Store(target) as store:
        return [merge_file(store, f) for f in files]


@pytest.fixture
def analysts(copy_of, tmp_path) -> list[Path]:
    """alice and bob label copies of the lead's file; alice also labeled on a laptop where
    the same article was imported on its own (another document id, the same text)."""
    alice, bob = copy_of("alice"), copy_of("bob")
    with Store(alice) as store:
        pk = pk_of(store, "doc-putin")
        actor = store.add_span(pk, "alice", *at("doc-putin", "Putin"), "ACTOR",
                               span_id="zz-alice-putin")
        quote = store.add_span(pk, "alice", *at("doc-putin", "talks failed"), "QUOTE")
        store.add_relation(quote.id, actor.id, "SPEAKER")
        store.set_status(pk, "alice", "done")
    label(alice, "alice", "doc-arabic", [("Kataib Hezbollah", "ACTOR"), ("😀", "EVENT")])
    label(bob, "bob", "doc-putin", [("Putin", "ACTOR"), ("talks", "QUOTE")])
    label(bob, "bob", "doc-arabic", [("Kataib Hezbollah", "ACTOR"), ("«الهجوم»", "EVENT")])
    with Store(bob) as store:
        store.ensure_labels(["LOCATION"])
    gone = label(bob, "bob", "doc-iraq", [("al-Qaim", "LOCATION"), ("Baghdad", "ACTOR")])
    with Store(bob) as store:
        store.delete_span(gone[1])
    laptop = tmp_path / "laptop.sqlite"
    with Store(laptop) as store:
        pk = store.add_document(Document("aaa-putin", TEXTS["doc-putin"]))
        store.add_span(pk, "alice", *at("doc-putin", "Putin"), "ACTOR", span_id="aa-alice-putin")
        store.add_span(pk, "carol", *at("doc-putin", "said"), "EVENT")
    return [alice, bob, laptop]


def test_every_order_gives_the_same_database(analysts, tmp_path):
    results = []
    for n, order in enumerate(permutations(analysts)):
        target = tmp_path / f"merged-{n}.sqlite"
        _merge_all(target, list(order))
        results.append(_contents(target))
    assert all(r == results[0] for r in results[1:])
    merged = results[0]
    assert [d[0] for d in merged["documents"]] == ["aaa-putin", "doc-arabic", "doc-iraq"]
    assert ("LOCATION",) in merged["labels"]
    live = {(s[2], s[3], s[4], s[5]): s[0] for s in merged["spans"] if not s[11]}
    # alice's Putin was labeled twice under two ids: the smaller id stays, her link follows.
    assert live[("alice", *at("doc-putin", "Putin"), "ACTOR")] == "aa-alice-putin"
    (rel,) = [r for r in merged["relations"] if not r[10]]
    assert rel[4] == "aa-alice-putin" and rel[5] == "SPEAKER"
    # bob's deleted span stays deleted; everyone's layer is theirs.
    assert ("bob", *at("doc-iraq", "Baghdad"), "ACTOR") not in live
    assert {s[2] for s in merged["spans"]} == {"alice", "bob", "carol"}
    text = TEXTS["doc-arabic"]
    arabic = [text[s[3]:s[4]] for s in merged["spans"] if s[1] == "doc-arabic" and s[2] == "bob"]
    assert sorted(arabic) == sorted(["Kataib Hezbollah", "«الهجوم»"])


def test_pairs_merge_the_same_both_ways(analysts, tmp_path):
    alice, bob, _laptop = analysts
    one, two = tmp_path / "ab.sqlite", tmp_path / "ba.sqlite"
    _merge_all(one, [alice, bob])
    _merge_all(two, [bob, alice])
    assert _contents(one) == _contents(two)


def test_merging_again_changes_nothing(analysts, tmp_path):
    target = tmp_path / "merged.sqlite"
    first = _merge_all(target, analysts)
    assert first[1].labels_added == ["LOCATION"]
    assert first[1].spans["bob"].added == 5
    before = _contents(target)
    again = _merge_all(target, analysts)
    assert [s.lines() for s in again if s.changed] == []
    assert all("nothing new" in s.lines()[-1] for s in again)
    assert _contents(target) == before


def test_self_merge_is_refused_and_changes_nothing(analysts):
    """Merging the open database into itself would read its file while connected, which
    drops SQLite's locks (issue 18): refused before anything is opened."""
    alice = analysts[0]
    before = _contents(alice)
    with Store(alice) as store, pytest.raises(InputError, match="open here"):
        merge_file(store, alice)
    assert _contents(alice) == before


def _span_row(path: Path, span_id: str) -> tuple:
    with Store(path) as store:
        return store.conn.execute('SELECT deleted, label FROM spans WHERE id = ?',
                                  (span_id,)).fetchone()


def test_newer_tombstone_wins_in_both_orders(copy_of, tmp_path):
    a, b = copy_of("a"), copy_of("b")
    (sid,) = label(a, "alice", "doc-putin", [("Putin", "ACTOR")])
    b.write_bytes(a.read_bytes())  # alice carries her file to another machine
    with Store(a) as store:
        store.update_span(sid, label="EVENT")  # first, on one machine
    with Store(b) as store:
        store.delete_span(sid)  # later, on the other
    for order, name in (([a, b], "ab"), ([b, a], "ba")):
        target = tmp_path / f"{name}.sqlite"
        _merge_all(target, order)
        assert _span_row(target, sid) == (1, "ACTOR")  # the deleted version, as b has it


def test_newer_edit_beats_older_tombstone_in_both_orders(copy_of, tmp_path):
    a, b = copy_of("a"), copy_of("b")
    (sid,) = label(a, "alice", "doc-putin", [("Putin", "ACTOR")])
    b.write_bytes(a.read_bytes())
    with Store(b) as store:
        store.delete_span(sid)  # first
    with Store(a) as store:
        store.update_span(sid, label="EVENT")  # later: the span lives on
    for order, name in (([a, b], "ab"), ([b, a], "ba")):
        target = tmp_path / f"{name}.sqlite"
        summaries = _merge_all(target, order)
        assert _span_row(target, sid) == (0, "EVENT")
        assert sum(s.spans["alice"].added for s in summaries if "alice" in s.spans) == 1
