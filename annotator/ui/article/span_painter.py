"""Paints spans into the layouts of the blocks they touch, as QSyntaxHighlighter does, but
only for those blocks: labeling a span re-formats and repaints its paragraph, never the
whole document.

The innermost span of a stretch gives the background; an enclosing one adds an underline
in its colour (a wavy one when three or more overlap), so nesting stays visible.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextDocument, QTextLayout

from annotator.core.model import Span
from annotator.ui.article.colors import LabelStyle
from annotator.ui.article.offsets import OffsetMapper
from annotator.ui.article.span_index import SpanIndex


class SpanPainter:
    def __init__(self, document: QTextDocument, block_changed: Callable[[QTextBlock], None],
                 all_changed: Callable[[], None]):
        # QTextDocument.markContentsDirty would repaint the whole viewport; instead the
        # block's layout is cleared (re-laid out lazily when painted) and the view repaints
        # that block's rectangle only.
        self.document = document
        self.block_changed, self.all_changed = block_changed, all_changed
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._done: set[int] = set()  # block numbers formatted since the text was set
        self.mapper = OffsetMapper("")
        self.index = SpanIndex()
        self.styles: dict[str, LabelStyle] = {}
        self.spacer: QTextCharFormat | None = None  # given to spaces: room for tags
        self.blocks_formatted = 0  # for benchmarks: how many blocks the last call touched

    def reset(self, mapper: OffsetMapper, index: SpanIndex,
              styles: dict[str, LabelStyle]) -> None:
        self.mapper, self.index, self.styles = mapper, index, styles
        self._formats = {}
        self._done = set()

    def paint_all(self) -> None:
        """Forget every block's formats: blocks are formatted when first shown
        (`format_visible`), so opening a long article costs what one screen costs."""
        for number in self._done:
            block = self.document.findBlockByNumber(number)
            if block.isValid() and block.layout().formats():
                block.layout().setFormats([])
                block.layout().clearLayout()
        self._done = set()
        self.all_changed()

    def format_visible(self, blocks) -> None:
        """Format the given (visible) blocks that have not been formatted yet."""
        for block in blocks:
            number = block.blockNumber()
            if number not in self._done:
                self._done.add(number)
                bs, be = self._block_range(block)
                self._format(block, self.index.overlapping(bs, be), notify=False)

    def repaint(self, start: int, end: int) -> None:
        """Re-format the blocks covering code points [start, end) and only those."""
        self.blocks_formatted = 0
        for block in self._blocks(start, max(end, start + 1)):
            self._done.add(block.blockNumber())
            bs, be = self._block_range(block)
            self._format(block, self.index.overlapping(bs, be))

    def _blocks(self, start: int, end: int):
        q_end = self.mapper.to_qt(end)
        block = self.document.findBlock(self.mapper.to_qt(start))
        while block.isValid():
            yield block
            if block.position() + block.length() - 1 >= q_end:
                break
            block = block.next()

    def _block_range(self, block: QTextBlock) -> tuple[int, int]:
        pos = block.position()
        return self.mapper.from_qt(pos), self.mapper.from_qt(pos + block.length() - 1)

    def _format(self, block: QTextBlock, spans: list[Span], notify: bool = True) -> None:
        bs, be = self._block_range(block)
        q0 = block.position()
        cuts = {bs, be}
        for s in spans:
            cuts.add(max(s.start, bs))
            cuts.add(min(s.end, be))
        edges = sorted(c for c in cuts if bs <= c <= be)
        ranges = []
        for a, b in pairwise(edges):
            active = [s for s in spans if s.start <= a and s.end >= b]
            if not active:
                continue
            active.sort(key=lambda s: (s.end - s.start, -s.start))
            ranges.append(self._range(a, b, active, q0))
        if self.spacer is not None:
            ranges.extend(self._spaces(block))
        layout = block.layout()
        if not ranges and not layout.formats():
            return
        layout.setFormats(ranges)
        layout.clearLayout()
        self.blocks_formatted += 1
        if notify:
            self.block_changed(block)

    def _range(self, a: int, b: int, active: list[Span], q0: int) -> QTextLayout.FormatRange:
        key = (active[0].label, active[1].label if len(active) > 1 else None, min(len(active), 3))
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = self._make_format(*key)
        r = QTextLayout.FormatRange()
        r.start = self.mapper.to_qt(a) - q0
        r.length = self.mapper.to_qt(b) - self.mapper.to_qt(a)
        r.format = fmt
        return r

    def _spaces(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        """The spacer format on each space of the block (merged over span formats)."""
        text = block.text()
        q0, bs = block.position(), self.mapper.from_qt(block.position())
        plain = len(text) == block.length() - 1  # no surrogate pairs: Qt index = index
        out = []
        i = text.find(" ")
        while i != -1:
            r = QTextLayout.FormatRange()
            r.start = i if plain else self.mapper.to_qt(bs + i) - q0
            r.length, r.format = 1, self.spacer
            out.append(r)
            i = text.find(" ", i + 1)
        return out

    def _make_format(self, inner_label: str, outer_label: str | None,
                     depth: int) -> QTextCharFormat:
        fmt = QTextCharFormat()
        inner = self.styles.get(inner_label)
        if inner is not None:  # its fill is painted under the text by the view
            fmt.setForeground(inner.text)
        if outer_label is not None:
            outer = self.styles.get(outer_label)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline if depth == 2
                                  else QTextCharFormat.UnderlineStyle.WaveUnderline)
            if outer is not None:
                fmt.setUnderlineColor(outer.line)
        return fmt
