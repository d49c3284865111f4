"""Where a connector between two spans runs: up from above each span's tag into the band
each line keeps over its tags (`SpanTags.link_band`), along that band, and between lines
down the right margin, so it never crosses text and no span fill covers it. Used by the
links and by a suggestion's quote-to-speaker curve."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from annotator.ui.article.span_geometry import text_rects


def _lift(view) -> float:
    tags = view.tags
    return tags.tag_height() + 1 if tags.enabled else 0.0


def band_y(view, first_line: QRectF) -> float:
    """The middle of the link band above the line whose text is `first_line`."""
    tags = view.tags
    if not tags.enabled:
        return first_line.top() - 2
    return first_line.top() - _lift(view) - tags.link_band() / 2


def end_point(view, span) -> tuple[QPointF, QRectF] | None:
    """Where a connector meets a span (above its tag, mid first line), or None if the span
    is not laid out on screen."""
    rects = text_rects(view, span.start, min(span.end, span.start + 1)) if span else []
    if not rects:
        return None
    r = text_rects(view, span.start, span.end)[0]
    return QPointF(r.center().x(), r.top() - _lift(view)), r


def route(view, head: tuple[QPointF, QRectF], child: tuple[QPointF, QRectF]
          ) -> tuple[QPainterPath, QPointF]:
    """The path from head to child, and where its name goes (on the child's band)."""
    (p1, r1), (p2, r2) = head, child
    y1, y2 = band_y(view, r1), band_y(view, r2)
    path = QPainterPath(p1)
    if abs(r1.top() - r2.top()) < 2:
        path.lineTo(p1.x(), y1)
        path.lineTo(p2.x(), y1)
        path.lineTo(p2)
        return path, QPointF((p1.x() + p2.x()) / 2, y1)
    margin = view.viewport().width() - view.document().documentMargin() / 2
    path.lineTo(p1.x(), y1)
    path.lineTo(margin, y1)
    path.lineTo(margin, y2)
    path.lineTo(p2.x(), y2)
    path.lineTo(p2)
    return path, QPointF((margin + p2.x()) / 2, y2)
