"""Attributes and registry actors edited in the label panel, each change undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from rich_ui_helpers import find, label

from annotator.store.entities import create_entity, list_entities


def attrs_in_db(reader, span_id):
    return reader.span(span_id).attrs


def test_choice_and_free_text_attributes_undo_redo(qtbot, window, reader):
    text = window.view.text
    event = label(qtbot, window, *find(text, "drone attack"), Qt.Key.Key_2)
    fields = window.rich.attributes.fields["EVENT"]
    box = fields["type"]
    assert window.rich.attributes.pages.currentWidget() is box.parentWidget()
    box.setCurrentText("attack")
    box.activated.emit(box.currentIndex())
    where = fields["location"]
    where.setText("Jordan")
    where.editingFinished.emit()
    assert attrs_in_db(reader, event) == {"type": "attack", "location": "Jordan"}
    window.editor.undo()
    assert attrs_in_db(reader, event) == {"type": "attack"}
    assert where.text() == ""  # the form follows the undo
    window.editor.undo()
    assert attrs_in_db(reader, event) == {}
    assert box.currentText() == "—"
    window.editor.redo()
    window.editor.redo()
    assert attrs_in_db(reader, event) == {"type": "attack", "location": "Jordan"}
    # clearing a free value removes the key
    where.setText("")
    where.editingFinished.emit()
    assert attrs_in_db(reader, event) == {"type": "attack"}


def test_unicode_free_text_attribute(qtbot, window, reader):
    window.step_document(1)  # the CRLF sample with Arabic and emoji
    text = window.view.text
    start = text.index("\u064a\u062d\u064a\u0649")
    span = label(qtbot, window, start, start + 9, Qt.Key.Key_2)
    where = window.rich.attributes.fields["EVENT"]["location"]
    where.setText("بغداد 🇮🇶")
    where.editingFinished.emit()
    assert attrs_in_db(reader, span) == {"location": "بغداد 🇮🇶"}


def test_actor_field_links_an_existing_actor_and_undo(qtbot, window, reader):
    pentagon = create_entity(window.store, "Pentagon", "military", ["US Department of Defense"])
    text = window.view.text
    span = label(qtbot, window, *find(text, "Pentagon"), Qt.Key.Key_1)
    field = window.rich.entity
    assert field.isVisible()
    field.edit.setText("us department of defense")  # an alias, any case
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert reader.span(span).entity == pentagon.id
    assert field.edit.text() == "Pentagon"
    window.editor.undo()
    assert reader.span(span).entity is None
    window.editor.redo()
    assert reader.span(span).entity == pentagon.id


def test_actor_field_creates_an_actor_in_place_and_undo_retires_it(qtbot, window, reader):
    text = window.view.text
    span = label(qtbot, window, *find(text, "Kataib Hezbollah"), Qt.Key.Key_1)
    field = window.rich.entity
    qtbot.keyClicks(field.edit, "Kataib")
    assert "Create actor 'Kataib'" in field.model.stringList()
    field.edit.setText("Kataib Hezbollah")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    entries = list_entities(reader)
    assert [(e.entity.name, e.mentions) for e in entries] == [("Kataib Hezbollah", 1)]
    assert reader.span(span).entity == entries[0].entity.id
    assert reader.spans(window.editor.doc.pk, "alice")[0].id == span  # Return took no suggestion
    window.editor.undo()
    assert list_entities(reader) == [] and reader.span(span).entity is None
    window.editor.redo()
    assert [(e.entity.name, e.mentions) for e in list_entities(reader)] == [
        ("Kataib Hezbollah", 1)]
    # the autocomplete now offers it by a word of its name
    field.edit.clear()
    qtbot.keyClicks(field.edit, "hezb")
    assert field.model.stringList()[0].startswith("Kataib Hezbollah")


def test_the_actor_field_is_only_for_actor_spans(qtbot, window):
    text = window.view.text
    label(qtbot, window, *find(text, "not complete"), Qt.Key.Key_3)
    assert not window.rich.entity.isVisible()
    assert list(window.rich.attributes.fields["QUOTE"]) == ["mode"]
