"""Issue 19 in the window: a relation type added in the schema editor is linked by its key,
"Link as…" and the right-click menu; suggestions respect what is labelled, accepted and
rejected; one truth for actor kinds with undo; the Links box, the actor field, the registry
dock and the schema editor as an analyst uses them. Checked through a second connection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from rich_ui_helpers import click_span, find, label, point_of, wait_suggestions

from annotator.core.schema import default_schema
from annotator.store.entities import create_entity, get_entity, list_entities
from annotator.store.schema_guard import refusal
from annotator.ui.rich.link_menu import span_menu
from annotator.ui.rich.schema_editor import SchemaEditor


def _editor(qtbot, window):
    dialog = SchemaEditor(window.store, window, push=window.editor.push)
    qtbot.addWidget(dialog)
    return dialog


def _add_located_in(qtbot, window, key="L"):
    dialog = _editor(qtbot, window)
    dialog.add_label("LOCATION", "4", "#17becf")
    dialog.add_relation()
    row = dialog.rel_table.rowCount() - 1
    assert dialog.rel_table.item(row, 3).text()  # a new type is offered a free key
    dialog.rel_table.item(row, 0).setText("LOCATED_IN")
    dialog.rel_table.cellWidget(row, 1).setCurrentText("EVENT")
    dialog.rel_table.cellWidget(row, 2).setCurrentText("LOCATION")
    dialog.rel_table.item(row, 3).setText(key)
    return dialog


def _relations(reader, window):
    text = window.view.text
    spans = {s.id: s for s in reader.spans(window.editor.doc.pk, "alice")}
    return sorted((r.label, text[spans[r.head].start:spans[r.head].end],
                   text[spans[r.child].start:spans[r.child].end])
                  for r in reader.relations(window.editor.doc.pk, "alice"))


def test_new_relation_type_links_by_its_key_and_shows_everywhere(qtbot, window, reader):
    assert _add_located_in(qtbot, window).save()
    assert reader.schema().relation("LOCATED_IN").key == "L"
    text = window.view.text
    event = label(qtbot, window, *find(text, "drone attack"), Qt.Key.Key_2)
    label(qtbot, window, *find(text, "Jordan"), Qt.Key.Key_4)
    window.editor.select_span(event)
    menu = window.rich.link_menu
    assert [a.objectName() for a in menu.refill()] == [
        "linkAs:AGENT", "linkAs:TARGET", "linkAs:LOCATED_IN"]
    assert menu.actions()[-1].text() == "LOCATED_IN\tL"
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert window.rich.mode.pending == (event, "LOCATED_IN")
    click_span(qtbot, window.view, find(text, "Jordan")[0])
    assert _relations(reader, window) == [("LOCATED_IN", "drone attack", "Jordan")]
    rows = {keys: what for what, keys in window.ctx.actions.sheet_rows()}
    assert rows["L"] == "Link selected as located in" and rows["S"] == "Link selected as speaker"
    window.editor.undo()
    assert _relations(reader, window) == []


def test_link_as_menu_entry_and_right_click_on_a_span(qtbot, window, reader):
    assert _add_located_in(qtbot, window, "O").save()
    text = window.view.text
    label(qtbot, window, *find(text, "Jordan"), Qt.Key.Key_4)
    start, _end = find(text, "drone attack")
    event = label(qtbot, window, *find(text, "drone attack"), Qt.Key.Key_2)
    window.editor.select_span(None)
    assert window.view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    plain = span_menu(window.view, window.editor, window.rich.mode,
                      point_of(window.view, find(text, "Sunday")[0] + 2))
    assert plain.objectName() != "spanMenu" and plain.actions()  # the usual text menu
    menu = span_menu(window.view, window.editor, window.rich.mode,
                     point_of(window.view, start + 2))
    assert window.editor.selected_span().id == event  # right-click selects the span
    (link_as,) = [a.menu() for a in menu.actions() if a.menu() is not None]
    entry = next(a for a in link_as.actions() if a.objectName() == "linkAs:LOCATED_IN")
    entry.trigger()
    assert window.rich.mode.pending == (event, "LOCATED_IN")
    click_span(qtbot, window.view, find(text, "Jordan")[0])
    assert _relations(reader, window) == [("LOCATED_IN", "drone attack", "Jordan")]
    # The Annotate menu's entry is the same menu; a QUOTE offers SPEAKER only.
    label(qtbot, window, *find(text, "not complete"), Qt.Key.Key_3)
    assert [a.objectName() for a in window.rich.link_menu.refill()] == ["linkAs:SPEAKER"]
    annotate = next(a.menu() for a in window.menuBar().actions()
                    if a.text().replace("&", "") == "Annotate")
    assert window.rich.link_menu in [a.menu() for a in annotate.actions()]


def test_accepting_a_quote_reuses_the_actor_and_skips_labelled_words(qtbot, window, reader):
    text = window.view.text
    the_pentagon = label(qtbot, window, *find(text, "The Pentagon"), Qt.Key.Key_1)
    sugg = window.rich.suggestions
    create_entity(window.store, "Pentagon", "military")  # a registry name inside it
    qtbot.waitUntil(lambda: not sugg.pending and any(
        s.source == "registry" for s in sugg.all), timeout=10_000)
    pentagons = [s for s in sugg.shown if text[s.start:s.end] == "Pentagon"]
    assert [s.start for s in pentagons] == [find(text, "Pentagon")[0]]  # not the labelled one
    quote = next(s for s in sugg.shown if text[s.start:s.end] == "not complete")
    window.view.select_range(quote.start + 1, quote.start + 1)
    sugg.current = quote
    assert sugg.accept_current()
    actors = [s for s in reader.spans(window.editor.doc.pk, "alice") if s.label == "ACTOR"]
    assert [s.id for s in actors] == [the_pentagon]
    assert _relations(reader, window) == [("SPEAKER", "not complete", "The Pentagon")]


def test_rejections_are_remembered_across_windows(qtbot, window, reader, open_window,
                                                  sample_db):
    shown = wait_suggestions(qtbot, window)
    first = shown[0]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    qtbot.keyClick(window.view, Qt.Key.Key_X)
    key = first.key
    window.close()
    again = open_window(sample_db, "alice", show=True)
    assert key not in {s.key for s in wait_suggestions(qtbot, again)}
    other = open_window(sample_db, "bob", show=True)
    assert key in {s.key for s in wait_suggestions(qtbot, other)}  # alice's, not bob's


def test_changing_an_actors_kind_moves_the_registry_and_undo_puts_both_back(qtbot, window,
                                                                            reader):
    iraq = create_entity(window.store, "Iraq", "state")
    text = window.view.text
    one = label(qtbot, window, *find(text, "Iraq"), Qt.Key.Key_1)
    window.rich.entity.link(iraq.id)
    two = label(qtbot, window, *find(text, "Iraq", 1), Qt.Key.Key_1)
    window.rich.entity.link(iraq.id)
    assert reader.span(two).attrs == {"kind": "state"}  # linking brought the kind
    window.editor.select_span(one)
    box = window.rich.attributes.fields["ACTOR"]["kind"]
    box.setCurrentText("government_body")
    box.activated.emit(box.currentIndex())
    assert get_entity(reader, iraq.id).kind == "government_body"
    assert reader.span(two).attrs == {"kind": "government_body"}
    window.editor.undo()
    assert get_entity(reader, iraq.id).kind == "state"
    assert reader.span(one).attrs == reader.span(two).attrs == {"kind": "state"}


def test_links_box_lists_the_selected_spans_links(qtbot, window, reader):
    text = window.view.text
    label(qtbot, window, *find(text, "US Central Command"), Qt.Key.Key_1)
    label(qtbot, window, *find(text, "Kataib Hezbollah"), Qt.Key.Key_1)
    event = label(qtbot, window, *find(text, "airstrike that reportedly"), Qt.Key.Key_2)
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    click_span(qtbot, window.view, find(text, "US Central Command")[0])
    quote = label(qtbot, window, *find(text, "not complete"), Qt.Key.Key_3)
    actor = label(qtbot, window, *find(text, "Pentagon", 1), Qt.Key.Key_1)
    window.editor.select_span(quote)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    click_span(qtbot, window.view, find(text, "Pentagon", 1)[0])
    box = window.rich.link_list
    rows = lambda: [box.model.index(r).data() for r in range(box.model.rowCount())]
    window.editor.select_span(event)
    assert len(rows()) == 1 and rows()[0].startswith("AGENT")
    window.editor.select_span(actor)
    assert len(rows()) == 1 and rows()[0].startswith("SPEAKER")
    window.editor.select_span(None)
    assert len(rows()) == 2 and box.title() == "Links (2)"
    assert box.list.textElideMode() == Qt.TextElideMode.ElideRight


def test_actor_field_prefilled_matches_anywhere_and_has_its_own_undo(qtbot, window, reader):
    pentagon = create_entity(window.store, "Pentagon", "military",
                             ["United States Department of Defense headquarters"])
    text = window.view.text
    span = label(qtbot, window, *find(text, "The Pentagon"), Qt.Key.Key_1)
    field = window.rich.entity
    assert field.edit.text() == "The Pentagon"  # pre-filled from the span
    shown = field.model.stringList()
    assert shown[0].startswith("Pentagon")  # "the" ignored: the existing actor first
    assert not any(s.startswith("Create actor") for s in shown)  # no duplicate offered
    popup = field.completer.popup()
    widest = max(popup.fontMetrics().horizontalAdvance(s) for s in shown)
    assert popup.minimumWidth() >= widest
    # Return links the actor the words name, not a new one.
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert reader.span(span).entity == pentagon.id
    assert [e.entity.name for e in list_entities(reader)] == ["Pentagon"]
    # Ctrl+Z in the field undoes typing, not the window's last edit.
    field.edit.setFocus()
    field.edit.clear()
    qtbot.keyClicks(field.edit, "head")
    assert field.model.stringList()[0].startswith("Pentagon")  # found inside an alias
    qtbot.keyClick(field.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.edit.text() != "head"
    assert reader.span(span).entity == pentagon.id  # the link is still there


def test_registry_dock_titles_counts_and_room_for_the_article(qtbot, window, reader):
    iraq = create_entity(window.store, "Iraq", "state")
    text = window.view.text
    label(qtbot, window, *find(text, "Iraq"), Qt.Key.Key_1)
    window.rich.entity.link(iraq.id)
    dock = window.rich.registry
    dock.show()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1)
    assert window.view.width() >= window.width() // 2  # under the article, not beside it
    assert dock.height() <= window.height() // 2
    assert window.view.height() >= dock.height()
    table = dock.table
    for col in (3, 4):  # mentions and documents are in sight
        right = table.columnViewportPosition(col) + table.columnWidth(col)
        assert 0 <= table.columnViewportPosition(col) and right <= table.viewport().width()
    assert dock.count.isVisible() and dock.count.text() == "1 actors, 1 mentions"
    dock.select_entity(iraq.id)
    item = dock.mention_list.item(0)
    title = reader.document(window.editor.doc.pk).title
    assert item.text().startswith(title[:20]) and window.editor.doc.id not in item.text()


def test_schema_editor_keys_required_headers_and_the_cli_refusal(qtbot, window, reader):
    text = window.view.text
    label(qtbot, window, *find(text, "drone attack"), Qt.Key.Key_2)
    dialog = _editor(qtbot, window)
    headers = [dialog.rel_table.horizontalHeaderItem(c).text()
               for c in range(dialog.rel_table.columnCount())]
    assert headers == ["Name", "Head label", "Child label", "Key"]
    assert [dialog.rel_table.item(r, 3).text() for r in range(3)] == ["S", "A", "T"]
    attr_headers = [dialog.attr_table.horizontalHeaderItem(c).text() for c in range(3)]
    assert attr_headers == ["Attribute", "Allowed values", "Required"]
    header = dialog.attr_table.horizontalHeader()
    metrics = header.fontMetrics()
    for col, name in enumerate(attr_headers):  # every header is read in full
        assert header.sectionSize(col) >= metrics.horizontalAdvance(name)
    event_row = next(i for i, lab in enumerate(dialog.labels) if lab.name == "EVENT")
    dialog.label_table.setCurrentCell(event_row, 0)
    dialog.attr_table.cellWidget(0, 2).setChecked(True)  # EVENT.type is required
    assert dialog.save()
    assert reader.schema().label("EVENT").attribute("type").required
    # Deleting the label in use: every conflict at once, the text schema import prints.
    dialog = _editor(qtbot, window)
    dialog.label_table.setCurrentCell(event_row, 0)
    dialog.remove_label()
    assert not dialog.save()
    schema = default_schema()
    schema.label("EVENT").attribute("type").required = True
    schema.labels = [lab for lab in schema.labels if lab.name != "EVENT"]
    expected = refusal(reader, schema)
    assert dialog.problems.text() == expected
    assert "AGENT, TARGET link label EVENT" in expected and "1 span(s) use it" in expected
