"""Labels told apart by shape as well as colour (for colour-blind analysts and greyscale
screens): each label gets a mark (square, triangle, circle, diamond...), drawn on its
button, in the span list, and as a small tab at the start of every span in the article.

The article marks are painted over the text after the view has painted itself (through
the view's `overlays` hook), so the article view and its span painter stay untouched.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

MARKS = ("square", "triangle", "circle", "diamond", "bar", "cross")
MAX_MARKED = 3000  # spans marked per paint; beyond that the screen is all marks anyway


def mark_for(index: int) -> str:
    return MARKS[index % len(MARKS)]


def draw_mark(painter: QPainter, rect: QRectF, mark: str, color: QColor) -> None:
    """Fill `mark` into `rect` in `color`, with a thin contrasting rim so it shows on any
    background."""
    rim = QColor("black") if color.lightness() > 150 else QColor("white")
    rim.setAlpha(160)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(rim, max(rect.width() / 10, 0.6)))
    painter.setBrush(color)
    r = rect.adjusted(0.5, 0.5, -0.5, -0.5)
    c = r.center()
    if mark == "triangle":
        painter.drawPolygon(QPolygonF([QPointF(c.x(), r.top()), r.bottomRight(), r.bottomLeft()]))
    elif mark == "circle":
        painter.drawEllipse(r)
    elif mark == "diamond":
        painter.drawPolygon(QPolygonF([QPointF(c.x(), r.top()), QPointF(r.right(), c.y()),
                                       QPointF(c.x(), r.bottom()), QPointF(r.left(), c.y())]))
    elif mark == "bar":
        painter.drawRect(QRectF(r.left(), r.top() + r.height() / 3, r.width(), r.height() / 3))
    elif mark == "cross":
        w = r.width() / 3
        path = QPainterPath()
        path.addRect(QRectF(c.x() - w / 2, r.top(), w, r.height()))
        path.addRect(QRectF(r.left(), c.y() - w / 2, r.width(), w))
        painter.drawPath(path.simplified())
    else:
        painter.drawRect(r)
    painter.restore()


def mark_icon(color: QColor, mark: str, size: int = 14) -> QIcon:
    """An icon of the mark, sharp on high-DPI screens (drawn at 1x, 2x and 3x)."""
    icon = QIcon()
    for scale in (1, 2, 3):
        pix = QPixmap(size * scale, size * scale)
        pix.setDevicePixelRatio(scale)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        draw_mark(painter, QRectF(1, 1, size - 2, size - 2), mark, color)
        painter.end()
        icon.addPixmap(pix)
    return icon


class ArticleMarks(QObject):
    """Paints each visible span's mark at its first character, in the label's colour."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.enabled = True
        self.last_count = 0  # marks drawn by the last paint (tests, benchmarks)
        view.overlays.append(self.draw)  # painted over the text, after the view

    def visible_spans(self):
        view = self.view
        rect = view.viewport().rect()
        if not view.text or not len(view.index):
            return []
        first = view.mapper.from_qt(view.cursorForPosition(rect.topLeft()).position())
        last = view.mapper.from_qt(view.cursorForPosition(rect.bottomRight()).position())
        return view.index.overlapping(max(first - 1, 0), last + 1)[:MAX_MARKED]

    def draw(self, painter: QPainter, clip) -> None:
        view = self.view
        self.last_count = 0
        if not self.enabled:
            return
        spans = [s for s in self.visible_spans() if s.label in view.styles]
        if not spans:
            return
        size = max(5.0, view.fontMetrics().height() / 3.2)
        painter.save()
        painter.setClipRect(clip)
        placed: dict[int, int] = {}
        cursor = view.textCursor()
        for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
            cursor.setPosition(view.mapper.to_qt(span.start))
            caret = view.cursorRect(cursor)
            n = placed.get(span.start, 0)
            placed[span.start] = n + 1
            box = QRectF(caret.left() - size / 2 + n * (size + 1), caret.top() - size / 3,
                         size, size)
            if not box.intersects(QRectF(clip)):
                continue
            style = view.styles[span.label]
            draw_mark(painter, box, style.mark, style.line)
            self.last_count += 1
        painter.restore()
