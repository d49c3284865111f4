"""Links made with S/A/T and a click, refused when the schema forbids them, listed,
deleted and undone; checked in the database through a second connection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from rich_ui_helpers import click_span, find, label


def links_in_db(reader, window):
    text = window.view.text
    spans = {s.id: s for s in reader.spans(window.editor.doc.pk, "alice")}
    return sorted((r.label, text[spans[r.head].start:spans[r.head].end],
                   text[spans[r.child].start:spans[r.child].end])
                  for r in reader.relations(window.editor.doc.pk, "alice"))


def test_speaker_link_by_key_and_click_then_undo_redo(qtbot, window, reader):
    text = window.view.text
    actor = label(qtbot, window, *find(text, "Pentagon", 1), Qt.Key.Key_1)
    quote = label(qtbot, window, *find(text, "not complete"), Qt.Key.Key_3)
    assert window.editor.selected_span().id == quote
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert window.rich.mode.pending == (quote, "SPEAKER")
    click_span(qtbot, window.view, find(text, "Pentagon", 1)[0])
    assert links_in_db(reader, window) == [("SPEAKER", "not complete", "Pentagon")]
    assert window.editor.selected_span().id == quote  # the quote stays selected
    assert window.rich.link_list.model.rowCount() == 1
    assert "SPEAKER" in window.rich.link_list.model.index(0).data()
    window.editor.undo()
    assert links_in_db(reader, window) == []
    assert window.rich.link_list.model.rowCount() == 0
    window.editor.redo()
    assert links_in_db(reader, window) == [("SPEAKER", "not complete", "Pentagon")]
    assert actor


def test_agent_and_target_from_an_event(qtbot, window, reader):
    text = window.view.text
    label(qtbot, window, *find(text, "US Central Command"), Qt.Key.Key_1)
    label(qtbot, window, *find(text, "Kataib Hezbollah"), Qt.Key.Key_1)
    label(qtbot, window, *find(text, "airstrike that reportedly"), Qt.Key.Key_2)
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    click_span(qtbot, window.view, find(text, "US Central Command")[0])
    qtbot.keyClick(window.view, Qt.Key.Key_T)
    click_span(qtbot, window.view, find(text, "Kataib Hezbollah")[0])
    assert links_in_db(reader, window) == [
        ("AGENT", "airstrike that reportedly", "US Central Command"),
        ("TARGET", "airstrike that reportedly", "Kataib Hezbollah")]


def test_links_the_schema_forbids_are_refused_with_a_message(qtbot, window, reader):
    text = window.view.text
    label(qtbot, window, *find(text, "drone strike"), Qt.Key.Key_2)
    quote = label(qtbot, window, *find(text, "blatant assassination"), Qt.Key.Key_3)
    # AGENT starts at an EVENT, not at a QUOTE: refused at the key press
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    assert window.rich.mode.pending is None
    assert "refused" in window.statusBar().currentMessage()
    # SPEAKER goes to an ACTOR: a click on an EVENT is refused
    window.editor.select_span(quote)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    click_span(qtbot, window.view, find(text, "drone strike")[0])
    message = window.statusBar().currentMessage()
    assert "refused" in message and "QUOTE to EVENT" in message
    assert links_in_db(reader, window) == []
    assert window.editor.stack.count() == 2  # the two labels only


def test_escape_cancels_link_mode(qtbot, window, reader):
    text = window.view.text
    label(qtbot, window, *find(text, "Pentagon", 1), Qt.Key.Key_1)
    label(qtbot, window, *find(text, "not complete"), Qt.Key.Key_3)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.rich.mode.pending is None
    click_span(qtbot, window.view, find(text, "Pentagon", 1)[0])
    assert links_in_db(reader, window) == []


def test_delete_a_link_from_the_list_and_undo(qtbot, window, reader):
    text = window.view.text
    label(qtbot, window, *find(text, "Pentagon", 1), Qt.Key.Key_1)
    label(qtbot, window, *find(text, "not complete"), Qt.Key.Key_3)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    click_span(qtbot, window.view, find(text, "Pentagon", 1)[0])
    view = window.rich.link_list.list
    view.setCurrentIndex(window.rich.link_list.model.index(0))
    assert window.rich.links.selected is not None
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert links_in_db(reader, window) == []
    assert len(reader.spans(window.editor.doc.pk, "alice")) == 2  # the spans stay
    window.editor.undo()
    assert links_in_db(reader, window) == [("SPEAKER", "not complete", "Pentagon")]
    window.editor.redo()
    assert links_in_db(reader, window) == []
