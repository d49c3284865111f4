"""The links of the open document, drawn as curved connectors over the article.

`LinkPainter` draws a given list of relations over a given article view (whose index holds
the spans their ends name): a curve from the head span to the child span with an arrowhead
and the link type; the selected link is drawn bold. `LinkOverlay` feeds it this analyst's
layer and keeps it up to date from the store's change notices; review mode feeds it every
analyst's links and the gold ones, coloured by state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)

from annotator.core.model import Relation
from annotator.store.changes import Change, ChangeKind
from annotator.ui.article.article_view import snippet
from annotator.ui.article.link_route import band_y, end_point, route
from annotator.ui.shell.context import WindowContext

RELATION_COLORS = ["#7b3fa0", "#e07b00", "#00897b", "#c2185b", "#5d4037", "#3949ab"]


def relation_color(schema, name: str) -> QColor:
    names = [r.name for r in schema.relations]
    i = names.index(name) if name in names else len(names)
    return QColor(RELATION_COLORS[i % len(RELATION_COLORS)])


class LinkPainter(QObject):
    """Draws `links` over `view`; `color(rel)` gives each link's colour."""

    sig_selected = Signal(object)
    """The selected link id, or None."""

    def __init__(self, view, color: Callable[[Relation], QColor],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.view, self.color = view, color
        self.links: list[Relation] = []
        self.selected: str | None = None
        self._paths: dict[str, QPainterPath] = {}  # as last drawn, for link_at
        self._pills: list[QRectF] = []  # names drawn in this paint, kept apart
        view.overlays.append(self.draw)

    def set_links(self, links: Iterable[Relation]) -> None:
        self.links = list(links)
        if self.selected not in {r.id for r in self.links}:
            self.selected = None
        self.view.viewport().update()

    def select(self, relation_id: str | None) -> None:
        if relation_id != self.selected:
            self.selected = relation_id
            self.view.viewport().update()
            self.sig_selected.emit(relation_id)

    def get(self, relation_id: str | None) -> Relation | None:
        return next((r for r in self.links if r.id == relation_id), None)

    def curve(self, relation_id: str) -> QPainterPath | None:
        """A link's curve as last drawn (None if it was not on screen)."""
        return self._paths.get(relation_id)

    def link_at(self, point: QPointF, tolerance: float = 4.0) -> str | None:
        """The id of the link whose curve (as last drawn) passes within `tolerance` pixels
        of a viewport point, or None."""
        stroker = QPainterPathStroker()
        stroker.setWidth(2 * tolerance)
        for rid, path in reversed(self._paths.items()):
            if stroker.createStroke(path).contains(QPointF(point)):
                return rid
        return None

    # -- painting -------------------------------------------------------------------------

    def draw(self, painter, _rect) -> None:
        self._paths, self._pills = {}, []
        if not self.links:
            return
        lo, hi = self.view.visible_range()
        index = self.view.index
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setFont(self.view.tags.font())  # names as tall as the band kept for them
        for rel in self.links:
            head, child = index.get(rel.head), index.get(rel.child)
            if head is None or child is None:
                continue
            color = self.color(rel)
            selected = rel.id == self.selected
            ends = [self._end_point(head, lo, hi), self._end_point(child, lo, hi)]
            if ends[0] is not None and ends[1] is not None:
                self._draw_link(painter, ends[0], ends[1], rel, color, selected)
            elif ends[0] is not None or ends[1] is not None:
                other = child if ends[1] is None else head
                self._draw_stub(painter, ends[0] or ends[1], other.start < lo, rel, other,
                                color, selected)

    def _end_point(self, span, lo: int, hi: int):
        """Above the span's tag (point, first line), or None when the span is off screen."""
        if span.end < lo or span.start > hi:
            return None
        return end_point(self.view, span)

    def _draw_stub(self, painter, end, up: bool, rel: Relation, other, color: QColor,
                   selected: bool) -> None:
        """A link whose other end is off screen: a short hook and its name with an arrow
        toward where the other end is."""
        name = snippet(self.view.text[other.start:other.end], 18)
        text = f"{rel.label} {'↑' if up else '↓'} {name}"
        line = QColor(color)
        line.setAlpha(255 if selected else 190)
        painter.setPen(QPen(line, 3.0 if selected else 1.6))
        p, first = end
        top = QPointF(p.x(), band_y(self.view, first))
        painter.drawLine(p, top)
        pill = QColor(color)
        pill.setAlpha(255)
        self._pill(painter, QPointF(top.x() + 4, top.y()), text, pill, left=True)

    def _pill(self, painter, at: QPointF, text: str, color: QColor, left: bool = False) -> None:
        metrics = QFontMetricsF(painter.font())
        # the band is as tall as a tag (text + 2): a name keeps a pixel clear of the tags
        w, h = metrics.horizontalAdvance(text) + 8, metrics.height()
        x = at.x() if left else at.x() - w / 2
        box = QRectF(x, at.y() - h / 2, w, h)
        while any(box.intersects(other) for other in self._pills):
            box.translate(w + 2, 0)  # two links' names at one place: side by side in the band
        self._pills.append(box)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(box, 4, 4)
        luma = 0.299 * color.redF() + 0.587 * color.greenF() + 0.114 * color.blueF()
        painter.setPen(QColor("black" if luma > 0.65 else "white"))  # readable on yellow
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_link(self, painter, head, child, rel: Relation, color: QColor,
                   selected: bool) -> None:
        path, name_at = route(self.view, head, child)
        p2 = child[0]
        line = QColor(color)
        line.setAlpha(255 if selected else 190)
        pen = QPen(line, 3.0 if selected else 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        self._paths[rel.id] = path
        # arrowhead down into the child
        size = 6.0 if not selected else 8.0
        painter.setBrush(line)
        painter.drawPolygon(QPolygonF([p2, QPointF(p2.x() - size / 2, p2.y() - size),
                                       QPointF(p2.x() + size / 2, p2.y() - size)]))
        # every link's name, in the band between lines where it covers no text
        pill = QColor(color)
        pill.setAlpha(255)
        self._pill(painter, name_at, rel.label, pill)


class LinkOverlay(LinkPainter):
    sig_links_changed = Signal(list)
    """The open document's links (list of Relation), after any change."""

    def __init__(self, ctx: WindowContext, view, parent: QObject | None = None):
        store = ctx.store
        super().__init__(view, lambda rel: relation_color(store.schema(), rel.label), parent)
        self.ctx, self.store = ctx, store
        self.doc: int | None = None
        self._ends: set[str] = set()
        store.subscribe(self.on_change)

    def open(self, doc: int) -> None:
        self.doc, self.selected = doc, None
        self.reload()

    def reload(self) -> None:
        self.set_links(self.store.relations(self.doc, self.ctx.analyst) if self.doc else [])
        self._ends = {e for r in self.links for e in (r.head, r.child)}
        self.sig_links_changed.emit(self.links)

    def on_change(self, change: Change) -> None:
        if self.doc is None or change.doc != self.doc:
            return
        if change.kind == ChangeKind.RELATIONS:
            self.reload()
        elif change.kind == ChangeKind.SPANS and self._ends.intersection(change.ids):
            self.view.viewport().update()  # a linked span moved or went: redraw the curve

    def close(self) -> None:
        self.store.unsubscribe(self.on_change)
