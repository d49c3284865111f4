"""Sentence bounds around a quote or a speaker: a paragraph start or the . ! ? that ends
a sentence, where "U.S." and "Mr." end none. Plain character scans from a position, with
limits, so a 1 MB article without full stops costs what a paragraph costs."""

from __future__ import annotations

import re

ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sgt", "St", "Jr", "Sr",
                  "No", "Inc", "Ltd", "Co", "Sen", "Rep", "Gov", "Prof", "Maj", "Capt", "vs"}


def _is_boundary(text: str, dot: int) -> bool:
    """Is the [.!?] at `dot` the end of a sentence (not U.S. or Mr.)?"""
    if text[dot] != ".":
        return True
    j = dot
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    token = text[j:dot]
    return not (token in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", token))


def sentence_start(text: str, pos: int, limit: int = 600) -> int:
    """Where the sentence holding `pos` begins (a paragraph start or after . ! ?)."""
    lo = max(0, pos - limit)
    i = pos - 1
    while i >= lo:
        ch = text[i]
        if ch == "\n":
            return i + 1
        if ch in ".!?" and i + 1 < len(text) and text[i + 1] in " \t\u00a0" \
                and _is_boundary(text, i):
            j = i + 1
            while j < pos and text[j].isspace():
                j += 1
            if j < pos and (text[j].isupper() or text[j] in "\"“‘'«„"):
                return j
        i -= 1
    return lo


def sentence_end(text: str, pos: int, limit: int = 1500) -> int:
    """Where the sentence holding `pos` ends: at its final . ! ? (exclusive) or newline."""
    hi = min(len(text), pos + limit)
    i = pos
    while i < hi:
        ch = text[i]
        if ch == "\n":
            return i
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1].isspace()) \
                and _is_boundary(text, i):
            return i
        i += 1
    return hi
