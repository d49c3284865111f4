"""Snap a selection to whole words, so a sloppy mouse drag still labels "Kataib Hezbollah"
and never "ataib Hezbolla" or a half emoji. Offsets are code points (the store's rule)."""

from __future__ import annotations

import unicodedata

# Characters that join two word characters into one word: Iran-backed, Iraq's, al-Sakhar.
_JOINERS = frozenset("-'\u2019\u2010\u2011_.")
_ZWJ = "\u200d"


def _is_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _is_extend(ch: str) -> bool:
    """Code points that continue the character before them (marks, ZWJ, variation selectors,
    skin tones): a boundary must never fall just before one."""
    cp = ord(ch)
    return (unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch == _ZWJ
            or 0xFE00 <= cp <= 0xFE0F or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F)


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _word_at(text: str, i: int) -> bool:
    """Is text[i] part of a word (a joiner counts only between two word characters)?"""
    ch = text[i]
    if _is_word(ch):
        return True
    return (ch in _JOINERS and 0 < i < len(text) - 1
            and _is_word(text[i - 1]) and _is_word(text[i + 1]))


def cluster_boundary(text: str, pos: int, forward: bool) -> int:
    """Move `pos` off the inside of a grapheme cluster (combining marks, ZWJ emoji, flags)."""
    n = len(text)
    while 0 < pos < n and (_is_extend(text[pos]) or text[pos - 1] == _ZWJ):
        pos += 1 if forward else -1
    if 0 < pos < n and _is_regional(text[pos]) and _is_regional(text[pos - 1]):
        run = 0
        while pos - run - 1 >= 0 and _is_regional(text[pos - run - 1]):
            run += 1
        if run % 2:  # inside a flag pair
            pos += 1 if forward else -1
    return pos


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow [start, end) to whole words, then trim surrounding spaces.

    Returns (start, start) when the selection holds nothing but white space. Punctuation
    at the edges is kept as selected (quotes around a QUOTE are the analyst's choice).
    """
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if start > end:
        start, end = end, start
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, start
    if _word_at(text, start):
        while start > 0 and _word_at(text, start - 1):
            start -= 1
    if _word_at(text, end - 1):
        while end < n and _word_at(text, end):
            end += 1
    return cluster_boundary(text, start, False), cluster_boundary(text, end, True)
