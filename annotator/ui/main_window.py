"""The main window (placeholder until the workspace lands): lists the documents."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QMainWindow, QPlainTextEdit, QSplitter, QWidget

from annotator.store import Store


class MainWindow(QMainWindow):
    def __init__(self, store: Store, annotator: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        self.setWindowTitle(f"Annotator - {store.path.name}")
        splitter = QSplitter(self)
        self.document_list = QListWidget(splitter)
        self.document_list.setObjectName("documentList")
        self.article_view = QPlainTextEdit(splitter)
        self.article_view.setObjectName("articleView")
        self.article_view.setReadOnly(True)
        label_panel = QWidget(splitter)
        label_panel.setObjectName("labelPanel")
        self.setCentralWidget(splitter)
        pks = store.document_pks()
        rows = store.document_rows(pks, annotator)
        self._pks = pks
        for pk in pks:
            self.document_list.addItem(rows[pk]["title"] or rows[pk]["id"])
        self.document_list.currentRowChanged.connect(self._show)
        if pks:
            self.document_list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self._pks):
            self.article_view.setPlainText(self.store.document(self._pks[row]).text)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.store.close()
        super().closeEvent(event)
