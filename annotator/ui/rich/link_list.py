"""The links in the label panel: those of the selected span (all of the document's when
no span is selected); pick one to highlight it in the article, double-click to go to its
head span, Delete (or the button) removes it, undoably. Long names are cut at the end."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Relation
from annotator.ui.article.colors import swatch
from annotator.ui.rich.link_menu import link_hint
from annotator.ui.rich.link_mode import describe
from annotator.ui.rich.link_overlay import relation_color

LINK_ID_ROLE = Qt.ItemDataRole.UserRole


class LinkListModel(QAbstractListModel):
    """Holds the document's relations; a document has few, so a change resets it."""

    def __init__(self, view, schema_source, parent=None):
        super().__init__(parent)
        self._links: list[Relation] = []
        self._view, self._schema = view, schema_source

    def set_links(self, links: list[Relation]) -> None:
        self.beginResetModel()
        self._links = list(links)
        self.endResetModel()

    def row_of(self, relation_id: str | None) -> int | None:
        return next((i for i, r in enumerate(self._links) if r.id == relation_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._links)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._links):
            return None
        rel = self._links[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(rel, self._view)
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch(relation_color(self._schema(), rel.label), 10)
        if role == LINK_ID_ROLE:
            return rel.id
        return None


class LinkList(QGroupBox):
    sig_delete = Signal(str)
    """Delete this link."""
    sig_go_to = Signal(str)
    """Select and show this span (a link's head)."""

    def __init__(self, links, mode, parent: QWidget | None = None):
        super().__init__("Links", parent)
        self.setObjectName("linkList")
        self.links = links
        self.model = LinkListModel(links.view, links.store.schema, self)
        self.list = QListView(self, objectName="linkListView")
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMaximumHeight(110)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.span_id: str | None = None  # the selected span, whose links are listed
        self._all: list[Relation] = []
        self.hint = QLabel(link_hint(links.store.schema()), wordWrap=True)
        self.hint.setEnabled(False)
        self.delete_button = QPushButton("Delete link", enabled=False)
        row = QHBoxLayout()  # the hint on its own line: beside the button it lost words
        row.addStretch(1)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        self.delete_button.clicked.connect(
            lambda: self.links.selected and self.sig_delete.emit(self.links.selected))
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.list.doubleClicked.connect(self._double_clicked)
        links.sig_links_changed.connect(self._links_changed)
        links.sig_selected.connect(self._show_selected)
        mode.sig_pending.connect(self._pending)

    def _links_changed(self, links: list[Relation]) -> None:
        self._all = list(links)
        self._show_links()

    def show_span(self, span) -> None:
        """List the links of this span (None: every link of the document)."""
        self.span_id = span.id if span is not None else None
        self._show_links()

    def _show_links(self) -> None:
        sid = self.span_id
        shown = self._all if sid is None else [r for r in self._all
                                               if sid in (r.head, r.child)]
        self.model.set_links(shown)
        self.setTitle(f"Links ({len(shown)})" if sid is None
                      else f"Links of the span ({len(shown)} of {len(self._all)})")
        self._show_selected(self.links.selected)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.links.select(current.data(LINK_ID_ROLE) if current.isValid() else None)

    def _show_selected(self, relation_id: str | None) -> None:
        self.delete_button.setEnabled(relation_id is not None)
        row = self.model.row_of(relation_id)
        if row is None:
            self.list.clearSelection()
        elif self.list.currentIndex().row() != row:
            self.list.setCurrentIndex(self.model.index(row))

    def _double_clicked(self, index: QModelIndex) -> None:
        rel = self.links.get(index.data(LINK_ID_ROLE))
        if rel is not None:
            self.sig_go_to.emit(rel.head)

    def _pending(self, relation: str | None) -> None:
        self.hint.setText(f"{relation}: click the span to link… (Esc cancels)" if relation
                          else link_hint(self.links.store.schema()))
