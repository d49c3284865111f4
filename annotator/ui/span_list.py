"""The open document's spans as a list model, updated row by row as spans change."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.core.model import Span
from annotator.ui.article_view import snippet
from annotator.ui.colors import LabelStyle, swatch

SPAN_ID_ROLE = Qt.ItemDataRole.UserRole


def _key(span: Span) -> tuple:
    return (span.start, span.end, span.label, span.id)


class SpanListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._spans: list[Span] = []
        self._text = ""
        self._styles: dict[str, LabelStyle] = {}
        self._icons: dict[str, Any] = {}

    def set_spans(self, spans: list[Span], text: str, styles: dict[str, LabelStyle]) -> None:
        self.beginResetModel()
        self._spans = sorted(spans, key=_key)
        self._text, self._styles = text, styles
        self._icons = {name: swatch(style.line, 12) for name, style in styles.items()}
        self.endResetModel()

    def row_of(self, span_id: str) -> int | None:
        return next((i for i, s in enumerate(self._spans) if s.id == span_id), None)

    def span_at(self, row: int) -> Span | None:
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def update_span(self, span_id: str, span: Span | None) -> None:
        """Remove the old row of this span and insert the new one where it sorts."""
        row = self.row_of(span_id)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._spans[row]
            self.endRemoveRows()
        if span is not None:
            row = bisect_left(self._spans, _key(span), key=_key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._spans.insert(row, span)
            self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._spans)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        span = self.span_at(index.row()) if index.isValid() else None
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
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)
