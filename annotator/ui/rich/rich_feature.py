"""Rich annotation in the window: attributes, links, the actor registry, the schema editor
and suggestions, installed through the feature hook (`annotator.ui.shell.features`).

This module only wires: each piece lives in its own module. Single-letter keys go through
the window's KeyRouter (not QAction shortcuts), so typing in a text field is never taken
for a command.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.store.store import Change
from annotator.ui.rich.attributes_editor import AttributesEditor
from annotator.ui.rich.entity_field import EntityField
from annotator.ui.rich.link_list import LinkList
from annotator.ui.rich.link_mode import LINK_KEYS, LinkMode
from annotator.ui.rich.link_overlay import LinkOverlay
from annotator.ui.rich.registry_view import RegistryView
from annotator.ui.rich.schema_editor import SchemaEditor
from annotator.ui.rich.suggestions_ui import SuggestionsController
from annotator.ui.shell.keys import Key, Mod


@dataclass
class Rich:
    """What `install` built, for the window's other features and for tests."""

    links: LinkOverlay
    mode: LinkMode
    attributes: AttributesEditor
    entity: EntityField
    link_list: LinkList
    suggestions: SuggestionsController
    registry: RegistryView
    accept_menu: QMenu
    reject_menu: QMenu


class _Guard(QObject):
    """Window close: stop the worker and listeners before the window closes the store.
    Link list: Delete/Backspace delete the chosen link (ahead of the window's Del action)."""

    def __init__(self, window, rich: Rich):
        super().__init__(window)
        self.window_, self.rich = window, rich
        self.on_schema = None  # the store listener that follows schema edits

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if obj is self.window_ and kind == QEvent.Type.Close:
            self.rich.suggestions.shutdown()
            self.rich.registry.close_store()
            self.rich.links.close()
            if self.window_.store is not None:
                self.window_.store.unsubscribe(self.on_schema)
            return False
        if (obj is self.rich.link_list.list
                and kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
                and event.key() in (Key.Key_Delete, Key.Key_Backspace)
                and self.rich.links.selected):
            event.accept()
            if kind == QEvent.Type.KeyPress:
                self.rich.mode.delete(self.rich.links.selected)
            return True
        return False


def install(window) -> None:
    store, editor, view = window.store, window.editor, window.view
    links = LinkOverlay(window.ctx, view, window)
    mode = LinkMode(editor, links, window)
    attributes = AttributesEditor(editor, window.labels)
    entity = EntityField(editor, attributes)
    attributes.extra.addWidget(entity)
    attributes.set_schema(store.schema())
    link_list = LinkList(links, mode, window.labels)
    window.labels.insert_section(attributes)
    window.labels.insert_section(link_list)
    suggestions = SuggestionsController(window)
    registry = RegistryView(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, registry)
    registry.hide()

    annotate = window.menu("&Annotate")
    suggest = window.menu("&Suggestions")
    rich = Rich(links, mode, attributes, entity, link_list, suggestions, registry,
                QMenu("Accept &all of a label", suggest), QMenu("Reject all &of a label",
                                                                suggest))
    window.rich = rich

    editor.sig_opened.connect(lambda doc, _spans: links.open(doc.pk))
    editor.sig_selected.connect(attributes.show_span)
    editor.sig_selected.connect(entity.show_span)
    link_list.sig_delete.connect(mode.delete)
    link_list.sig_go_to.connect(lambda sid: editor.select_span(sid, reveal=True))
    if editor.doc is not None:  # the first document opened before the feature existed
        links.open(editor.doc.pk)
        suggestions.open(editor.doc.pk, editor.doc.text)

    # -- menus ----------------------------------------------------------------------------
    for letter, relation in LINK_KEYS.items():
        window.add_action(annotate, f"Link selected as {relation.lower()}…\t{letter}",
                          lambda r=relation: mode.start(r))
    window.add_action(annotate, "Delete selected &link", lambda: mode.delete(links.selected))
    annotate.addSeparator()
    registry_action = registry.toggleViewAction()
    registry_action.setText("Actor &registry")
    registry_action.setShortcut("Ctrl+Shift+R")
    annotate.addAction(registry_action)
    window.add_action(annotate, "Label &schema…", lambda: _edit_schema(window))

    window.add_action(suggest, "&Accept suggestion\tEnter", suggestions.accept_current)
    window.add_action(suggest, "&Reject suggestion\tX", suggestions.reject_current)
    window.add_action(suggest, "&Next suggestion\tN", lambda: suggestions.step(1))
    window.add_action(suggest, "&Previous suggestion\tShift+N", lambda: suggestions.step(-1))
    suggest.addMenu(rich.accept_menu)
    suggest.addMenu(rich.reject_menu)
    suggest.addSeparator()
    show = QAction("&Show suggestions", window, checkable=True, checked=True)
    show.toggled.connect(suggestions.set_enabled)
    suggest.addAction(show)
    window.add_action(suggest, "Choose &patterns file…", suggestions.choose_patterns)
    window.add_action(suggest, "Stop using the patterns file",
                      lambda: suggestions.set_patterns(None))
    _fill_label_menus(window, rich)

    # -- keys -----------------------------------------------------------------------------
    keys, no = window.keys, Mod.NoModifier
    for letter, relation in LINK_KEYS.items():
        keys.bind(getattr(Key, f"Key_{letter}"), no, lambda r=relation: mode.start(r))
    keys.bind(Key.Key_N, no, lambda: suggestions.step(1))
    keys.bind(Key.Key_N, Mod.ShiftModifier, lambda: suggestions.step(-1))
    keys.bind(Key.Key_X, no, suggestions.reject_current)
    keys.bind(Key.Key_Return, no, suggestions.accept_current)
    keys.bind(Key.Key_Enter, no, suggestions.accept_current)
    escape = keys.bindings.get((int(Key.Key_Escape), int(no.value)))
    keys.bind(Key.Key_Escape, no, lambda: mode.cancel() or (escape and escape()))
    backspace = keys.bindings.get((int(Key.Key_Backspace), int(no.value)))

    def back() -> None:
        if editor.selected_span() is None and suggestions.current is not None:
            suggestions.reject_current()
        elif backspace is not None:
            backspace()

    keys.bind(Key.Key_Backspace, no, back)
    keys.watch(link_list.list)

    guard = _Guard(window, rich)
    window.installEventFilter(guard)
    link_list.list.installEventFilter(guard)

    def on_change(change: Change) -> None:
        if change.kind == "schema":
            attributes.set_schema(store.schema())
            _fill_label_menus(window, rich)
            keys.label_keys.clear()
            for lab in store.schema().labels:
                if lab.key:
                    keys.label_keys[lab.key] = (
                        lambda exact, name=lab.name: editor.label(name, exact))
            links.reload()

    store.subscribe(on_change)
    guard.on_schema = on_change


def _fill_label_menus(window, rich: Rich) -> None:
    rich.accept_menu.clear()
    rich.reject_menu.clear()
    for lab in window.store.schema().labels:
        window.add_action(rich.accept_menu, f"Accept all {lab.name} suggestions",
                          lambda n=lab.name: rich.suggestions.accept_label(n))
        window.add_action(rich.reject_menu, f"Reject all {lab.name} suggestions",
                          lambda n=lab.name: rich.suggestions.reject_label(n))


def _edit_schema(window) -> None:
    dialog = SchemaEditor(window.store, window, push=window.editor.push)
    if dialog.exec():
        window.statusBar().showMessage("Label schema saved.", 6000)
