"""The one place where Qt's UTF-16 positions meet our code-point offsets.

QTextDocument counts UTF-16 code units (an emoji outside the BMP is 2) and turns each `\\n`
of the text into a block separator that also takes one position, so after `setPlainText`
a position in the document equals the UTF-16 index in the str. Only characters above
U+FFFF shift the two apart. Pure functions over str, no Qt import.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMapper:
    """Fast conversions for one text: the positions of its astral characters, bisected."""

    __slots__ = ("_astral", "_astral_qt", "qt_length", "text_length")

    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # where each astral character starts in UTF-16 units
        self._astral_qt = [cp + i for i, cp in enumerate(self._astral)]
        self.text_length = len(text)
        self.qt_length = len(text) + len(self._astral)

    def to_qt(self, cp: int) -> int:
        """Code point offset -> UTF-16 position (clamped to the text)."""
        cp = max(0, min(cp, self.text_length))
        return cp + bisect_left(self._astral, cp)

    def from_qt(self, pos: int, *, round_up: bool = False) -> int:
        """UTF-16 position -> code point offset. A position inside a surrogate pair falls
        to the start of that character, or past it with `round_up` (for a range's end)."""
        pos = max(0, min(pos, self.qt_length))
        k = bisect_left(self._astral_qt, pos)  # astral chars starting before pos
        if k and self._astral_qt[k - 1] == pos - 1:  # pos splits the k-th one
            return pos - k + (1 if round_up else 0)
        return pos - k

    def range_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """A Qt selection as code points, rounded outward so no character is cut."""
        if start > end:
            start, end = end, start
        return self.from_qt(start), self.from_qt(end, round_up=True)

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)


@lru_cache(maxsize=8)
def mapper_for(text: str) -> OffsetMapper:
    return OffsetMapper(text)


def to_qt(text: str, cp_offset: int) -> int:
    """Code point offset in `text` -> position in a QTextDocument holding `text`."""
    return mapper_for(text).to_qt(cp_offset)


def from_qt(text: str, utf16_pos: int, *, round_up: bool = False) -> int:
    """Position in a QTextDocument holding `text` -> code point offset in `text`."""
    return mapper_for(text).from_qt(utf16_pos, round_up=round_up)


def utf16_length(text: str) -> int:
    return mapper_for(text).qt_length
