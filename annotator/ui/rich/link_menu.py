""""Link as…": the relation types that can start at the selected span, as a menu.

The same menu is the Annotate menu's "Link as…" entry and the span's right-click menu, so
a relation type added in the schema editor (LOCATED_IN) is offered wherever the default
ones are. Each entry shows the type's key; choosing it starts the same two-gesture link
as the key does (then a click on the other span).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

NO_SPAN = "Select a span first"


def link_hint(schema) -> str:
    """The label panel's idle hint: the relation keys of this schema."""
    keys = [r.key for r in schema.relations if r.key]
    if not keys:
        return "Annotate > Link as…, then click: link"
    return f"{' / '.join(keys)} (or right-click > Link as…), then click: link"


class LinkAsMenu(QMenu):
    """Filled each time it opens, from the schema and the selected span's label."""

    def __init__(self, editor, mode, parent: QWidget | None = None):
        super().__init__("Link &as…", parent)
        self.setToolTipsVisible(True)
        self.setObjectName("linkAsMenu")
        self.editor, self.mode = editor, mode
        self.aboutToShow.connect(self.refill)

    def refill(self) -> list[QAction]:
        """Rebuild the entries; returns the ones that start a link."""
        self.clear()
        span = self.editor.selected_span() if self.editor.doc is not None else None
        if span is None:
            self.addAction(NO_SPAN).setEnabled(False)
            return []
        schema = self.editor.store.schema()
        found = []
        for rel in schema.relations_from(span.label):
            action = self.addAction(f"{rel.name}\t{rel.key}" if rel.key else rel.name)
            action.setObjectName(f"linkAs:{rel.name}")
            where = f"{rel.name}: from this {span.label} to a {rel.child or 'span'}"
            action.setToolTip(where)
            action.setStatusTip(where + (f" (key {rel.key})" if rel.key else ""))
            action.triggered.connect(lambda _=False, name=rel.name: self.mode.start(name))
            found.append(action)
        if not found:
            self.addAction(f"No relation type starts at a {span.label}").setEnabled(False)
        return found


def span_menu(view, editor, mode, point: QPoint, attributes=None, registry=None) -> QMenu:
    """The article's right-click menu: on a span, select it and offer what its keys do
    (relabel, delete, link as…), editing its attributes and, for an actor linked to the
    registry, showing that actor; elsewhere the usual text menu (copy, select all). Each
    entry runs the same undoable command as the key."""
    spans = view.spans_at_point(point)
    if not spans or editor.doc is None:
        menu = view.createStandardContextMenu(point)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per right-click
        return menu
    span = spans[0]
    editor.select_span(span.id)
    menu = QMenu(view)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.setObjectName("spanMenu")
    for lab in editor.store.schema().labels:
        key = f"\t{lab.key}" if lab.key else ""
        action = menu.addAction(f"Relabel as {lab.name}{key}")
        action.setObjectName(f"relabel:{lab.name}")
        action.setEnabled(lab.name != span.label)
        action.triggered.connect(lambda _=False, name=lab.name: _relabel(view, editor, name))
    menu.addSeparator()
    link = LinkAsMenu(editor, mode, menu)
    link.refill()
    menu.addMenu(link)
    if attributes is not None:
        edit = menu.addAction("Edit attributes…", lambda: attributes.focus_first())
        edit.setObjectName("editAttributes")
    if registry is not None:
        jump = menu.addAction("Show actor in the registry",
                              lambda: registry.show_entity(span.entity))
        jump.setObjectName("jumpToActor")
        jump.setEnabled(bool(span.entity))
        if not span.entity:
            jump.setToolTip("This span is not linked to a registry actor")
    menu.addSeparator()
    delete = menu.addAction("Delete span\tDel", editor.delete_selected)
    delete.setObjectName("deleteSpan")
    return menu


def _relabel(view, editor, name: str) -> None:
    """What a label key does with no text selected: relabel the selected span."""
    view.clear_selection()
    editor.label(name)
