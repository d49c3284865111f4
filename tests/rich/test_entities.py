"""The actor registry: create, rename, link spans, mentions, search, merge and its undo."""

from __future__ import annotations

import pytest

from annotator.core.errors import DataError
from annotator.store.entities import (
    create_entity,
    delete_entity,
    get_entity,
    link_span,
    list_entities,
    mentions,
    merge_entities,
    resolve,
    restore_entity,
    search_entities,
    undo_merge,
    unlink_span,
    update_entity,
)


def _actor(store, pk, text, word, annotator="alice", nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return store.add_span(pk, annotator, start, start + len(word), "ACTOR").id


def test_create_and_update_announce_entities(store):
    heard = []
    store.subscribe(heard.append)
    kh = create_entity(store, " Kataib Hezbollah ", "armed_group", ["KH", "KH", "", "Kataib Hezbollah"])
    assert (kh.name, kh.aliases) == ("Kataib Hezbollah", ["KH"])
    old = update_entity(store, kh.id, name="Kata'ib Hizballah", aliases=["KH", "Kataib Hezbollah"])
    assert old.name == "Kataib Hezbollah"
    now = get_entity(store, kh.id)
    assert now.name == "Kata'ib Hizballah" and now.kind == "armed_group"
    assert now.aliases == ["KH", "Kataib Hezbollah"]
    assert [(c.kind, c.ids) for c in heard] == [("entities", (kh.id,))] * 2


def test_kind_and_name_are_checked_against_the_schema(store):
    with pytest.raises(DataError, match="unknown actor kind"):
        create_entity(store, "Pentagon", "ministry")
    with pytest.raises(DataError, match="needs a name"):
        create_entity(store, "  ")
    assert list_entities(store) == []


def test_link_mentions_and_counts_across_documents_and_layers(store, article, crlf_doc):
    pk, text = article
    pk2, text2 = crlf_doc
    iraq = create_entity(store, "Iraq", "state")
    create_entity(store, "United States", "state", ["US"])
    a = _actor(store, pk, text, "Iraq")
    b = _actor(store, pk, text, "Iraq", annotator="bob", nth=1)
    c = _actor(store, pk2, text2, "Iraq")
    for sid in (a, b, c):
        assert link_span(store, sid, iraq.id) is None
    counts = {e.entity.name: (e.mentions, e.documents) for e in list_entities(store)}
    assert counts == {"Iraq": (3, 2), "United States": (0, 0)}
    found = mentions(store, iraq.id)
    assert [(m.doc, m.span_id, m.text) for m in found] == [
        (pk, a, "Iraq"), (pk, b, "Iraq"), (pk2, c, "Iraq")]
    assert found[2].start == text2.index("Iraq")  # code points, after the CRLF sample's dash
    # Each mention names its document by title (what the registry dock lists), not its id.
    assert [m.title for m in found] == [store.document(m.doc).title for m in found]
    assert found[0].title and found[0].title != found[0].doc_id
    assert unlink_span(store, b) == iraq.id
    assert store.span(b).entity is None
    assert [m.span_id for m in mentions(store, iraq.id)] == [a, c]


def test_link_is_one_change_of_the_span_and_of_the_registry(store, article):
    pk, text = article
    ent = create_entity(store, "Pentagon", "military")
    sid = _actor(store, pk, text, "Pentagon")
    heard = []
    store.subscribe(heard.append)
    link_span(store, sid, ent.id)
    assert {(c.kind, c.ids) for c in heard} == {("spans", (sid,)), ("entities", (ent.id,))}


def test_only_actor_spans_link_to_live_actors(store, article):
    pk, text = article
    ent = create_entity(store, "Pentagon")
    quote = store.add_span(pk, "alice", 0, 6, "QUOTE").id
    with pytest.raises(DataError, match="only ACTOR spans"):
        link_span(store, quote, ent.id)
    sid = _actor(store, pk, text, "Pentagon")
    with pytest.raises(DataError, match="no live registry actor"):
        link_span(store, sid, "nobody")
    assert store.span(sid).entity is None


def test_search_by_name_or_alias_word_prefix(store):
    kh = create_entity(store, "Kataib Hezbollah", "armed_group", ["KH"])
    hez = create_entity(store, "Hezbollah", "armed_group")
    create_entity(store, "United States", "state", ["US", "America"])
    assert [e.id for e in search_entities(store, "hez")] == [hez.id, kh.id]
    assert [e.name for e in search_entities(store, "kh")] == ["Kataib Hezbollah"]
    assert [e.name for e in search_entities(store, "amer")] == ["United States"]
    assert search_entities(store, "%") == [] and search_entities(store, " ") == []


def test_merge_moves_every_mention_and_leaves_a_tombstone(store, article):
    pk, text = article
    us = create_entity(store, "United States", "state", ["USA"])
    dup = create_entity(store, "US", "state", ["America"])
    s1 = _actor(store, pk, text, "US")
    s2 = _actor(store, pk, text, "US", nth=1)
    s3 = _actor(store, pk, text, "US", nth=2)
    link_span(store, s1, us.id)
    link_span(store, s2, dup.id)
    link_span(store, s3, dup.id)
    result = merge_entities(store, us.id, dup.id)
    assert sorted(result.moved_spans) == sorted([s2, s3])
    assert [e.entity.id for e in list_entities(store)] == [us.id]
    assert list_entities(store)[0].mentions == 3
    assert get_entity(store, us.id).aliases == ["USA", "US", "America"]
    row = store.conn.execute("SELECT merged_into FROM entities WHERE id = ?", (dup.id,)).fetchone()
    assert row[0] == us.id and resolve(store, dup.id) == us.id
    with pytest.raises(DataError):
        link_span(store, s1, dup.id)  # a tombstone takes no new mentions

    undo_merge(store, result)
    assert {e.entity.id: e.mentions for e in list_entities(store)} == {us.id: 1, dup.id: 2}
    assert get_entity(store, us.id).aliases == ["USA"]
    assert resolve(store, dup.id) == dup.id


def test_merge_refuses_itself_and_unknown(store):
    a = create_entity(store, "Iraq")
    with pytest.raises(DataError):
        merge_entities(store, a.id, a.id)
    with pytest.raises(DataError):
        merge_entities(store, a.id, "nobody")


def test_delete_is_refused_while_mentioned_and_restores(store, article):
    pk, text = article
    ent = create_entity(store, "Iraq")
    sid = _actor(store, pk, text, "Iraq")
    link_span(store, sid, ent.id)
    with pytest.raises(DataError, match="still linked"):
        delete_entity(store, ent.id)
    unlink_span(store, sid)
    delete_entity(store, ent.id)
    assert list_entities(store) == []
    restore_entity(store, ent.id)
    assert [e.entity.id for e in list_entities(store)] == [ent.id]
