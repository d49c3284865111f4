"""The document list as a Qt model that holds only row ids and fetches what it shows in
pages, so 100,000 documents open as fast as 10 (the Anki browser's way).

In review mode the Status column shows the review status and Spans the review items
(undecided of all), not the reviewer's own analyst layer; they follow the mode's switch."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.ui.shell.context import REVIEW, WindowContext

PAGE = 200
COLUMNS = (("title", "Title"), ("published", "Date"), ("source", "Source"),
           ("status", "Status"), ("spans", "Spans"), ("review_status", "Review"))
STATUS_TEXT = {"new": "new", "in_progress": "in progress", "done": "done"}
REVIEW_TEXT = {"unreviewed": "", "in_review": "in review", "reviewed": "reviewed"}
PK_ROLE = Qt.ItemDataRole.UserRole
REVIEW_HEADERS = {"status": "Review status", "spans": "Undecided"}


class DocumentListModel(QAbstractTableModel):
    def __init__(self, ctx: WindowContext, parent=None):
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self._pks: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._cache: dict[int, dict[str, Any]] = {}
        self._review: dict[int, dict[str, Any]] = {}  # pk -> review summary, while shown
        ctx.sig_mode_changed.connect(self._mode_changed)

    # -- what it holds -----------------------------------------------------------------

    def set_pks(self, pks: list[int]) -> None:
        self.beginResetModel()
        self._pks, self._row_of, self._cache, self._review = list(pks), None, {}, {}
        self.endResetModel()

    def pk_at(self, row: int) -> int | None:
        return self._pks[row] if 0 <= row < len(self._pks) else None

    def row_of(self, pk: int) -> int | None:
        if self._row_of is None:
            self._row_of = {p: i for i, p in enumerate(self._pks)}
        return self._row_of.get(pk)

    def pks(self) -> list[int]:
        return list(self._pks)

    def refresh(self, pk: int) -> None:
        """Refetch one document's row (its status or span count changed)."""
        row = self.row_of(pk)
        if row is None:
            return
        self._cache.pop(pk, None)
        self._review.pop(pk, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_data(self, row: int) -> dict[str, Any] | None:
        pk = self.pk_at(row)
        if pk is None:
            return None
        if pk not in self._cache:
            first = row - row % PAGE
            page = [p for p in self._pks[first:first + PAGE] if p not in self._cache]
            self._cache.update(self.store.document_rows(page, self.ctx.analyst))
        return self._cache.get(pk)

    # -- Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._pks)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == PK_ROLE:
            return self.pk_at(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.TextAlignmentRole):
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key == "spans":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        if key == "title":
            return row["title"] or row["id"]
        if self.ctx.mode == REVIEW and key in ("status", "spans"):
            return self._review_value(row["pk"], key)
        if key == "status":
            return STATUS_TEXT.get(row["status"], row["status"])
        if key == "review_status":
            return REVIEW_TEXT.get(row["review_status"], row["review_status"])
        value = row[key]
        return "" if value is None else value

    def _review_value(self, pk: int, key: str) -> str:
        from annotator.store.review_steps import review_summary

        summary = self._review.get(pk)
        if summary is None:
            summary = self._review[pk] = review_summary(self.store, pk)
        if key == "status":
            status = summary["review_status"]
            return "unreviewed" if status == "unreviewed" else REVIEW_TEXT[status]
        left = summary["undecided_items"] + summary["undecided_links"]
        return f"{left} of {summary['items'] + summary['links']}"

    def _mode_changed(self, _mode: str) -> None:
        """The Status and Spans columns mean something else in review mode."""
        self._review = {}
        if self._pks:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._pks) - 1,
                                                               len(COLUMNS) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            if self.ctx.mode == REVIEW:
                return REVIEW_HEADERS.get(COLUMNS[section][0], COLUMNS[section][1])
            return COLUMNS[section][1]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
