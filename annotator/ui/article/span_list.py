"""The open document's spans as a list model, updated row by row as spans change.

Rows are handed to the view in batches as it scrolls (canFetchMore/fetchMore): a view
lays out every row it knows of on each insert, and an article can hold 5,000 spans.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.core.model import Span
from annotator.ui.article.article_view import snippet
from annotator.ui.article.colors import LabelStyle, swatch

SPAN_ID_ROLE = Qt.ItemDataRole.UserRole
BATCH = 200


def _key(span: Span) -> tuple:
    return (span.start, span.end, span.label, span.id)


_ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemNeverHasChildren)

class SpanListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._spans: list[Span] = []
        self._text = ""
        self._styles: dict[str, LabelStyle] = {}
        self._icons: dict[str, Any] = {}
        self._shown = 0  # rows the view knows of

    def set_spans(self, spans: list[Span], text: str, styles: dict[str, LabelStyle]) -> None:
        self.beginResetModel()
        self._spans = sorted(spans, key=_key)
        self._text, self._styles = text, styles
        self._icons = {name: swatch(style.line, 12, style.mark) for name, style in styles.items()}
        self._shown = min(BATCH, len(self._spans))
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and self._shown < len(self._spans)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        self.show_up_to(self._shown + BATCH - 1)

    def show_up_to(self, row: int) -> None:
        last = min(row, len(self._spans) - 1)
        if last >= self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, last)
            self._shown = last + 1
            self.endInsertRows()

    def total(self) -> int:
        return len(self._spans)

    def row_of(self, span_id: str, expose: bool = True) -> int | None:
        """The row of a span, making it available to the view if it was not yet (or None
        when `expose` is False and the view has not scrolled that far)."""
        row = next((i for i, s in enumerate(self._spans) if s.id == span_id), None)
        if row is not None and row >= self._shown:
            if not expose:
                return None
            self.show_up_to(row)
        return row

    def span_at(self, row: int) -> Span | None:
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def update_span(self, span_id: str, span: Span | None) -> None:
        """Remove the old row of this span and insert the new one where it sorts."""
        row = next((i for i, s in enumerate(self._spans) if s.id == span_id), None)
        if row is not None:
            if row < self._shown:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._spans[row]
                self._shown -= 1
                self.endRemoveRows()
            else:
                del self._spans[row]
        if span is not None:
            row = bisect_left(self._spans, _key(span), key=_key)
            if row < self._shown or self._shown == len(self._spans):
                self.beginInsertRows(QModelIndex(), row, row)
                self._spans.insert(row, span)
                self._shown += 1
                self.endInsertRows()
            else:
                self._spans.insert(row, span)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        span = self.span_at(index.row()) if index.isValid() and index.row() < self._shown else None
        if span is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{span.label}  {snippet(self._text[span.start:span.end], 48)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{span.label} [{span.start}:{span.end}]\n{self._text[span.start:span.end]}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(span.label)
        if role == SPAN_ID_ROLE:
            return span.id
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # called for every row when the selection moves: a constant, not an enum sum
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags
