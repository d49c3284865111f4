"""One truth for actors (issue 19): accepted speakers reuse the ACTOR already there and
never bring back a rejected one; the registry's kind and the spans' `kind` move together,
with an exact undo; spans made from suggestions carry the schema's attributes."""

from __future__ import annotations

import pytest

from annotator.core.errors import DataError
from annotator.core.schema import AttributeDef, default_schema
from annotator.core.suggest import Suggester
from annotator.store import actor_sync
from annotator.store.entities import create_entity, get_entity, live_entities
from annotator.store.rejections import reject, rejected, unreject
from annotator.store.schema_guard import apply_schema
from annotator.store.suggestions import accept, actor_for, redo_accept, undo_accept


def _at(text, words, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def _quote(store, text, words):
    return next(s for s in Suggester(live_entities(store)).suggest(text)
                if s.label == "QUOTE" and words in text[s.start:s.end])


def _speakers(store, pk, text):
    spans = {s.id: s for s in store.spans(pk, "alice")}
    return sorted((text[spans[r.head].start:spans[r.head].end],
                   text[spans[r.child].start:spans[r.child].end])
                  for r in store.relations(pk, "alice") if r.label == "SPEAKER")


def test_speaker_links_to_the_enclosing_actor_not_a_new_overlapping_one(store, article):
    pk, text = article
    the_pentagon = store.add_span(pk, "alice", *_at(text, "The Pentagon"), "ACTOR")
    quote = _quote(store, text, "not complete")
    assert quote.speaker.text == "Pentagon"
    done = accept(store, pk, "alice", quote)
    assert len(done.span_ids) == 1  # the quote alone: no second ACTOR
    actors = [s for s in store.spans(pk, "alice") if s.label == "ACTOR"]
    assert [s.id for s in actors] == [the_pentagon.id]
    assert _speakers(store, pk, text) == [("not complete", "The Pentagon")]
    undo_accept(store, done)
    assert [s.id for s in store.spans(pk, "alice")] == [the_pentagon.id]


def test_a_rejected_speaker_is_never_created(store, article):
    pk, text = article
    quote = _quote(store, text, "not complete")
    reject(store, pk, "alice", [(quote.speaker.start, quote.speaker.end, "ACTOR")])
    done = accept(store, pk, "alice", quote)
    assert [s.label for s in store.spans(pk, "alice")] == ["QUOTE"]
    assert done.relation_ids == []
    # Once the analyst labels the actor themselves, the next quote links to it.
    actor = store.add_span(pk, "alice", *_at(text, "The Pentagon"), "ACTOR")
    assert actor_for(store, pk, "alice", quote.speaker.start, quote.speaker.end) == actor.id


def test_rejections_persist_per_layer_and_are_left_out_of_suggestions(store, db_path, article):
    pk, text = article
    quote = _quote(store, text, "not complete")
    assert reject(store, pk, "alice", [quote.key, quote.key]) == [quote.key]
    assert reject(store, pk, "alice", [quote.key]) == []
    assert rejected(store, pk, "alice") == {quote.key} and rejected(store, pk, "bob") == set()
    keys = {s.key for s in Suggester().suggest(text, [], rejected(store, pk, "alice"))}
    assert quote.key not in keys
    unreject(store, pk, "alice", [quote.key])
    assert rejected(store, pk, "alice") == set()


def test_actor_for_prefers_exact_then_enclosing_then_overlapping(store, article):
    pk, text = article
    a, b = _at(text, "US Central Command")
    inner = store.add_span(pk, "alice", a + 3, b, "ACTOR")  # Central Command
    assert actor_for(store, pk, "alice", a, b) == inner.id  # the one inside
    outer = store.add_span(pk, "alice", a - 4, b, "ACTOR")  # The US Central Command
    assert actor_for(store, pk, "alice", a, b) == outer.id  # enclosing beats inside
    exact = store.add_span(pk, "alice", a, b, "ACTOR")
    assert actor_for(store, pk, "alice", a, b) == exact.id
    assert actor_for(store, pk, "bob", a, b) is None
    store.add_span(pk, "alice", a, b, "EVENT")
    assert actor_for(store, pk, "alice", b + 5, b + 9) is None


def test_coordinated_speakers_each_get_a_speaker_link(store, article):
    pk, text = article
    quote = _quote(store, text, "do not seek war")
    done = accept(store, pk, "alice", quote)
    assert len(done.span_ids) == 3 and len(done.relation_ids) == 2
    assert _speakers(store, pk, text) == [("they do not seek war", "Iran"),
                                          ("they do not seek war", "US")]
    undo_accept(store, done)
    assert store.spans(pk, "alice") == []
    redo_accept(store, done)
    assert len(store.relations(pk, "alice")) == 2


def test_accepted_spans_carry_defaults_the_actors_kind_and_the_title(store, crlf_doc):
    pk, text = crlf_doc
    schema = default_schema()
    schema.label("QUOTE").attribute("mode").required = True
    schema.label("ACTOR").attributes.append(AttributeDef("title"))
    schema.label("ACTOR").attribute("kind").default = "other"
    apply_schema(store, schema)
    fuad = create_entity(store, "Fuad Hussein", "person")
    quote = _quote(store, text, "battlefield")
    done = accept(store, pk, "alice", quote)
    q, actor = (store.span(sid) for sid in done.span_ids)
    assert q.attrs == {"mode": "direct"}
    assert text[actor.start:actor.end] == "Fuad Hussein"
    assert actor.entity == fuad.id
    assert actor.attrs == {"kind": "person", "title": "Foreign Minister"}
    other = _quote(store, text, "Nobody warned us")
    actor = store.span(accept(store, pk, "alice", other).span_ids[1])
    assert actor.attrs == {"kind": "other"}  # no registry actor: the schema's default


def test_setting_the_registry_kind_sets_every_linked_span_and_undoes(store, article):
    pk, text = article
    pentagon = create_entity(store, "Pentagon", "military")
    spans = [store.add_span(pk, who, *_at(text, "Pentagon", n), "ACTOR", {"kind": "military"},
                            pentagon.id) for who, n in (("alice", 0), ("bob", 1))]
    heard = []
    store.subscribe(lambda c: heard.append(store.conn.in_transaction))
    snap = actor_sync.set_entity_kind(store, pentagon.id, "government_body")
    assert heard and not any(heard)  # one transaction, announced after it committed
    assert get_entity(store, pentagon.id).kind == "government_body"
    assert {store.span(s.id).attrs["kind"] for s in spans} == {"government_body"}
    actor_sync.restore(store, snap)
    assert get_entity(store, pentagon.id).kind == "military"
    assert {store.span(s.id).attrs["kind"] for s in spans} == {"military"}
    with pytest.raises(DataError, match="unknown actor kind"):
        actor_sync.set_entity_kind(store, pentagon.id, "bakery")


def test_setting_a_spans_kind_moves_the_registry_and_the_other_spans(store, article):
    pk, text = article
    us = create_entity(store, "US", "state")
    one = store.add_span(pk, "alice", *_at(text, "US"), "ACTOR", {"kind": "state"}, us.id)
    two = store.add_span(pk, "alice", *_at(text, "US", 1), "ACTOR", {"kind": "state"}, us.id)
    snap = actor_sync.set_span_attrs(store, one.id, {"kind": "military"})
    assert get_entity(store, us.id).kind == "military"
    assert store.span(two.id).attrs == {"kind": "military"}
    after = actor_sync.after_of(store, snap)
    actor_sync.restore(store, snap)
    assert get_entity(store, us.id).kind == "state"
    assert store.span(one.id).attrs == store.span(two.id).attrs == {"kind": "state"}
    actor_sync.reapply(store, snap, after)
    assert get_entity(store, us.id).kind == "military"
    # Other attributes of an unlinked span are just set.
    free = store.add_span(pk, "alice", *_at(text, "Iraq"), "ACTOR")
    actor_sync.set_span_attrs(store, free.id, {"kind": "state"})
    assert store.span(free.id).attrs == {"kind": "state"}


def test_linking_brings_kinds_in_step_both_ways(store, article):
    pk, text = article
    iraq = create_entity(store, "Iraq", "state")
    kh = create_entity(store, "Kataib Hezbollah")
    span = store.add_span(pk, "alice", *_at(text, "Iraq"), "ACTOR")
    snap = actor_sync.link_span(store, span.id, iraq.id)
    assert store.span(span.id).entity == iraq.id and store.span(span.id).attrs["kind"] == "state"
    actor_sync.restore(store, snap)
    assert store.span(span.id).entity is None and store.span(span.id).attrs == {}
    khs = store.add_span(pk, "alice", *_at(text, "Kataib Hezbollah"), "ACTOR",
                         {"kind": "armed_group"})
    actor_sync.link_span(store, khs.id, kh.id)
    assert get_entity(store, kh.id).kind == "armed_group"


def test_create_actor_for_span_takes_its_kind_and_undoes_whole(store, article):
    pk, text = article
    span = store.add_span(pk, "alice", *_at(text, "Iraqi officials"), "ACTOR",
                          {"kind": "government_body"})
    entity, snap = actor_sync.create_actor_for_span(store, span.id, "Iraqi government")
    assert entity.kind == "government_body" and store.span(span.id).entity == entity.id
    actor_sync.restore(store, snap)
    assert store.span(span.id).entity is None
    assert [e.name for e in live_entities(store)] == []


def test_a_pattern_id_becomes_the_linked_registry_actor(store, article, tmp_path):
    pk, text = article
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "ACTOR", "pattern": "Pentagon", "id": "us-dod"}\n'
                        '{"label": "ACTOR", "pattern": [{"lower": "us"}, {"lower": "central"}, '
                        '{"lower": "command"}], "id": "us-dod"}\n', encoding="utf-8")
    found = [s for s in Suggester.from_files([], [patterns]).suggest(text)
             if s.source.startswith("patterns")]
    assert {s.pattern_id for s in found} == {"us-dod"} and all(s.entity is None for s in found)
    first = accept(store, pk, "alice", found[0])
    assert first.entity_ids == ["us-dod"]
    assert get_entity(store, "us-dod").name == text[found[0].start:found[0].end]
    second = accept(store, pk, "alice", found[1])
    assert second.entity_ids == []  # the actor exists now: linked, not created again
    assert {s.entity for s in store.spans(pk, "alice")} == {"us-dod"}
    undo_accept(store, second)
    undo_accept(store, first)
    assert live_entities(store) == []
    redo_accept(store, first)
    assert [e.id for e in live_entities(store)] == ["us-dod"]
