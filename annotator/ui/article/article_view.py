"""The article, read-only, with spans painted in their label colours.

It knows Qt positions and code points (through `offsets`), its spans (a SpanIndex) and
which span is selected; it stores nothing and decides nothing about edits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotator.core.model import Span
from annotator.ui.article.colors import LabelStyle
from annotator.ui.article.offsets import OffsetMapper
from annotator.ui.article.span_geometry import text_rects
from annotator.ui.article.span_index import SpanIndex
from annotator.ui.article.span_painter import SpanPainter
from annotator.ui.article.span_tags import SpanTags, spacer_format

ARTICLE_FONTS = ["Noto Serif", "DejaVu Serif", "Georgia", "Cambria", "Times New Roman", "serif"]
EMOJI_FONTS = ["Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"]  # fallbacks


def snippet(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class ArticleView(QPlainTextEdit):
    sig_span_clicked = Signal(object)
    """A click without dragging: the id of the innermost span under it, or None."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setMouseTracking(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDocumentMargin(18)
        font = QFont()
        font.setFamilies(ARTICLE_FONTS + EMOJI_FONTS)
        font.setPointSize(12)
        self.setFont(font)
        self.text = ""
        self.mapper = OffsetMapper("")
        self.index = SpanIndex()
        self.styles: dict[str, LabelStyle] = {}
        self.painter = SpanPainter(self.document(), self._repaint_block, self.viewport().update)
        self.selected_id: str | None = None
        self._outlined: list[QRectF] = []  # the selected span's frame as last drawn
        self._press: QPoint | None = None
        # drawn over the text after each paint: draw(painter, rect) (links, suggestions)
        self.overlays: list = []
        self.tags = SpanTags(self)  # label names above the spans (View > Show labels)
        self.relayout_room()

    # -- content ----------------------------------------------------------------------

    def show_text(self, text: str, spans: list[Span], styles: dict[str, LabelStyle],
                  rtl: bool | None = None) -> None:
        """Show a document: set the text once, then paint the blocks holding spans.

        `rtl` is the document's direction (from `meta.lang`): True lays every paragraph out
        right to left, right-aligned, also one that begins with a Latin name or a number;
        False left to right; None lets each paragraph's first letter decide."""
        self.text, self.styles = text, styles
        self.mapper = OffsetMapper(text)
        self.index = SpanIndex(spans)
        self.selected_id = None
        self.setExtraSelections([])
        self.painter.reset(self.mapper, self.index, styles)
        self._set_direction(rtl)
        self.setPlainText(text)

    def _set_direction(self, rtl: bool | None) -> None:
        """The text direction and alignment of every paragraph; only the layout changes, so
        positions (and code-point offsets) stay what they were."""
        direction, align = {
            True: (Qt.LayoutDirection.RightToLeft, Qt.AlignmentFlag.AlignRight),
            False: (Qt.LayoutDirection.LeftToRight, Qt.AlignmentFlag.AlignLeft),
            None: (Qt.LayoutDirection.LayoutDirectionAuto, Qt.AlignmentFlag.AlignLeft),
        }[rtl]
        align |= Qt.AlignmentFlag.AlignAbsolute  # right means right, whatever the direction
        option = self.document().defaultTextOption()
        if option.textDirection() != direction or option.alignment() != align:
            option.setTextDirection(direction)
            option.setAlignment(align)
            self.document().setDefaultTextOption(option)

    def text_direction(self) -> Qt.LayoutDirection:
        """The open document's direction (LayoutDirectionAuto: each paragraph's own)."""
        return self.document().defaultTextOption().textDirection()

    def set_styles(self, styles: dict[str, LabelStyle]) -> None:
        self.styles = styles
        self.painter.reset(self.mapper, self.index, styles)
        self.painter.paint_all()
        self._show_selected()

    def update_span(self, span_id: str, span: Span | None) -> None:
        """A span was added, changed or removed (span None): repaint its blocks only."""
        old = self.index.remove(span_id)
        if span is not None:
            self.index.put(span)
        ranges = [(s.start, s.end) for s in (old, span) if s is not None]
        if not ranges:
            return
        self.painter.repaint(min(r[0] for r in ranges), max(r[1] for r in ranges))
        if span_id == self.selected_id:
            if span is None:
                self.selected_id = None
            self._show_selected()

    def _visible_blocks(self):
        block, offset = self.firstVisibleBlock(), self.contentOffset()
        bottom = self.viewport().height()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > bottom:
                break
            yield block
            block = block.next()

    def text_metrics(self) -> tuple[float, float]:
        """Ascent and descent of the article's text (without the room kept above it)."""
        metrics = QFontMetricsF(self.font())
        return metrics.ascent(), metrics.descent()

    def relayout_room(self) -> None:
        """Give every line the room its tags need above the text, or none (tags off)."""
        self.painter.spacer = spacer_format(self.font(), self.tags.room())
        self.painter.paint_all()

    def changeEvent(self, e) -> None:
        super().changeEvent(e)
        if e.type() == QEvent.Type.FontChange and hasattr(self, "tags"):
            self.relayout_room()

    def visible_spans(self) -> list[Span]:
        """The spans sharing a character with what is on screen."""
        rect = self.viewport().rect()
        if not self.text or not len(self.index):
            return []
        first = self.mapper.from_qt(self.cursorForPosition(rect.topLeft()).position())
        last = self.mapper.from_qt(self.cursorForPosition(rect.bottomRight()).position())
        return self.index.overlapping(max(first - 1, 0), last + 1)

    def fill_boxes(self, clip: QRectF | None = None) -> list[tuple[QRectF, QColor]]:
        """The span fills painted under the text, outer spans first so the innermost
        shows; only as high as the text, so tags and links keep the room above."""
        out = []
        spans = [s for s in self.visible_spans() if s.label in self.styles]
        spans.sort(key=lambda s: -(s.end - s.start))
        for span in spans:
            style = self.styles[span.label]
            color = style.strong if span.id == self.selected_id else style.background
            for r in text_rects(self, span.start, span.end):
                if clip is None or r.intersects(clip):
                    out.append((r, color))
        return out

    def paintEvent(self, e) -> None:
        self.painter.format_visible(self._visible_blocks())
        fills = QPainter(self.viewport())
        try:
            for rect, color in self.fill_boxes(QRectF(e.rect())):
                fills.fillRect(rect, color)
        finally:
            fills.end()
        super().paintEvent(e)
        outline = self.selected_outline()
        if self.overlays or outline:
            painter = QPainter(self.viewport())
            try:
                for draw in self.overlays:
                    draw(painter, e.rect())
                self._draw_outline(painter, outline)
            finally:
                painter.end()

    def selected_outline(self) -> list[QRectF]:
        """The frame drawn around the selected span, one rectangle per line (viewport
        coordinates): what tells a selected span from a plain text selection."""
        span = self.index.get(self.selected_id) if self.selected_id else None
        if span is None:
            return []
        return [r.adjusted(-2, -1, 2, 1) for r in text_rects(self, span.start, span.end)]

    def _draw_outline(self, painter: QPainter, rects: list[QRectF]) -> None:
        self._outlined = rects
        if not rects:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 2.0))
        for r in rects:
            painter.drawRoundedRect(r, 3, 3)
        painter.restore()

    def visible_range(self) -> tuple[int, int]:
        """The code points of the blocks on screen (for overlays)."""
        blocks = list(self._visible_blocks())
        if not blocks:
            return 0, 0
        last = blocks[-1]
        return (self.mapper.from_qt(blocks[0].position()),
                self.mapper.from_qt(last.position() + last.length() - 1))

    def _repaint_block(self, block) -> None:
        rect = self.blockBoundingGeometry(block).translated(self.contentOffset()).toAlignedRect()
        if rect.intersects(self.viewport().rect()):
            self.viewport().update(rect.adjusted(0, -1, 0, 1))

    def set_font_size(self, points: int) -> None:
        font = self.font()
        font.setPointSize(points)
        self.setFont(font)

    # -- selection --------------------------------------------------------------------

    def selection_range(self) -> tuple[int, int] | None:
        """The text selection in code points (rounded outward), or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.mapper.range_from_qt(cursor.selectionStart(), cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.mapper.to_qt(start))
        cursor.setPosition(self.mapper.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def set_selected_span(self, span_id: str | None, reveal: bool = False) -> None:
        self.selected_id = span_id if span_id and self.index.get(span_id) else None
        self._show_selected()
        span = self.index.get(self.selected_id) if self.selected_id else None
        if reveal and span is not None:
            cursor = self.textCursor()
            cursor.setPosition(self.mapper.to_qt(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def _show_selected(self) -> None:
        for r in self._outlined + self.selected_outline():  # erase the old frame, draw the new
            self.viewport().update(r.toAlignedRect().adjusted(-2, -2, 2, 2))
        span = self.index.get(self.selected_id) if self.selected_id else None
        if span is None:
            self.setExtraSelections([])
            return
        style = self.styles.get(span.label)
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.mapper.to_qt(span.start))
        cursor.setPosition(self.mapper.to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()  # its fill is painted under the text (`fill_boxes`)
        if style is not None:
            fmt.setForeground(style.on_strong)
        sel.cursor, sel.format = cursor, fmt
        self.setExtraSelections([sel])

    # -- pointer ----------------------------------------------------------------------

    def spans_at_point(self, point: QPoint) -> list[Span]:
        """The spans under a viewport point, innermost first: on their text or their tag
        row (the band above the tags holds links, not the text's spans)."""
        for tag in self.tags.last:
            if tag.rect.contains(QPointF(point)) and self.index.get(tag.span_id):
                return [self.index.get(tag.span_id)]
        pos = self.cursorForPosition(point).position()
        cp = self.mapper.from_qt(pos)
        spans = self.index.at(cp) or (self.index.at(cp - 1) if cp > 0 else [])
        if spans and self.tags.enabled:
            y = QPointF(point).y()
            boxes = text_rects(self, spans[0].start, spans[0].end)
            lift = self.tags.tag_height() + 1  # the tag row counts as the span's own
            if not any(r.top() - lift <= y <= r.bottom() + 1 for r in boxes):
                return []
        return spans

    def viewportEvent(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            spans = self.spans_at_point(e.pos())
            if spans:
                lines = [f"{s.label}: {snippet(self.text[s.start:s.end], 60)}" for s in spans]
                QToolTip.showText(e.globalPos(), "\n".join(lines), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(e)

    def mousePressEvent(self, e) -> None:
        self._press = e.position().toPoint()
        super().mousePressEvent(e)

    def mouseReleaseEvent(self, e) -> None:
        super().mouseReleaseEvent(e)
        if e.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            spans = self.spans_at_point(e.position().toPoint())
            self.sig_span_clicked.emit(spans[0].id if spans else None)
