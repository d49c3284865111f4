"""Where a code-point range sits on screen in the article view: one rectangle per line it
covers, in viewport coordinates, read from the block layouts Qt already made.

A line may keep room above its text for label tags and links (`SpanTags`); `range_rects`
gives whole lines, `text_rects` only the text's own height (what span fills cover)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF


def line_boxes(view, start: int, end: int) -> list[tuple[QRectF, float]]:
    """(rectangle of [start, end) on a line, that line's ascent), line by line."""
    mapper = view.mapper
    qs, qe = mapper.to_qt(start), mapper.to_qt(end)
    block = view.document().findBlock(qs)
    offset = view.contentOffset()
    out: list[tuple[QRectF, float]] = []
    while block.isValid() and block.position() <= qe:
        layout = block.layout()
        bpos = block.position()
        a, b = max(qs, bpos) - bpos, min(qe, bpos + block.length() - 1) - bpos
        if layout is not None and layout.lineCount() and a < b:
            top_left = view.blockBoundingGeometry(block).translated(offset).topLeft()
            origin = top_left + layout.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                ls = line.textStart()
                le = ls + line.textLength()
                if le <= a or ls >= b:
                    continue
                x1 = line.cursorToX(max(a, ls))[0]
                x2 = line.cursorToX(min(b, le))[0]
                out.append((QRectF(min(x1, x2), line.y(), abs(x2 - x1),
                                   line.height()).translated(origin), line.ascent()))
        block = block.next()
    return out


def line_text_rect(view, cp: int) -> QRectF | None:
    """Where the text of the line holding code point `cp` sits (viewport coordinates):
    what a tag placed beside a line, rather than above it, must not cover."""
    q = view.mapper.to_qt(cp)
    block = view.document().findBlock(q)
    layout = block.layout() if block.isValid() else None
    if layout is None or not layout.lineCount():
        return None
    line = layout.lineForTextPosition(q - block.position())
    if not line.isValid():
        return None
    origin = view.blockBoundingGeometry(block).translated(view.contentOffset()).topLeft() \
        + layout.position()
    return line.naturalTextRect().translated(origin)


def range_rects(view, start: int, end: int) -> list[QRectF]:
    """Rectangles of [start, end) in `view`'s viewport (lines not laid out are left out)."""
    return [r for r, _ascent in line_boxes(view, start, end)]


def text_rects(view, start: int, end: int) -> list[QRectF]:
    """Like `range_rects`, but only as high as the text itself (without the room above)."""
    ascent, descent = view.text_metrics()
    return [QRectF(r.left(), r.top() + line_ascent - ascent, r.width(), ascent + descent)
            for r, line_ascent in line_boxes(view, start, end)]


def anchor(rects: list[QRectF], bottom: bool = True) -> QPointF | None:
    """Where a connector meets a span: the middle of its first line's lower (or upper) edge."""
    if not rects:
        return None
    r = rects[0]
    return QPointF(r.center().x(), r.bottom() if bottom else r.top())
