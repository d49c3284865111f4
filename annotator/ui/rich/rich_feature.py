"""Rich annotation in the window: attributes, links, the actor registry, the schema editor
and suggestions. A part (`annotator.ui.shell.parts`).

This module only wires: each piece lives in its own module; its commands and keys are
declared in the action table (single letters are routed, never QAction shortcuts, so
typing in a text field is never taken for a command).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMenu

from annotator.store.changes import Change, ChangeKind
from annotator.ui.rich.attributes_editor import AttributesEditor
from annotator.ui.rich.entity_field import EntityField
from annotator.ui.rich.link_list import LinkList
from annotator.ui.rich.link_menu import LinkAsMenu, link_hint, span_menu
from annotator.ui.rich.link_mode import LinkMode
from annotator.ui.rich.link_overlay import LinkOverlay
from annotator.ui.rich.registry_view import RegistryView
from annotator.ui.rich.schema_editor import SchemaEditor
from annotator.ui.rich.suggestion_legend import SuggestionLegend
from annotator.ui.rich.suggestions_ui import SuggestionsController
from annotator.ui.shell.actions import Action
from annotator.ui.shell.context import ANNOTATE, WindowContext
from annotator.ui.shell.keys import Key


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
    link_menu: LinkAsMenu


class _Guard(QObject):
    """Window close: stop the worker and listeners before the window closes the store.
    Link list: Delete/Backspace delete the chosen link (ahead of the window's Del action)."""

    def __init__(self, ctx: WindowContext, rich: Rich):
        super().__init__(ctx.window)
        self.ctx, self.window_, self.rich = ctx, ctx.window, rich
        self.on_schema = None  # the store listener that follows schema edits

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if obj is self.window_ and kind == QEvent.Type.Close:
            self.rich.suggestions.shutdown()
            self.rich.registry.close_store()
            self.rich.links.close()
            if self.ctx.store is not None:
                self.ctx.store.unsubscribe(self.on_schema)
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


def _registry_names(ctx: WindowContext):
    """entity id -> the registry's name for the article's tags, read once per change."""
    from annotator.store.entities import get_entity

    names: dict[str, str | None] = {}

    def name_of(entity_id: str) -> str | None:
        if entity_id not in names and ctx.store is not None:
            entity = get_entity(ctx.store, entity_id)
            names[entity_id] = entity.name if entity is not None else None
        return names.get(entity_id)

    ctx.store.subscribe(lambda _change: names.clear())
    return name_of


def install(ctx: WindowContext) -> Rich:
    store, editor, view, window = ctx.store, ctx.editor, ctx.view, ctx.window
    links = LinkOverlay(ctx, view, window)
    mode = LinkMode(editor, links, window)
    attributes = AttributesEditor(editor, ctx.labels)
    entity = EntityField(editor, attributes)
    attributes.extra.addWidget(entity)
    attributes.set_schema(store.schema())
    link_list = LinkList(links, mode, ctx.labels)
    ctx.labels.insert_section(attributes)
    ctx.labels.insert_section(link_list)
    suggestions = SuggestionsController(ctx)
    legend = SuggestionLegend(window)
    window.statusBar().addPermanentWidget(legend)
    suggestions.sig_updated.connect(legend.update_count)
    window.suggestion_legend = legend
    registry = RegistryView(ctx)
    view.tags.name_of = _registry_names(ctx)
    # Under the article: a side dock would squeeze the text (issue 19).
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, registry)
    registry.hide()
    rich = Rich(links, mode, attributes, entity, link_list, suggestions, registry,
                QMenu(window), QMenu(window), LinkAsMenu(editor, mode, window))
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(
        lambda point: span_menu(view, editor, mode, point, attributes, registry).popup(
            view.viewport().mapToGlobal(point)))

    editor.sig_opened.connect(lambda doc, _spans: links.open(doc.pk))
    editor.sig_selected.connect(attributes.show_span)
    editor.sig_selected.connect(entity.show_span)
    editor.sig_selected.connect(link_list.show_span)
    link_list.sig_delete.connect(mode.delete)
    link_list.sig_go_to.connect(lambda sid: editor.select_span(sid, reveal=True))
    ctx.refresher.sig_refreshed.connect(links.reload)  # another connection wrote links
    ctx.refresher.sig_refreshed.connect(suggestions.request)  # ... or actors
    if editor.doc is not None:  # a document opened before the part existed
        links.open(editor.doc.pk)
        suggestions.open(editor.doc.pk, editor.doc.text)

    ctx.actions.add(*_actions(ctx, rich))
    ctx.actions.set_linker(ANNOTATE, mode.start)  # the schema's relation keys
    _fill_label_menus(ctx, rich)
    ctx.keys.watch(link_list.list)

    guard = _Guard(ctx, rich)
    window.installEventFilter(guard)
    link_list.list.installEventFilter(guard)

    def on_change(change: Change) -> None:
        if change.kind == ChangeKind.SCHEMA:  # label keys are re-bound by the action table
            attributes.set_schema(store.schema())
            _fill_label_menus(ctx, rich)
            links.reload()
            link_list.hint.setText(link_hint(store.schema()))

    store.subscribe(on_change)
    guard.on_schema = on_change
    return rich


def _actions(ctx: WindowContext, rich: Rich) -> list[Action]:
    """Links, the registry and the schema (Annotate); suggestions (Suggestions). Their
    letters work while annotating only; review mode gives them other meanings. The
    relation types' own keys come from the schema (`set_linker`)."""
    mode, links, sugg, editor = rich.mode, rich.links, rich.suggestions, ctx.editor

    def back() -> None:
        """Backspace: reject the suggestion under the cursor when no span is selected."""
        if editor.selected_span() is None and sugg.current is not None:
            sugg.reject_current()
        else:
            editor.delete_selected()

    def escape() -> None:
        if not mode.cancel():
            editor.select_span(None)

    registry = rich.registry.toggleViewAction()
    return [
        Action("link.as", "Link selected &as…", lambda: None, "&Annotate", "links",
               submenu=rich.link_menu),
        Action("link.delete", "Delete selected &link", lambda: mode.delete(links.selected),
               "&Annotate", "links"),
        Action("annotate.registry", "Actor &registry", registry.trigger, "&Annotate",
               "registry", ("Ctrl+Shift+R",), qaction=registry),
        Action("annotate.schema", "Label &schema…", lambda: _edit_schema(ctx), "&Annotate",
               "registry"),
        Action("annotate.escape", "Cancel linking, or deselect the span", escape,
               keys=("Esc",), modes=(ANNOTATE,)),
        Action("suggest.accept", "&Accept suggestion", sugg.accept_current, "&Suggestions",
               "one", ("Enter", "Return"), (ANNOTATE,)),
        Action("suggest.reject", "&Reject suggestion", sugg.reject_current, "&Suggestions",
               "one", ("X",), (ANNOTATE,)),
        Action("suggest.back", "Reject the suggestion, or delete the selected span", back,
               keys=("Backspace",), modes=(ANNOTATE,)),
        Action("suggest.next", "&Next suggestion", lambda: sugg.step(1), "&Suggestions",
               "one", ("N",), (ANNOTATE,)),
        Action("suggest.previous", "&Previous suggestion", lambda: sugg.step(-1),
               "&Suggestions", "one", ("Shift+N",), (ANNOTATE,)),
        Action("suggest.accept_label", "Accept &all of a label", lambda: None, "&Suggestions",
               "by_label", submenu=rich.accept_menu),
        Action("suggest.reject_label", "Reject all &of a label", lambda: None, "&Suggestions",
               "by_label", submenu=rich.reject_menu),
        Action("suggest.show", "&Show suggestions", sugg.set_enabled, "&Suggestions", "source",
               checkable=True, checked=True),
        Action("suggest.patterns", "Choose &patterns file…", sugg.choose_patterns,
               "&Suggestions", "source"),
        Action("suggest.no_patterns", "Stop using the patterns file",
               lambda: sugg.set_patterns(None), "&Suggestions", "source"),
    ]


def _fill_label_menus(ctx: WindowContext, rich: Rich) -> None:
    rich.accept_menu.clear()
    rich.reject_menu.clear()
    for lab in ctx.store.schema().labels:
        ctx.window.add_action(rich.accept_menu, f"Accept all {lab.name} suggestions",
                              lambda n=lab.name: rich.suggestions.accept_label(n))
        ctx.window.add_action(rich.reject_menu, f"Reject all {lab.name} suggestions",
                              lambda n=lab.name: rich.suggestions.reject_label(n))


def _edit_schema(ctx: WindowContext) -> None:
    dialog = SchemaEditor(ctx.store, ctx.window, push=ctx.editor.push)
    if dialog.exec():
        ctx.message("Label schema saved.")
