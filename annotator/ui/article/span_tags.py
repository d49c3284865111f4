"""Label names on the text, as brat and INCEpTION show them: a small tag with the label
(and, for a span linked to the registry, the actor's name) above each span's first line.

Room for the tags is made without touching the text: the spaces of each laid-out block get
a taller font whose extra width is taken back by negative letter spacing, so every line
grows by `room()` above its text (tags) and a little below, and wraps exactly as before.
When tags are off the spaces keep the article's font and the text takes its usual height.
Above the tags each line keeps a band for links (`link_band`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextCharFormat

from annotator.core.model import Span
from annotator.ui.article.colors import readable_text
from annotator.ui.article.span_geometry import line_boxes, line_text_rect

MAX_TAGS = 2000  # tags laid out per paint; beyond that the screen is all tags anyway
NAME_CHARS = 24


@dataclass(frozen=True)
class Tag:
    span_id: str
    text: str
    rect: QRectF  # viewport coordinates
    label: str


def spacer_format(font: QFont, extra: float) -> QTextCharFormat | None:
    """A format for spaces that raises a line by `extra` pixels above its text without
    widening it (None when `extra` is 0)."""
    if extra <= 0:
        return None
    metrics = QFontMetricsF(font)
    big = QFont(font)
    size = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 0.75
    big.setPointSizeF(size * (1 + extra / max(metrics.ascent(), 1.0)))
    fmt = QTextCharFormat()
    fmt.setFont(big, QTextCharFormat.FontPropertiesInheritanceBehavior.FontPropertiesAll)
    wider = QFontMetricsF(big).horizontalAdvance(" ") - metrics.horizontalAdvance(" ")
    fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
    fmt.setFontLetterSpacing(-wider)
    return fmt


class SpanTags(QObject):
    """Lays out and paints the tags of the spans on screen over `view`."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.enabled = True
        self.name_of: Callable[[str], str | None] | None = None  # entity id -> name
        self.last: list[Tag] = []  # as last drawn (tests, link routing)
        view.overlays.insert(0, self.draw)

    # -- sizes ----------------------------------------------------------------------------

    def font(self) -> QFont:
        font = QFont(self.view.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.62))
        font.setBold(True)
        return font

    def tag_height(self) -> float:
        return QFontMetricsF(self.font()).height() + 2

    def link_band(self) -> float:
        """Height kept above the tags of each line for links and their names."""
        return self.tag_height()

    def room(self) -> float:
        """Pixels each line keeps above its text: tags and the link band, or none."""
        return self.tag_height() + self.link_band() if self.enabled else 0.0

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        self.view.relayout_room()

    # -- geometry -------------------------------------------------------------------------

    def text_for(self, span: Span) -> str:
        text = span.label
        if span.entity and self.name_of is not None:
            name = self.name_of(span.entity)
            if name:
                if len(name) > NAME_CHARS:
                    name = name[: NAME_CHARS - 1] + "…"
                text = f"{text} · {name}"
        return text

    def layout(self) -> list[Tag]:
        """The tags of the visible spans: above each span's first line, outer spans first,
        each moved right past any tag it would overlap and kept inside the viewport. A
        line Qt laid out without room above it (a line with no space inside: one word, a
        long link) gets its tags beside its text instead, where nothing is written."""
        if not self.enabled:
            return []
        view = self.view
        spans = [s for s in view.visible_spans() if s.label in view.styles][:MAX_TAGS]
        metrics = QFontMetricsF(self.font())
        height = self.tag_height()
        ascent, descent = view.text_metrics()
        tags: list[Tag] = []
        rows: dict[tuple[int, bool], list[QRectF]] = {}
        for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
            boxes = line_boxes(view, span.start, min(span.end, span.start + 1))
            if not boxes:
                continue
            line, line_ascent = boxes[0]
            text = self.text_for(span)
            width = metrics.horizontalAdvance(text) + 8
            text_top = line.top() + line_ascent - ascent
            beside = line_ascent - ascent < height  # no room above this line's text
            if beside and (words := line_text_rect(view, span.start)) is not None:
                rect = QRectF(words.right() + 6, text_top + (ascent + descent - height) / 2,
                              width, height)
            else:
                rect = QRectF(line.left(), text_top - 1 - height, width, height)
            row = rows.setdefault((round(line.top()), beside), [])
            moved = True
            while moved:
                moved = False
                for other in row:
                    if rect.intersects(other):
                        rect.moveLeft(other.right() + 2)
                        moved = True
            row.append(rect)
            tags.append(Tag(span.id, text, rect, span.label))
        # short of the right margin, where links run down between lines (link_route)
        right = view.viewport().width() - view.document().documentMargin() / 2 - 4
        for row in rows.values():
            _fit_left_of(row, right)
        return tags

    # -- painting -------------------------------------------------------------------------

    def draw(self, painter: QPainter, clip) -> None:
        self.last = tags = self.layout()
        if not tags:
            return
        view = self.view
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        for tag in tags:
            if not tag.rect.intersects(QRectF(clip)):
                continue
            style = view.styles[tag.label]
            fill = QColor(style.line)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(tag.rect, 3, 3)
            ink = QColor(readable_text(fill.name(), "#ffffff"))
            painter.setPen(ink)
            painter.drawText(tag.rect.adjusted(4, 0, -2, 0),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             tag.text)
        painter.restore()


def _fit_left_of(row: list[QRectF], right: float) -> None:
    """Move a row's tags left, as little as needed, so none passes `right`; tags that did
    not overlap still do not (a row too full for the width keeps its first tag at 0)."""
    limit = right
    for rect in sorted(row, key=lambda r: r.left(), reverse=True):
        if rect.right() > limit:
            rect.moveRight(max(limit, rect.width()))
        limit = rect.left() - 2
