"""The actor registry as a dock: actors with their mention counts, every mention of the
chosen actor across the corpus by document title (double-click opens the document at
that span), and merging two entries into one (undoable, all mentions kept).

The counts never leave the table's view (the aliases column is the one that gives way, and
a count line sits above the table). The dock opens under the article, at a third of the
window's height and never more than half, so the article keeps its full width. It reads
the store only while shown, and a burst of edits refreshes it once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.store.changes import Change, ChangeKind
from annotator.store.entities import RegistryEntry, get_entity, list_entities, mentions
from annotator.ui.article.article_view import snippet
from annotator.ui.rich.entity_dialog import EntityDialog
from annotator.ui.rich.rich_commands import EditEntity, MergeEntities
from annotator.ui.shell.context import WindowContext

ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Actor", "Kind", "Aliases", "Mentions", "Documents")
KIND, ALIASES, MENTIONS, DOCUMENTS = 1, 2, 3, 4


class RegistryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[RegistryEntry] = []

    def set_entries(self, entries: list[RegistryEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        e, col = entry.entity, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (e.name, e.kind or "", ", ".join(e.aliases), entry.mentions,
                    entry.documents)[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{e.name}: {entry.mentions} mention(s) in {entry.documents} document(s)"
        if role == Qt.ItemDataRole.ToolTipRole and col == ALIASES and e.aliases:
            return "\n".join(e.aliases)
        if role == ENTITY_ID_ROLE:
            return e.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (MENTIONS, DOCUMENTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RegistryView(QDockWidget):
    sig_open_mention = Signal(int, str)
    """Open this document (pk) at this span."""

    def __init__(self, ctx: WindowContext, parent: QWidget | None = None):
        super().__init__("Actor registry", parent or ctx.window)
        self.setObjectName("registryDock")
        self.ctx, self.window_, self.store = ctx, ctx.window, ctx.store
        self.model = RegistryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(Qt.ItemDataRole.DisplayRole)

        body = QWidget(self)
        self.filter = QLineEdit(body, placeholderText="Filter actors…", clearButtonEnabled=True)
        self.table = QTableView(body, objectName="registryTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(MENTIONS, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # The name takes what is left; kind, counts fit their contents; aliases (long)
        # get a narrow column, elided, in full on hover: the counts stay in sight.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (KIND, MENTIONS, DOCUMENTS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ALIASES, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(ALIASES, 70)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.edit_button = QPushButton("Edit…", body, enabled=False,
                                       objectName="registryEdit")
        self.edit_button.setToolTip("Name, kind and aliases (what suggestions look for)")
        self.merge_button = QPushButton("Merge selected…", body, enabled=False)
        self.merge_button.setToolTip("Select two actors: the second's mentions and names "
                                     "move to the first")
        self.count = QLabel("", body, objectName="registryCount")
        self.mention_title = QLabel("Mentions: pick an actor", body)
        self.mention_list = QListWidget(body)
        self.mention_list.setObjectName("mentionList")

        top = QWidget(body)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.filter)
        tl.addWidget(self.count)  # above the table: always in sight
        tl.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.edit_button)
        row.addWidget(self.merge_button)
        tl.addLayout(row)
        bottom = QWidget(body)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.mention_title)
        bl.addWidget(self.mention_list, 1)
        split = self.split = QSplitter(Qt.Orientation.Horizontal, body)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self.setWidget(body)

        self._dirty = True
        self._sized = False  # given its opening width once
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self.refresh)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.merge_button.clicked.connect(self._merge_clicked)
        self.edit_button.clicked.connect(self._edit_clicked)
        self.mention_list.itemActivated.connect(self._open_item)
        self.mention_list.itemDoubleClicked.connect(self._open_item)
        self.visibilityChanged.connect(lambda shown: shown and self._dirty and self.refresh())
        self.visibilityChanged.connect(self._fit)
        self.dockLocationChanged.connect(self._placed)
        self.store.subscribe(self._on_change)

    # -- layout ---------------------------------------------------------------------------

    def _placed(self, area: Qt.DockWidgetArea) -> None:
        """Actors beside their mentions under the article; above them at a side."""
        side = area in (Qt.DockWidgetArea.LeftDockWidgetArea,
                        Qt.DockWidgetArea.RightDockWidgetArea)
        self.split.setOrientation(Qt.Orientation.Vertical if side
                                  else Qt.Orientation.Horizontal)

    def _fit(self, shown: bool) -> None:
        """Open at a third of the window's height under the article (its width untouched),
        and never take more than half the window."""
        window = self.window_
        if not shown or self.isFloating() or window.height() <= 0:
            return
        area = window.dockWidgetArea(self)
        vertical = area in (Qt.DockWidgetArea.TopDockWidgetArea,
                            Qt.DockWidgetArea.BottomDockWidgetArea)
        size = window.height() if vertical else window.width()
        orientation = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
        if vertical:
            self.setMaximumHeight(max(200, size // 2))
        else:
            self.setMaximumWidth(max(240, size // 2))
        if not self._sized:
            window.resizeDocks([self], [max(200, size // 3)], orientation)
            self._sized = True

    # -- data -----------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.kind in (ChangeKind.ENTITIES, ChangeKind.SPANS):
            self._dirty = True
            if self.isVisible():
                self._timer.start()

    def refresh(self) -> None:
        if self.store is None:
            return
        chosen = self.selected_ids()
        self.model.set_entries(list_entities(self.store))
        self._dirty = False
        n = sum(e.mentions for e in self.model.entries)
        self.count.setText(f"{len(self.model.entries)} actors, {n} mentions")
        for eid in chosen:
            self._select(eid, extend=True)
        self._selection_changed()

    def row_of(self, entity_id: str) -> int | None:
        return next((i for i, e in enumerate(self.model.entries) if e.entity.id == entity_id),
                    None)

    def _select(self, entity_id: str, extend: bool = False) -> None:
        row = self.row_of(entity_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = (self.table.selectionModel().SelectionFlag.Select if extend
                 else self.table.selectionModel().SelectionFlag.ClearAndSelect)
        self.table.selectionModel().select(
            index, flags | self.table.selectionModel().SelectionFlag.Rows)

    def select_entity(self, entity_id: str) -> None:
        self._select(entity_id)

    def show_entity(self, entity_id: str | None) -> bool:
        """Jump to the actor (the span's menu): open the dock, select the actor's row and
        scroll to it; False when the span is linked to no (live) actor."""
        if not entity_id:
            return False
        self.show()
        self.raise_()
        self.refresh()
        row = self.row_of(entity_id)
        if row is None:
            return False
        self._select(entity_id)
        self.table.scrollTo(self.proxy.mapFromSource(self.model.index(row, 0)))
        return True

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [r.data(ENTITY_ID_ROLE) for r in sorted(rows, key=lambda i: i.row())]

    def _selection_changed(self, *_args) -> None:
        ids = self.selected_ids()
        self.merge_button.setEnabled(len(ids) == 2)
        self.edit_button.setEnabled(len(ids) == 1)
        self.mention_list.clear()
        if len(ids) != 1:
            self.mention_title.setText("Mentions: pick one actor")
            return
        found = mentions(self.store, ids[0])
        self.mention_title.setText(f"Mentions ({len(found)}): double-click to open")
        for m in found:
            title = snippet(m.title or m.doc_id, 40)
            item = QListWidgetItem(f"{title} · {m.annotator} · {snippet(m.text, 50)}")
            item.setData(Qt.ItemDataRole.UserRole, (m.doc, m.span_id))
            item.setToolTip(f"{m.title or ''}\n{m.doc_id} [{m.start}:{m.end}] in "
                            f"{m.annotator}'s layer".strip())
            self.mention_list.addItem(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        doc, span_id = item.data(Qt.ItemDataRole.UserRole)
        self.open_mention(doc, span_id)

    def open_mention(self, doc: int, span_id: str) -> None:
        window = self.window_
        window.open_document(doc)
        self.ctx.editor.select_span(span_id, reveal=True)
        if self.ctx.editor.selected_span() is None:
            self.ctx.message("That mention is in another analyst's layer.")

    # -- merging --------------------------------------------------------------------------

    def _merge_clicked(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 2:
            return
        names = {e.entity.id: e.entity.name for e in self.model.entries}
        a, b = ids
        box = QMessageBox(QMessageBox.Icon.Question, "Merge actors",
                          f"Merge '{names[a]}' and '{names[b]}'? All mentions are kept; "
                          "the other name becomes an alias.", parent=self)
        keep_a = box.addButton(f"Keep '{names[a]}'", QMessageBox.ButtonRole.AcceptRole)
        keep_b = box.addButton(f"Keep '{names[b]}'", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is keep_a:
            self.merge(a, b)
        elif box.clickedButton() is keep_b:
            self.merge(b, a)

    def merge(self, keep: str, other: str) -> bool:
        """Fold `other` into `keep` as one undoable command."""
        names = {e.entity.id: e.entity.name for e in self.model.entries}
        editor = self.ctx.editor
        what = f"'{names.get(other, other)}' into '{names.get(keep, keep)}'"
        ok = editor.push(MergeEntities(self.store, None, keep, other, what, editor._report))
        if ok:
            editor.sig_message.emit(f"Merged {what}.")
            self.refresh()
            self._select(keep)
        return ok

    # -- editing ------------------------------------------------------------------------

    def _edit_clicked(self) -> None:
        ids = self.selected_ids()
        entity = get_entity(self.store, ids[0]) if len(ids) == 1 else None
        if entity is None:
            return
        actor = self.store.schema().label("ACTOR")
        kind_attr = actor.attribute("kind") if actor else None
        dialog = EntityDialog(entity, list(kind_attr.values) if kind_attr else [], self)
        if dialog.exec() == EntityDialog.DialogCode.Accepted:
            self.edit(entity.id, *dialog.values())

    def edit(self, entity_id: str, name: str, kind: str | None, aliases: list[str]) -> bool:
        """Change an actor's name, kind and aliases as one undoable command."""
        editor = self.ctx.editor
        ok = editor.push(EditEntity(self.store, entity_id, name, kind, aliases,
                                    editor._report))
        if ok:
            editor.sig_message.emit(f"Actor '{name}' saved.")
            self.refresh()
            self._select(entity_id)
        return ok

    def close_store(self) -> None:
        if self.store is not None:
            self.store.unsubscribe(self._on_change)
            self.store = None
