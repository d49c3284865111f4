"""Drawing suggestions on the article: a dashed outline per suggestion, the current one
tinted with its speaker dotted and the curve between them routed like a link (in the gap
between lines, never across text)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from annotator.core.suggest import Suggestion
from annotator.ui.article.link_route import end_point, route
from annotator.ui.article.span_geometry import text_rects


def outline(view, painter, start: int, end: int, style, width: float, dash,
            fill: bool = False) -> list:
    """A rounded outline around each line of [start, end); the rectangles drawn."""
    color = QColor(style.line) if style is not None else QColor("#666666")
    pen = QPen(color, width, dash)
    painter.setPen(pen)
    if fill:
        painter.setBrush(style.tint if style is not None else QColor(102, 102, 102, 38))
    rects = text_rects(view, start, end)
    for r in rects:
        painter.drawRoundedRect(r.adjusted(-1.5, 0.5, 1.5, -0.5), 3, 3)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    return rects


def draw_current(view, painter, s: Suggestion, styles) -> None:
    """The current suggestion: tinted, with its speaker and the curve to it."""
    rects = outline(view, painter, s.start, s.end, styles.get(s.label), 2.4,
                    Qt.PenStyle.DashLine, fill=True)
    if s.speaker is None:
        return
    actor = styles.get("ACTOR")
    sp = outline(view, painter, s.speaker.start, s.speaker.end, actor, 2.0,
                 Qt.PenStyle.DotLine, fill=True)
    head, child = end_point(view, s), end_point(view, s.speaker)
    if not rects or not sp or head is None or child is None:
        return
    path, _name_at = route(view, head, child)
    color = QColor(actor.line) if actor is not None else QColor("#666666")
    painter.setPen(QPen(color, 1.6, Qt.PenStyle.DashLine))
    painter.drawPath(path)
