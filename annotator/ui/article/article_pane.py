"""The centre pane: the article's title and date above the article view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.core.model import Document
from annotator.ui.article.article_view import ArticleView


class ArticlePane(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(self, objectName="articleTitle", wordWrap=True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel(self, objectName="articleMeta")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setEnabled(False)  # the palette's muted text colour
        self.view = ArticleView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addSpacing(4)
        layout.addWidget(self.view, 1)

    def show_header(self, doc: Document | None, status: str = "") -> None:
        if doc is None:
            self.title.setText("No document")
            self.meta.setText("Import articles with: annotator import FILE...")
            return
        self.title.setText(doc.title or doc.id)
        parts = [p for p in (doc.published, doc.source, f"{len(doc.text):,} characters",
                             status.replace("_", " ")) if p]
        self.meta.setText("  ·  ".join(parts))
