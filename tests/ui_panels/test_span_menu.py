"""The span's right-click menu: relabel, delete, link as…, edit attributes and jump to the
actor, each through the same undoable command as the keys (issue 13)."""

from __future__ import annotations

from panel_helpers import find, label, point_of
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.ui.rich.link_menu import span_menu


def _menu(window, start):
    rich = window.rich
    return span_menu(window.view, window.editor, rich.mode, point_of(window.view, start + 2),
                     rich.attributes, rich.registry)


def _entry(menu, name):
    return next(a for a in menu.actions() if a.objectName() == name)


def test_the_menu_relabels_and_undo_takes_it_back(sized_window, qtbot, reader):
    window = sized_window()
    start, end = find(window.view.text, "airstrikes")
    sid = label(qtbot, window, start, end, Qt.Key.Key_2)
    window.editor.select_span(None)
    menu = _menu(window, start)
    names = {a.objectName() for a in menu.actions()}
    assert {"relabel:ACTOR", "relabel:QUOTE", "editAttributes", "jumpToActor",
            "deleteSpan"} <= names
    assert not _entry(menu, "relabel:EVENT").isEnabled()  # its own label
    assert [a.menu().objectName() for a in menu.actions() if a.menu()] == ["linkAsMenu"]
    _entry(menu, "relabel:ACTOR").trigger()
    assert reader.span(sid).label == "ACTOR"
    assert window.rich.attributes.span.label == "ACTOR"
    window.editor.undo()
    assert reader.span(sid).label == "EVENT"


def test_the_menu_deletes_undoably(sized_window, qtbot, reader):
    window = sized_window()
    start, end = find(window.view.text, "airstrikes")
    sid = label(qtbot, window, start, end, Qt.Key.Key_2)
    _entry(_menu(window, start), "deleteSpan").trigger()
    assert window.view.index.get(sid) is None
    assert window.rich.attributes.span is None
    window.editor.undo()
    assert window.view.index.get(sid) is not None


def test_edit_attributes_focuses_the_spans_first_field(sized_window, qtbot):
    window = sized_window(900, 600)
    start, end = find(window.view.text, "airstrikes")
    label(qtbot, window, start, end, Qt.Key.Key_2)
    window.activateWindow()
    _entry(_menu(window, start), "editAttributes").trigger()
    first = window.rich.attributes.fields["EVENT"]["type"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)


def test_jump_to_the_actor_selects_it_in_the_registry(sized_window, qtbot):
    window = sized_window()
    start, end = find(window.view.text, "Yahya Rasool")
    label(qtbot, window, start, end, Qt.Key.Key_1)
    assert window.rich.entity.choose("Yahya Rasool")  # link it (creating the actor)
    span = window.editor.selected_span()
    assert span.entity
    menu = _menu(window, start)
    jump = _entry(menu, "jumpToActor")
    assert jump.isEnabled()
    jump.trigger()
    assert window.rich.registry.isVisible()
    assert window.rich.registry.selected_ids() == [span.entity]
    other = find(window.view.text, "airstrikes")
    label(qtbot, window, *other, Qt.Key.Key_2)
    assert not _entry(_menu(window, other[0]), "jumpToActor").isEnabled()
