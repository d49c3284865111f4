"""The store: de-duplication on import, annotations added to present documents, tombstones,
one transaction per change, listeners told after the commit."""

from __future__ import annotations

import sqlite3

import orjson
import pytest

from annotator.core.errors import DataError, InputError
from annotator.core.model import AnnotatedDocument, Document, Span
from annotator.store import Store
from annotator.transfer.pipeline import import_paths

TEXT = "Kataib Hezbollah said the strike \U0001F620 was \u00abunacceptable\u00bb."
Q_START = TEXT.index("\u00ab")
Q_END = len(TEXT) - 1


def _rec(doc_id, text=TEXT, annotator=None, spans=(), status=None):
    return AnnotatedDocument(Document(doc_id, text), annotator, status,
                             [Span(s, e, lab) for s, e, lab in spans], line=1,
                             source_path="mem.jsonl")


def _count(store: Store, table: str, where: str = "1") -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def test_same_id_is_stored_once_and_other_ids_are_other_documents(store):
    s = store.ingest([_rec("a"), _rec("a"), _rec("b")], "alice")
    assert (s.documents_added, s.duplicates_skipped) == (2, 1)
    assert store.count_documents() == 2
    assert store.document_by_id("b") is not None  # same text, another explicit id


def test_records_without_an_id_match_by_text(store):
    from annotator.core.ids import text_hash

    derived = text_hash(TEXT)[:16]  # the id an importer gives a record that names none
    s = store.ingest([_rec("a"), _rec(derived), _rec(None)], "alice")
    assert (s.documents_added, s.duplicates_skipped) == (1, 2)
    assert store.count_documents() == 1


def test_annotations_for_a_present_document_are_added_to_it(store):
    store.ingest([_rec("a")], "alice")
    s = store.ingest([_rec(None, annotator="bob", spans=[(0, 16, "ACTOR")]),
                      _rec("a", annotator="carol", spans=[(Q_START, Q_END, "QUOTE")], status="done")],
                     "alice")
    assert (s.documents_added, s.documents_annotated, s.spans_added) == (0, 2, 2)
    pk = store.document_by_id("a").pk
    assert [(sp.annotator, TEXT[sp.start:sp.end]) for sp in store.spans(pk)] == [
        ("bob", "Kataib Hezbollah"), ("carol", "\u00abunacceptable\u00bb")]
    assert store.layers(pk) == {"bob": "in_progress", "carol": "done"}
    # The same annotations again add nothing and are reported as present.
    s = store.ingest([_rec("a", annotator="bob", spans=[(0, 16, "ACTOR")])], "alice")
    assert (s.spans_added, s.spans_existing, s.duplicates_skipped) == (0, 1, 1)
    assert _count(store, "spans") == 2


def test_same_id_with_another_text_is_refused_and_nothing_kept(store):
    store.ingest([_rec("a")], "alice")
    with pytest.raises(InputError, match="already stored with a different text"):
        store.ingest([_rec("new", "A new article."), _rec("a", "Changed text.")], "alice")
    assert _count(store, "documents") == 1


def test_imported_spans_get_default_annotator_and_status(store, tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(orjson.dumps({"text": TEXT, "spans": [
        {"start": 0, "end": 16, "label": "ACTOR", "attrs": {"kind": "armed_group"}}]}) + b"\n")
    import_paths(store, [p], annotator="dana")
    (span,) = store.spans(1)
    assert (span.annotator, span.attrs, store.status(1, "dana")) == (
        "dana", {"kind": "armed_group"}, "in_progress")
    assert len(span.id) == 36 and span.updated_at.endswith("Z")


def test_unknown_labels_are_added_to_the_schema_with_a_note(store):
    s = store.ingest([_rec("a", annotator="x", spans=[(0, 6, "WEAPON")])], "alice")
    assert "WEAPON" in store.schema().label_names
    assert s.notes == ["labels added to the schema: WEAPON"]


def test_delete_leaves_tombstones_and_restore_brings_links_back(store):
    store.ingest([_rec("a")], "alice")
    pk = store.document_by_id("a").pk
    actor = store.add_span(pk, "alice", 0, 16, "ACTOR")
    quote = store.add_span(pk, "alice", Q_START, Q_END, "QUOTE")
    rel = store.add_relation(quote.id, actor.id, "SPEAKER")
    assert store.delete_span(actor.id) == [rel.id]
    assert _count(store, "spans", "deleted = 1") == 1
    assert _count(store, "relations", "deleted = 1") == 1
    assert [s.id for s in store.spans(pk)] == [quote.id]
    assert store.relations(pk) == []
    store.restore_span(actor.id, [rel.id])
    assert [r.id for r in store.relations(pk)] == [rel.id]
    assert store.status(pk, "alice") == "in_progress"


def test_add_span_refuses_bad_offsets_and_labels(store):
    store.ingest([_rec("a")], "alice")
    with pytest.raises(DataError, match="outside the text"):
        store.add_span(1, "alice", 40, len(TEXT) + 1, "ACTOR")
    with pytest.raises(DataError, match="unknown label"):
        store.add_span(1, "alice", 0, 6, "NOPE")
    store.add_span(1, "alice", 0, 6, "ACTOR")
    with pytest.raises(DataError, match="already labeled"):
        store.add_span(1, "alice", 0, 6, "ACTOR")
    with pytest.raises(DataError, match="SPEAKER links QUOTE to ACTOR"):
        a = store.spans(1)[0]
        b = store.add_span(1, "alice", 7, 16, "ACTOR")
        store.add_relation(a.id, b.id, "SPEAKER")


def test_listeners_hear_after_commit_and_not_after_rollback(store):
    heard = []
    store.subscribe(lambda change: heard.append(
        (change.kind, store.conn.in_transaction)))
    store.ingest([_rec("a")], "alice")
    assert heard == [("documents", False)]
    heard.clear()
    with pytest.raises(InputError):
        store.ingest([_rec("b", "Other."), _rec("c", "Bad", spans=[(0, 9, "ACTOR")])], "x")
    assert heard == []


def test_writes_begin_immediate_so_a_second_writer_waits(store, db_path):
    store.ingest([_rec("a")], "alice")
    other = sqlite3.connect(db_path, timeout=0.05, isolation_level=None)
    try:
        # Our transaction holds the write lock from its first statement.
        with store.write(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_reload_schema_sees_another_connections_labels(db_path):
    from annotator.core.schema import LabelDef
    from annotator.store import Store

    first, second = Store(db_path), Store(db_path)
    try:
        assert first.reload_schema() is False
        second.ensure_labels(["PLACE"])
        assert first.schema().label("PLACE") is None  # cached until told to re-read
        assert first.reload_schema() is True
        assert isinstance(first.schema().label("PLACE"), LabelDef)
    finally:
        first.close()
        second.close()


def test_an_edit_never_reaches_a_deleted_span(store):
    """A panel that still shows a deleted span cannot write through it (issue 13)."""
    from annotator.core.errors import DataError

    pk = store.add_document(Document(id="d-stale", text="Airstrikes hit Baghdad.", title="t"))
    sid = store.add_span(pk, "alice", 0, 10, "EVENT").id
    store.delete_span(sid)
    before = store.conn.execute("SELECT attrs, updated_at FROM spans WHERE id = ?",
                                (sid,)).fetchone()
    with pytest.raises(DataError, match="was deleted"):
        store.update_span(sid, attrs={"date": "2024-02-11"})
    after = store.conn.execute("SELECT attrs, updated_at FROM spans WHERE id = ?",
                               (sid,)).fetchone()
    assert after == before
