"""The legend for suggestions: what the dashed outlines on the text are and which keys take
them, shown in the status bar while this document has suggestions on screen (issue 13:
they appeared with no word of explanation)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

TEXT = "Suggestion: Enter accept · X reject · N next"


def dashed_swatch(color, width: int = 26, height: int = 14) -> QPixmap:
    """A small dashed box, drawn as the article draws a suggestion."""
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 1.3, Qt.PenStyle.DashLine))
    painter.drawRoundedRect(QRectF(1, 1, width - 2, height - 2), 2, 2)
    painter.end()
    return pixmap


class SuggestionLegend(QWidget):
    """A dashed swatch and the keys; hidden when no suggestion is shown."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("suggestionLegend")
        self.swatch = QLabel(self)
        self.text = QLabel(TEXT, self)
        self.setToolTip("Dashed outlines are suggestions from the registry and the patterns "
                        "file; they are not saved until you accept them.")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(4)
        layout.addWidget(self.swatch)
        layout.addWidget(self.text)
        self.setAccessibleName(TEXT)
        self.update_count(0)

    def update_count(self, count: int) -> None:
        self.swatch.setPixmap(dashed_swatch(self.palette().windowText().color()))
        self.text.setText(f"{TEXT}  ({count})" if count else TEXT)
        self.setVisible(count > 0)
