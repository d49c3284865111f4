"""The left pane: search, status filter, progress and the document list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import DataError
from annotator.store.changes import Change, ChangeKind
from annotator.ui.shell.context import REVIEW, WindowContext
from annotator.ui.shell.document_model import DocumentListModel

FILTERS = (("All documents", ()), ("Not done", ("new", "in_progress")), ("New", ("new",)),
           ("In progress", ("in_progress",)), ("Done", ("done",)))
COLUMN_WIDTHS = {1: 80, 2: 64, 3: 76, 4: 44, 5: 70}  # the least each column gets (px)
MAX_COLUMN = 140
REVIEW_FILTERS = (("Any review state", ()), ("Not reviewed", ("unreviewed", "in_review")),
                  ("Unreviewed", ("unreviewed",)), ("In review", ("in_review",)),
                  ("Reviewed", ("reviewed",)))


class DocumentPanel(QWidget):
    sig_document_selected = Signal(int)
    """The analyst picked a document (its row id)."""

    def __init__(self, ctx: WindowContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self._quiet = False
        self.pk_filters: list = []  # features narrowing the list (pks -> pks)
        self._order: Callable[[list[int]], list[int]] | None = None  # see set_order
        self.search = QLineEdit(self, objectName="documentSearch", clearButtonEnabled=True)
        self.search.setPlaceholderText("Search titles and text")
        self.filter = QComboBox(self, objectName="statusFilter")
        for name, _statuses in FILTERS:
            self.filter.addItem(name)
        self.review_filter = QComboBox(self, objectName="reviewFilter")
        for name, _states in REVIEW_FILTERS:
            self.review_filter.addItem(name)
        self.hide_near_duplicates = QCheckBox("Hide near-duplicates", self,
                                              objectName="hideNearDuplicates")
        self.hide_near_duplicates.setToolTip(
            "Leave out articles marked as nearly the same as one already stored")
        self.model = DocumentListModel(ctx, self)
        self.view = QTableView(self, objectName="documentList")
        self.view.setModel(self.model)
        self._setup_view()
        self.progress = QLabel(self, objectName="progressLabel")
        self.bar = QProgressBar(self, textVisible=False, maximumHeight=6)
        self.message = QLabel(self, objectName="documentMessage", wordWrap=True)
        self.message.hide()

        filters = QHBoxLayout()  # under the search: the pane stays narrow at 900 px
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.review_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        top = QHBoxLayout()  # the first row (parts add to it: "Assigned to me")
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.hide_near_duplicates)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.bar)

        self.search.textChanged.connect(self.reload)
        self.filter.currentIndexChanged.connect(self.reload)
        self.review_filter.currentIndexChanged.connect(self.reload)
        self.hide_near_duplicates.toggled.connect(self.reload)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.store.subscribe(self.on_change)
        self.reload()

    def _setup_view(self) -> None:
        v = self.view
        v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        v.setAlternatingRowColors(True)
        v.setShowGrid(False)
        v.setWordWrap(False)
        v.verticalHeader().hide()
        v.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        v.verticalHeader().setDefaultSectionSize(v.fontMetrics().height() + 8)
        head = v.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setHighlightSections(False)
        for col in COLUMN_WIDTHS:
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self._fit_widths()
        self.model.headerDataChanged.connect(lambda *_: self._fit_widths())
        v.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- list contents ------------------------------------------------------------------

    def reload(self) -> None:
        """Re-run the search and filter, keeping the current document selected if listed."""
        current = self.current_pk()
        statuses = FILTERS[max(0, self.filter.currentIndex())][1]
        review = REVIEW_FILTERS[max(0, self.review_filter.currentIndex())][1]
        try:
            pks = self.store.document_pks(annotator=self.ctx.analyst, statuses=statuses,
                                          search=self.search.text(), review=review)
        except DataError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.message.hide()
        if self.hide_near_duplicates.isChecked():
            from annotator.store.near_duplicate_marks import marked_pks

            hidden = marked_pks(self.store.conn)
            pks = [pk for pk in pks if pk not in hidden]
        for keep in self.pk_filters:
            pks = keep(pks)
        if self._order is not None:
            pks = self._order(pks)
        self.model.set_pks(pks)
        if current is not None:
            self.select_pk(current, notify=False)
        self.update_progress()
        self._fit_columns()

    def set_order(self, order: Callable[[list[int]], list[int]] | None) -> None:
        """List the documents in `order(pks)` (a part's sort, such as "most useful next")
        instead of the store's; None goes back to the store's order. Re-lists at once."""
        self._order = order
        self.reload()

    def add_row(self, *widgets: QWidget) -> None:
        """A row of a part's own controls under the search and filters (theirs is full)."""
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        self.layout().insertLayout(1, row)

    def _fit_columns(self) -> None:
        """Leave the title its room: show Source and Review only when the first page of the
        list has one (the page is fetched for display anyway; no scan of a large table).
        In review mode the Status column already is the review state: no second one."""
        rows = [self.model.row_data(i) for i in range(min(self.model.rowCount(), 200))]
        has_source = any(r and r.get("source") for r in rows)
        has_review = any(r and r.get("review_status") not in (None, "unreviewed") for r in rows)
        self.view.setColumnHidden(2, not has_source)
        self.view.setColumnHidden(5, not has_review or self.ctx.mode == REVIEW)
        self._fit_widths()

    def _fit_widths(self) -> None:
        """Each small column at least as wide as its header and what the rows on screen
        hold (the headers change with the mode: "Undecided" is wider than "Spans")."""
        v, head = self.view, self.view.horizontalHeader()
        for col, width in COLUMN_WIDTHS.items():
            if not v.isColumnHidden(col):
                wanted = max(width, head.sectionSizeHint(col), v.sizeHintForColumn(col))
                v.setColumnWidth(col, min(wanted, MAX_COLUMN))

    def update_progress(self) -> None:
        counts = self.store.status_counts(self.ctx.analyst)
        total = sum(counts.values())
        shown = self.model.rowCount()
        text = f"{counts['done']} of {total} done"
        if shown != total:
            text += f"  ·  {shown} listed"
        self.progress.setText(text)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(counts["done"])

    def on_change(self, change: Change) -> None:
        if change.kind == ChangeKind.STATUS and FILTERS[max(0, self.filter.currentIndex())][1]:
            self.reload()  # under a status filter the document may leave or join the list
        elif change.kind in (ChangeKind.SPANS, ChangeKind.RELATIONS, ChangeKind.STATUS) \
                and change.doc is not None:
            self.model.refresh(change.doc)
            if change.kind == ChangeKind.STATUS:
                self.update_progress()
                self._fit_columns()
        elif change.kind == ChangeKind.DOCUMENTS:
            self.reload()

    # -- current document ---------------------------------------------------------------

    def current_pk(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.pk_at(index.row()) if index.isValid() else None

    def select_pk(self, pk: int, notify: bool = True) -> bool:
        row = self.model.row_of(pk)
        if row is None:
            self.view.clearSelection()
            return False
        self._quiet = not notify
        try:
            self.view.setCurrentIndex(self.model.index(row, 0))
        finally:
            self._quiet = False
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def neighbour(self, step: int) -> int | None:
        index = self.view.currentIndex()
        row = (index.row() if index.isValid() else -1) + step
        return self.model.pk_at(row)

    def _row_changed(self, current, _previous) -> None:
        pk = self.model.pk_at(current.row()) if current.isValid() else None
        if pk is not None and not self._quiet:
            self.sig_document_selected.emit(pk)

    def close_store(self) -> None:
        self.store.unsubscribe(self.on_change)
