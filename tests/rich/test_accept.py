"""Accepting suggestions: the issue's acceptance test on the sample article, and undo."""

from __future__ import annotations

import pytest

from annotator.core.errors import DataError
from annotator.core.schema import default_schema
from annotator.core.suggest import Suggester
from annotator.store.entities import create_entity
from annotator.store.suggestions import accept, redo_accept, undo_accept


def _direct(text):
    return [s for s in Suggester().suggest(text) if s.attrs.get("mode") == "direct"]


def _speaker_links(store, pk, text):
    spans = {s.id: s for s in store.spans(pk, "alice")}
    return sorted((text[spans[r.head].start:spans[r.head].end],
                   text[spans[r.child].start:spans[r.child].end])
                  for r in store.relations(pk, "alice") if r.label == "SPEAKER")


def test_accepting_both_direct_quotes_gives_the_right_speaker_links(store, article):
    pk, text = article
    direct = _direct(text)
    assert len(direct) == 2
    for s in direct:
        span_ids, rel_ids, _ = accept(store, pk, "alice", s)
        assert len(span_ids) == 2 and len(rel_ids) == 1
    assert _speaker_links(store, pk, text) == [("blatant assassination", "Iraqi officials"),
                                               ("not complete", "Pentagon")]
    quotes = [s for s in store.spans(pk, "alice") if s.label == "QUOTE"]
    assert {q.attrs["mode"] for q in quotes} == {"direct"}
    # Once accepted they are annotations, so they are no longer suggested.
    assert _direct(text) and not [s for s in Suggester().suggest(
        text, store.spans(pk, "alice")) if s.attrs.get("mode") == "direct"]


def test_accept_is_one_transaction_and_undo_redo_put_it_back(store, crlf_doc):
    pk, text = crlf_doc
    heard = []
    store.subscribe(lambda c: heard.append((c.kind, store.conn.in_transaction)))
    quote = next(s for s in _direct(text) if text[s.start:s.end] == "unacceptable")
    done = accept(store, pk, "alice", quote)
    span_ids, (rel_id,), _ = done
    assert heard and all(not in_txn for _kind, in_txn in heard)  # told after the commit
    actor = store.span(span_ids[1])
    assert text[actor.start:actor.end] == "\u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644"
    undo_accept(store, done)
    assert store.spans(pk, "alice") == [] and store.relations(pk, "alice") == []
    redo_accept(store, done)
    assert [r.id for r in store.relations(pk, "alice")] == [rel_id]
    assert {s.id for s in store.spans(pk, "alice")} == set(span_ids)


def test_existing_actor_span_is_reused_and_not_returned(store, article):
    pk, text = article
    quote = next(s for s in _direct(text) if s.speaker.text == "Pentagon")
    actor = store.add_span(pk, "alice", quote.speaker.start, quote.speaker.end, "ACTOR")
    done = accept(store, pk, "alice", quote)
    span_ids = done.span_ids
    assert actor.id not in span_ids and len(span_ids) == 1
    assert [(r.head, r.child) for r in store.relations(pk, "alice")] == [(span_ids[0], actor.id)]
    undo_accept(store, done)
    assert [s.id for s in store.spans(pk, "alice")] == [actor.id]


def test_speaker_in_the_registry_is_linked_on_accept(store, crlf_doc):
    pk, text = crlf_doc
    fuad = create_entity(store, "Fuad Hussein", "person", ["Foreign Minister Fuad Hussein"])
    from annotator.store.entities import live_entities
    quote = next(s for s in Suggester(live_entities(store)).suggest(text)
                 if s.speaker and s.speaker.text.endswith("Fuad Hussein"))
    span_ids = accept(store, pk, "alice", quote).span_ids
    assert store.span(span_ids[1]).entity == fuad.id


def test_a_failed_accept_leaves_nothing_behind(store, article):
    pk, text = article
    schema = default_schema()
    schema.relations = [r for r in schema.relations if r.name != "SPEAKER"]
    store.set_schema(schema)
    quote = _direct(text)[0]
    with pytest.raises(DataError, match="no SPEAKER"):
        accept(store, pk, "alice", quote)
    assert store.spans(pk, "alice") == []
    # Without its speaker the quote alone is accepted.
    span_ids, rel_ids, _ = accept(store, pk, "alice", quote, with_speaker=False)
    assert len(span_ids) == 1 and rel_ids == []


def test_relation_rules_refuse_links_the_schema_does_not_allow(store, article):
    pk, text = article
    quote = store.add_span(pk, "alice", 0, 6, "QUOTE")
    actor = store.add_span(pk, "alice", text.index("Iraq"), text.index("Iraq") + 4, "ACTOR")
    event = store.add_span(pk, "alice", text.index("airstrikes"),
                           text.index("airstrikes") + 10, "EVENT")
    other = store.add_span(pk, "bob", 0, 6, "ACTOR")
    for head, child, label in [(actor, quote, "SPEAKER"), (quote, actor, "AGENT"),
                               (event, quote, "TARGET"), (quote, other, "SPEAKER"),
                               (quote, actor, "CAUSE")]:
        with pytest.raises(DataError):
            store.add_relation(head.id, child.id, label)
    store.add_relation(quote.id, actor.id, "SPEAKER")
    store.add_relation(event.id, actor.id, "AGENT")
    with pytest.raises(DataError, match="exists already"):
        store.add_relation(quote.id, actor.id, "SPEAKER")
    assert sorted(r.label for r in store.relations(pk)) == ["AGENT", "SPEAKER"]
