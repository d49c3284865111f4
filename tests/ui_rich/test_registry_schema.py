"""The registry dock (mention counts, opening a mention, undoable merge) and the schema
editor (a new label saved; a schema that would orphan spans refused, with the reason)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from rich_ui_helpers import find, label

from annotator.store.entities import create_entity, link_span, list_entities
from annotator.ui.rich.schema_editor import SchemaEditor


def registry_rows(dock):
    model = dock.model
    return sorted((model.index(r, 0).data(), model.index(r, 3).data(), model.index(r, 4).data())
                  for r in range(model.rowCount()))


def test_registry_lists_mention_counts_and_opens_a_mention(qtbot, window, sample_db):
    store = window.store
    docs = store.document_pks()
    iraq = create_entity(store, "Iraq", "state")
    pentagon = create_entity(store, "Pentagon", "military")
    for pk in docs:
        text = store.document(pk).text
        for i in (j for j in range(len(text)) if text.startswith("Iraq", j)):
            link_span(store, store.add_span(pk, "alice", i, i + 4, "ACTOR").id, iraq.id)
    text = store.document(docs[0]).text
    last = text.rindex("Pentagon")
    pent_span = store.add_span(docs[0], "alice", last, last + 8, "ACTOR").id
    link_span(store, pent_span, pentagon.id)
    dock = window.rich.registry
    dock.show()
    dock.refresh()
    n_iraq = sum(store.document(pk).text.count("Iraq") for pk in docs)
    assert registry_rows(dock) == sorted([("Iraq", n_iraq, len(docs)), ("Pentagon", 1, 1)])
    assert dock.count.text() == f"2 actors, {n_iraq + 1} mentions"
    window.step_document(1)
    dock.select_entity(pentagon.id)
    assert dock.mention_list.count() == 1
    item = dock.mention_list.item(0)
    assert "Pentagon" in item.text()
    dock.mention_list.itemDoubleClicked.emit(item)
    assert window.editor.doc.pk == docs[0]
    assert window.editor.selected_span().id == pent_span


def test_merge_from_the_registry_keeps_every_mention_and_undoes(qtbot, window, reader):
    store = window.store
    text = window.view.text
    a = create_entity(store, "US Central Command", "military")
    b = create_entity(store, "CENTCOM", "military")
    sa = label(qtbot, window, *find(text, "US Central Command"), Qt.Key.Key_1)
    sb = label(qtbot, window, *find(text, "Pentagon"), Qt.Key.Key_1)
    link_span(store, sa, a.id)
    link_span(store, sb, b.id)
    dock = window.rich.registry
    dock.show()
    dock.refresh()
    assert dock.merge(a.id, b.id)
    assert [(e.entity.name, e.entity.aliases, e.mentions) for e in list_entities(reader)] == [
        ("US Central Command", ["CENTCOM"], 2)]
    assert reader.span(sb).entity == a.id
    window.editor.undo()
    assert sorted((e.entity.name, e.mentions) for e in list_entities(reader)) == [
        ("CENTCOM", 1), ("US Central Command", 1)]
    assert reader.span(sb).entity == b.id
    window.editor.redo()
    assert [e.mentions for e in list_entities(reader)] == [2]


def test_schema_editor_saves_a_new_label_with_attributes(qtbot, window, reader):
    dialog = SchemaEditor(window.store, window)
    qtbot.addWidget(dialog)
    dialog.add_label("LOCATION", "4", "#9467bd")
    dialog.add_attribute("precision", ["city", "region", "country"])
    dialog.add_attribute("note")
    dialog.add_relation()
    row = dialog.rel_table.rowCount() - 1
    dialog.rel_table.item(row, 0).setText("PLACE")
    dialog.rel_table.cellWidget(row, 1).setCurrentText("EVENT")
    dialog.rel_table.cellWidget(row, 2).setCurrentText("LOCATION")
    assert dialog.save()
    schema = reader.schema()
    loc = schema.label("LOCATION")
    assert (loc.key, loc.color) == ("4", "#9467bd")
    assert [(a.name, a.values) for a in loc.attributes] == [
        ("precision", ["city", "region", "country"]), ("note", [])]
    place = schema.relation("PLACE")
    assert (place.head, place.child) == ("EVENT", "LOCATION")
    # the window follows: a button and key 4 label LOCATION at once
    assert "LOCATION" in window.labels.buttons
    text = window.view.text
    span = label(qtbot, window, *find(text, "Baghdad"), Qt.Key.Key_4)
    assert reader.span(span).label == "LOCATION"
    assert list(window.rich.attributes.fields["LOCATION"]) == ["precision", "note"]


def test_schema_editor_refuses_a_schema_that_would_orphan_spans(qtbot, window, reader):
    text = window.view.text
    label(qtbot, window, *find(text, "Pentagon"), Qt.Key.Key_1)
    label(qtbot, window, *find(text, "not complete"), Qt.Key.Key_3)
    window.store.update_span(window.editor.selected_span().id, attrs={"mode": "direct"})
    before = reader.schema().to_json()
    dialog = SchemaEditor(window.store, window)
    qtbot.addWidget(dialog)
    dialog.label_table.setCurrentCell(0, 0)  # ACTOR
    dialog.remove_label()
    quote_row = next(i for i, lab in enumerate(dialog.labels) if lab.name == "QUOTE")
    dialog.label_table.setCurrentCell(quote_row, 0)
    dialog.attr_table.item(0, 1).setText("reported")  # mode: no more "direct"
    for row in range(dialog.rel_table.rowCount() - 1, -1, -1):
        dialog.rel_table.setCurrentCell(row, 0)
        dialog.remove_relation()
    assert not dialog.save()
    shown = dialog.problems.text()
    assert "label ACTOR is dropped but 1 span(s) use it" in shown
    assert "QUOTE.mode no longer allows 'direct', used by 1 span(s)" in shown
    assert reader.schema().to_json() == before


def test_editing_an_actor_in_the_registry_teaches_suggestions_its_alias(qtbot, window,
                                                                         reader):
    from annotator.store.entities import get_entity
    from annotator.ui.rich.entity_dialog import EntityDialog

    store = window.store
    kh = create_entity(store, "Kataib Hezbollah", None)
    dock = window.rich.registry
    dock.show()
    dock.refresh()
    dock.select_entity(kh.id)
    assert dock.edit_button.isEnabled()

    entity = get_entity(store, kh.id)
    dialog = EntityDialog(entity, ["armed_group", "state"], window)
    qtbot.addWidget(dialog)
    dialog.name.setText("Kata'ib Hezbollah")
    dialog.kind.setCurrentText("armed_group")
    dialog.aliases.setPlainText("Kataib Hezbollah\n\n  KH  \n")
    assert dialog.values() == ("Kata'ib Hezbollah", "armed_group", ["Kataib Hezbollah", "KH"])
    assert dock.edit(kh.id, *dialog.values())
    saved = get_entity(reader, kh.id)
    assert (saved.name, saved.kind, saved.aliases) == (
        "Kata'ib Hezbollah", "armed_group", ["Kataib Hezbollah", "KH"])

    window.editor.undo()
    back = get_entity(reader, kh.id)
    assert (back.name, back.kind, back.aliases) == ("Kataib Hezbollah", None, [])
    window.editor.redo()
    assert get_entity(reader, kh.id).aliases == ["Kataib Hezbollah", "KH"]


def test_an_actor_without_a_name_is_refused_in_the_dialog(qtbot, window):
    from annotator.store.entities import get_entity
    from annotator.ui.rich.entity_dialog import EntityDialog

    kh = create_entity(window.store, "Kataib Hezbollah", None)
    dialog = EntityDialog(get_entity(window.store, kh.id), [], window)
    qtbot.addWidget(dialog)
    dialog.name.setText("   ")
    dialog.accept()
    assert dialog.error.isVisibleTo(dialog) and "needs a name" in dialog.error.text()


def test_a_schema_saved_from_the_window_is_undone_with_ctrl_z(qtbot, window, reader):
    dialog = SchemaEditor(window.store, window, push=window.editor.push)
    qtbot.addWidget(dialog)
    dialog.add_label("LOCATION", "4", "#9467bd")
    assert dialog.save()
    reader.reload_schema()
    assert reader.schema().label("LOCATION") is not None
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    reader.reload_schema()
    assert reader.schema().label("LOCATION") is None
    assert "LOCATION" not in window.labels.buttons
    qtbot.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    reader.reload_schema()
    assert reader.schema().label("LOCATION") is not None
