"""Review > Agreement…: how far the analysts agree, computed off the UI thread.

The figures are `annotator agreement`'s own (`store.review.agreement`): a table per pair
of analysts with a row per label, Krippendorff's alpha, the confusion of labels over
matched spans (all pairs together, or one pair), and the documents agreed on least with
every pair's scores there. Double-clicking one of those opens it in review mode with the
disagreements of its lowest pair first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import AgreementReport, PairAgreement
from annotator.ui.shell.context import WindowContext
from annotator.ui.shell.jobs import JobRunner, with_store

LOWEST = 20
DOC_ROLE = Qt.ItemDataRole.UserRole


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def agreement_job(db_path, label: str | None = None):
    from annotator.store.review import agreement

    return with_store(db_path, lambda store, _progress, _token: agreement(store, label))


def _table(headers: list[str], name: str, parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent, objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _set_row(table: QTableWidget, values: list[str], data=None) -> None:
    row = table.rowCount()
    table.insertRow(row)
    for col, value in enumerate(values):
        item = QTableWidgetItem(value)
        if col > 0 or data is not None:
            item.setData(DOC_ROLE, data)
        if col > 0 and value.replace(".", "").replace("–", "").strip().isdigit():
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(row, col, item)


ALL_PAIRS = "all pairs"


class AgreementDialog(QDialog):
    sig_open_document = Signal(str, str, str)
    """Open this document (its id) in review mode, this pair's disagreements first."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Agreement between analysts")
        self.report: AgreementReport | None = None
        self.summary = QLabel("Computing…", self, objectName="agreementSummary", wordWrap=True)
        self.pairs = _table(["Analysts", "Label", "Documents", "Exact F1", "Partial F1",
                             "Cohen's kappa"], "agreementPairs", self)
        self.pair_choice = QComboBox(self, objectName="confusionPair")
        self.confusion = _table([], "confusionMatrix", self)
        self.lowest = _table(["Document", "Analysts", "Exact F1", "Every pair (exact / partial)"],
                             "lowestDocuments", self)
        self.lowest.itemDoubleClicked.connect(self._open_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        confusion_head = QHBoxLayout()
        confusion_head.addWidget(QLabel("Labels of matched spans:", self))
        confusion_head.addWidget(self.pair_choice, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.pairs, 3)
        layout.addLayout(confusion_head)
        layout.addWidget(self.confusion, 2)
        layout.addWidget(QLabel("Documents with the lowest agreement "
                                "(double-click to review):", self))
        layout.addWidget(self.lowest, 2)
        layout.addWidget(buttons)
        self.pair_choice.currentIndexChanged.connect(self._show_confusion)
        self.resize(760, 640)

    def show_report(self, report: AgreementReport) -> None:
        self.report = report
        alpha = fmt(report.krippendorff_alpha)
        shared = sum(p.documents for p in report.pairs)
        if not report.pairs:
            self.summary.setText("Fewer than two analysts in this database: nothing to compare.")
        else:
            self.summary.setText(
                f"Krippendorff's alpha (nominal, over tokens, all analysts): <b>{alpha}</b>"
                + ("" if shared else "<br>No document is marked done by two analysts yet."))
        self.pairs.setRowCount(0)
        for p in report.pairs:
            who = " / ".join(p.annotators)
            _set_row(self.pairs, [who, "(all)", str(p.documents), fmt(p.exact_f1),
                                  fmt(p.partial_f1), fmt(p.cohen_kappa)])
            for lab, figs in p.per_label.items():
                _set_row(self.pairs, [who, lab, "", fmt(figs["exact_f1"]),
                                      fmt(figs["partial_f1"]), ""])
        self.pair_choice.blockSignals(True)
        self.pair_choice.clear()
        self.pair_choice.addItem(ALL_PAIRS)
        for p in report.pairs:
            self.pair_choice.addItem(" / ".join(p.annotators))
        self.pair_choice.blockSignals(False)
        self._show_confusion(0)
        self.lowest.setRowCount(0)
        for row in report.lowest_json(LOWEST):
            low = min(row["pairs"], key=lambda p: (p["exact_f1"], p["annotators"]))
            every = " · ".join(f"{'/'.join(p['annotators'])} {fmt(p['exact_f1'])} / "
                               f"{fmt(p['partial_f1'])}" for p in row["pairs"])
            _set_row(self.lowest, [row["doc"], " / ".join(low["annotators"]),
                                   fmt(row["exact_f1"]), every],
                     (row["doc"], *low["annotators"]))

    def _show_confusion(self, index: int) -> None:
        """Index 0: every pair together (symmetric, as `agreement --json`); then one pair."""
        pairs = self.report.pairs if self.report else []
        pair: PairAgreement | None = pairs[index - 1] if 1 <= index <= len(pairs) else None
        if pair is None and self.report is not None and index == 0:
            matrix = self.report.confusion_matrix()
            labels = matrix["labels"]
            confusion = {(x, y): matrix["matrix"][i][j] for i, x in enumerate(labels)
                         for j, y in enumerate(labels)}
            names = ("one analyst", "the other")
        else:
            confusion = pair.confusion if pair else {}
            names = pair.annotators if pair else ("", "")
        rows = sorted({a for a, _b in confusion})
        cols = sorted({b for _a, b in confusion})
        self.confusion.clear()
        self.confusion.setRowCount(len(rows))
        self.confusion.setColumnCount(len(cols))
        if rows:
            a, b = names
            self.confusion.setHorizontalHeaderLabels([f"{b}: {c}" for c in cols])
            self.confusion.setVerticalHeaderLabels([f"{a}: {r}" for r in rows])
            self.confusion.verticalHeader().show()
        for i, r in enumerate(rows):
            for j, c in enumerate(cols):
                item = QTableWidgetItem(str(confusion.get((r, c), 0)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.confusion.setItem(i, j, item)

    def _open_row(self, item: QTableWidgetItem) -> None:
        data = self.lowest.item(item.row(), 0).data(DOC_ROLE)
        if data:
            self.sig_open_document.emit(*data)


def open_agreement(ctx: WindowContext, mode) -> AgreementDialog:
    """Show the dialog at once and fill it when the computation (off the UI thread) ends."""
    dialog = AgreementDialog(ctx.window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    runner = JobRunner(dialog)
    runner.sig_finished.connect(dialog.show_report)
    runner.sig_failed.connect(lambda message: dialog.summary.setText(message))
    dialog.runner = runner
    dialog.sig_open_document.connect(
        lambda doc_id, a, b: open_in_review(ctx, mode, doc_id, (a, b)))
    mode.agreement_dialog = dialog
    dialog.show()
    runner.start(agreement_job(ctx.store.path), "Computing agreement…")
    return dialog


def open_in_review(ctx: WindowContext, mode, doc_id: str,
                   pair: tuple[str, str] | None = None) -> None:
    doc = ctx.store.document_by_id(doc_id)
    if doc is None:
        ctx.message(f"No document {doc_id} any more.")
        return
    ctx.window.open_document(doc.pk)
    mode.set_active(True)
    if pair is not None:
        mode.focus_pair(*pair)
