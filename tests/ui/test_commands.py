"""Each undo command: do, undo, redo, checked in the database."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from annotator.core.model import Document
from annotator.ui.article.commands import AddSpan, DeleteSpan, RelabelSpan, SetStatus

TEXT = "🇮🇶 Kataib Hezbollah said: «we will respond»."


@pytest.fixture
def doc(store):
    return store.add_document(Document("d1", TEXT, "T"))


def live(store, doc):
    return [(s.id, TEXT[s.start:s.end], s.label) for s in store.spans(doc, "alice")]


def push(stack, cmd):
    cmd.execute()
    stack.push(cmd)
    return cmd


def test_add_span_undo_redo_keeps_the_uuid(qapp, store, doc):
    stack = QUndoStack()
    i = TEXT.index("Kataib")
    cmd = push(stack, AddSpan(store, doc, "alice", i, i + 16, "ACTOR", "Kataib Hezbollah"))
    assert live(store, doc) == [(cmd.span_id, "Kataib Hezbollah", "ACTOR")]
    assert stack.undoText() == "Add ACTOR 'Kataib Hezbollah'"
    stack.undo()
    assert live(store, doc) == []
    stack.redo()
    assert live(store, doc) == [(cmd.span_id, "Kataib Hezbollah", "ACTOR")]


def test_delete_span_restores_its_relations(qapp, store, doc):
    i, q = TEXT.index("Kataib"), TEXT.index("«")
    actor = store.add_span(doc, "alice", i, i + 16, "ACTOR")
    quote = store.add_span(doc, "alice", q, len(TEXT) - 1, "QUOTE")
    rel = store.add_relation(quote.id, actor.id, "SPEAKER")
    stack = QUndoStack()
    push(stack, DeleteSpan(store, doc, actor.id, "ACTOR", "Kataib Hezbollah"))
    assert [s[0] for s in live(store, doc)] == [quote.id]
    assert store.relations(doc, "alice") == []
    stack.undo()
    assert {s[0] for s in live(store, doc)} == {actor.id, quote.id}
    assert [r.id for r in store.relations(doc, "alice")] == [rel.id]
    stack.redo()
    assert store.relations(doc, "alice") == []


def test_relabel_span(qapp, store, doc):
    i = TEXT.index("Kataib")
    span = store.add_span(doc, "alice", i, i + 6, "ACTOR")
    stack = QUndoStack()
    push(stack, RelabelSpan(store, doc, span.id, "ACTOR", "EVENT", "Kataib"))
    assert live(store, doc) == [(span.id, "Kataib", "EVENT")]
    stack.undo()
    assert live(store, doc) == [(span.id, "Kataib", "ACTOR")]
    stack.redo()
    assert live(store, doc) == [(span.id, "Kataib", "EVENT")]


def test_set_status(qapp, store, doc):
    store.set_status(doc, "alice", "in_progress")
    stack = QUndoStack()
    push(stack, SetStatus(store, doc, "alice", "done", "T"))
    assert store.status(doc, "alice") == "done"
    stack.undo()
    assert store.status(doc, "alice") == "in_progress"
    stack.redo()
    assert store.status(doc, "alice") == "done"


def test_undo_meeting_a_conflict_reports_instead_of_raising(qapp, store, doc):
    messages = []
    stack = QUndoStack()
    cmd = push(stack, AddSpan(store, doc, "alice", 0, 1, "ACTOR", "x", messages.append))
    stack.undo()
    store.add_span(doc, "alice", 0, 1, "ACTOR")  # the same span labeled again meanwhile
    stack.redo()
    assert len(messages) == 1 and "labeled again" in messages[0]
    assert len(store.spans(doc, "alice")) == 1
    assert cmd.span_id not in {s.id for s in store.spans(doc, "alice")}
