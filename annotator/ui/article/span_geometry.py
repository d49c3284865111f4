"""Where a code-point range sits on screen in the article view: one rectangle per line it
covers, in viewport coordinates, read from the block layouts Qt already made."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF


def range_rects(view, start: int, end: int) -> list[QRectF]:
    """Rectangles of [start, end) in `view`'s viewport (lines not laid out are left out)."""
    mapper = view.mapper
    qs, qe = mapper.to_qt(start), mapper.to_qt(end)
    block = view.document().findBlock(qs)
    offset = view.contentOffset()
    rects: list[QRectF] = []
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
                rects.append(QRectF(min(x1, x2), line.y(), abs(x2 - x1),
                                    line.height()).translated(origin))
        block = block.next()
    return rects


def anchor(rects: list[QRectF], bottom: bool = True) -> QPointF | None:
    """Where a connector meets a span: the middle of its first line's lower (or upper) edge."""
    if not rects:
        return None
    r = rects[0]
    return QPointF(r.center().x(), r.bottom() if bottom else r.top())
