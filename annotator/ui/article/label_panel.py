"""The right pane: one button per label, the selected span's details, the span list."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span
from annotator.core.schema import LabelSchema
from annotator.ui.article.article_view import snippet
from annotator.ui.article.colors import LabelStyle, swatch
from annotator.ui.article.span_list import SPAN_ID_ROLE, SpanListModel


class LabelPanel(QWidget):
    sig_label_clicked = Signal(str)
    """A label button was clicked: label the selection (or relabel the selected span)."""
    sig_span_activated = Signal(str)
    """A span was picked in the list: select it and scroll to it."""
    sig_delete_clicked = Signal()
    """Delete the selected span."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("labelPanel")
        self.buttons: dict[str, QPushButton] = {}
        self._labels_box = QGroupBox("Labels", self)
        QVBoxLayout(self._labels_box).setSpacing(4)

        self._details = QGroupBox("Selected span", self)
        form = QFormLayout(self._details)
        self.detail_label = QLabel("—")
        self.detail_text = QLabel("", wordWrap=True,
                                  textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_text.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_where = QLabel("")
        self.delete_button = QPushButton("Delete  (Del)", enabled=False)
        form.addRow("Label", self.detail_label)
        form.addRow("Text", self.detail_text)
        form.addRow("Chars", self.detail_where)
        form.addRow(self.delete_button)

        self.spans = SpanListModel(self)
        # a list view: a tree view re-lays out every row after each insert (~30 ms at 5,000)
        self.span_view = QListView(self, objectName="spanList")
        self.span_view.setModel(self.spans)
        self.span_view.setUniformItemSizes(True)
        self.span_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.span_count = QLabel("Spans", self)
        # Span list updates are coalesced and run just after the article has repainted:
        # on a 5,000-span article re-laying out the list costs more than labeling itself.
        self._pending: dict[str, Span | None] = {}
        self._selected: Span | None = None
        self._reveal = False
        self._flush_timer = QTimer(self, singleShot=True, interval=30)
        self._flush_timer.timeout.connect(self.flush)

        # The sections scroll as one when the window is short (900x600): the panel's height
        # never forces the window taller, and nothing in it is squeezed out of sight.
        self.scroll = QScrollArea(self, objectName="labelPanelScroll", widgetResizable=True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget(self.scroll)
        self.scroll.setWidget(self.body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        layout = self._body_layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 6, 6, 6)
        self.span_view.setMinimumHeight(120)
        layout.addWidget(self._labels_box)
        layout.addWidget(self._details)
        layout.addWidget(self.span_count)
        layout.addWidget(self.span_view, 1)

        self.delete_button.clicked.connect(self.sig_delete_clicked)
        self.span_view.clicked.connect(
            lambda index: self.sig_span_activated.emit(index.data(SPAN_ID_ROLE)))
        self.spans.rowsInserted.connect(self._count_changed)
        self.spans.rowsRemoved.connect(self._count_changed)
        self.spans.modelReset.connect(self._count_changed)
        self.show_span(None, "")

    def insert_section(self, widget: QWidget) -> None:
        """Add a feature's section (attributes, links) above the span list."""
        layout = self._body_layout
        layout.insertWidget(layout.indexOf(self.span_count), widget)
        self._fit_width()

    def _fit_width(self) -> None:
        """Never narrower than the sections need (buttons and hints are never cut)."""
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(self.body.minimumSizeHint().width() + bar)

    def set_schema(self, schema: LabelSchema, styles: dict[str, LabelStyle]) -> None:
        layout = self._labels_box.layout()
        for button in self.buttons.values():
            layout.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for lab in schema.labels:
            style = styles[lab.name]
            key = f"{lab.key}   " if lab.key else ""
            button = QPushButton(swatch(style.line, 16, style.mark), f" {key}{lab.name}",
                                 self._labels_box)
            button.setObjectName(f"labelButton_{lab.name}")
            button.setAccessibleName(f"Label {lab.name}" + (f", key {lab.key}" if lab.key else ""))
            button.setToolTip(f"Label the selection {lab.name}"
                              + (f" (key {lab.key}; Alt+{lab.key}: exact characters)"
                                 if lab.key else ""))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # min-height from the font: a tight box cut the Q's tail ("QUOTE" read "OUOTE")
            height = button.fontMetrics().height() + 4
            button.setStyleSheet(f"text-align: left; padding: 5px 8px; min-height: {height}px;")
            button.clicked.connect(lambda _=False, name=lab.name: self.sig_label_clicked.emit(name))
            layout.addWidget(button)
            self.buttons[lab.name] = button
        self._fit_width()

    def span_changed(self, span_id: str, span: Span | None) -> None:
        """A span of the open document changed; the list follows shortly."""
        self._pending[span_id] = span
        self._flush_timer.start()

    def flush(self) -> None:
        pending, self._pending = self._pending, {}
        for span_id, span in pending.items():
            self.spans.update_span(span_id, span)
        self._select_row()

    def set_spans(self, spans: list[Span], text: str, styles) -> None:
        self._pending.clear()
        self._flush_timer.stop()
        self.spans.set_spans(spans, text, styles)

    def _select_row(self) -> None:
        row = (self.spans.row_of(self._selected.id, expose=self._reveal)
               if self._selected is not None else None)
        if row is None:
            self.span_view.clearSelection()
        else:
            # straight to the selection model: the view's setCurrentIndex walks every row
            # (~50 ms with 5,000 spans)
            index = self.spans.index(row)
            model = self.span_view.selectionModel()
            flag = QItemSelectionModel.SelectionFlag
            model.setCurrentIndex(index, flag.NoUpdate)
            model.select(index, flag.ClearAndSelect | flag.Rows)
            self.span_view.scrollTo(index)

    def show_span(self, span: Span | None, text: str, reveal: bool = False) -> None:
        """Show the selected span's details (None: nothing selected); `reveal` scrolls the
        span list to it even far down a long list."""
        self._selected, self._reveal = span, reveal
        self.delete_button.setEnabled(span is not None)
        if span is None:
            self.detail_label.setText("—")
            self.detail_text.setText("Select text and press a label's key.")
            self.detail_where.setText("")
            return
        self.detail_label.setText(f"<b>{span.label}</b>")
        self.detail_text.setText(snippet(text[span.start:span.end], 200))
        self.detail_where.setText(f"{span.start}–{span.end}")
        if not self._pending:
            self._select_row()

    def _count_changed(self, *_args) -> None:
        self.span_count.setText(f"Spans ({self.spans.total()})")
