"""Paints spans into the layouts of the blocks they touch, as QSyntaxHighlighter does, but
only for those blocks: labeling a span re-formats and repaints its paragraph, never the
whole document.

The innermost span of a stretch gives the background; an enclosing one adds an underline
in its colour (a wavy one when three or more overlap), so nesting stays visible.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextDocument, QTextLayout

from annotator.core.model import Span
from annotator.ui.colors import LabelStyle
from annotator.ui.offsets import OffsetMapper
from annotator.ui.span_index import SpanIndex


class SpanPainter:
    def __init__(self, document: QTextDocument):
        self.document = document
        self.mapper = OffsetMapper("")
        self.index = SpanIndex()
        self.styles: dict[str, LabelStyle] = {}
        self.blocks_formatted = 0  # for benchmarks: how many blocks the last call touched

    def reset(self, mapper: OffsetMapper, index: SpanIndex,
              styles: dict[str, LabelStyle]) -> None:
        self.mapper, self.index, self.styles = mapper, index, styles

    def paint_all(self) -> None:
        """Format every block that holds a span (after the text was set)."""
        per_block: dict[int, tuple[QTextBlock, list[Span]]] = {}
        for span in self.index:
            for block in self._blocks(span.start, span.end):
                per_block.setdefault(block.blockNumber(), (block, []))[1].append(span)
        self.blocks_formatted = 0
        for block, spans in per_block.values():
            self._format(block, spans)

    def repaint(self, start: int, end: int) -> None:
        """Re-format the blocks covering code points [start, end) and only those."""
        self.blocks_formatted = 0
        for block in self._blocks(start, max(end, start + 1)):
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

    def _format(self, block: QTextBlock, spans: list[Span]) -> None:
        bs, be = self._block_range(block)
        q0 = block.position()
        cuts = {bs, be}
        for s in spans:
            cuts.add(max(s.start, bs))
            cuts.add(min(s.end, be))
        edges = sorted(c for c in cuts if bs <= c <= be)
        ranges = []
        for a, b in zip(edges, edges[1:]):
            active = [s for s in spans if s.start <= a and s.end >= b]
            if not active:
                continue
            active.sort(key=lambda s: (s.end - s.start, -s.start))
            ranges.append(self._range(a, b, active, q0))
        block.layout().setFormats(ranges)
        self.document.markContentsDirty(q0, block.length())
        self.blocks_formatted += 1

    def _range(self, a: int, b: int, active: list[Span], q0: int) -> QTextLayout.FormatRange:
        inner = self.styles.get(active[0].label)
        fmt = QTextCharFormat()
        if inner is not None:
            fmt.setBackground(inner.background)
        if len(active) > 1:
            outer = self.styles.get(active[1].label)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline
                                  if len(active) == 2
                                  else QTextCharFormat.UnderlineStyle.WaveUnderline)
            if outer is not None:
                fmt.setUnderlineColor(outer.line)
        r = QTextLayout.FormatRange()
        r.start = self.mapper.to_qt(a) - q0
        r.length = self.mapper.to_qt(b) - self.mapper.to_qt(a)
        r.format = fmt
        return r
