"""The one tokenizer behind every token-based format (Prodigy, CoNLL, Hugging Face, spaCy).

Why one: when Prodigy tokens, CoNLL lines and spaCy docs all come from the same cut, token
and character offsets always agree and `Doc.char_span` never returns None.

Offsets are code points. Words keep internal apostrophes and hyphens ("d'affaires",
"al-Sakhar"), numbers keep internal separators ("1,000", "3.5"), punctuation is split off,
emoji sequences (flags, ZWJ families, skin tones, keycaps, variation selectors) stay whole,
combining marks stay on the character they follow, and no word token holds a newline.

Like spaCy, a token followed by exactly one space has `ws=True`; any other run of
whitespace becomes a token of its own (`space=True`). So the token texts plus one space
after each `ws` token give back the text exactly, and `Doc(vocab, words, spaces)` has the
same text and offsets as the document. Word-based formats (CoNLL, HF) skip space tokens.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any, NamedTuple


class Token(NamedTuple):
    start: int
    end: int
    ws: bool  # followed by exactly one space that belongs to no token
    space: bool = False  # a run of whitespace kept as a token (never a word)


_START, _END = itemgetter(0), itemgetter(1)


class Tokens(list):
    """A list of Token that remembers its start/end arrays for fast snapping."""

    _index: tuple[list[int], list[int]] | None = None

    def index(self) -> tuple[list[int], list[int]]:  # type: ignore[override]
        if self._index is None:
            self._index = (list(map(_START, self)), list(map(_END, self)))
        return self._index


_EMOJI_BASE = ("\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b"
               "\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0"
               "\u25fb-\u25fe\u2600-\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55"
               "\u3030\u303d\u3297\u3299\U0001f000-\U0001f1e5\U0001f200-\U0001faff")
# Variation selectors, keycap, skin tones and tag characters (subdivision flags).
_EMOJI_MODS = "\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_REGIONAL = "\U0001f1e6-\U0001f1ff"
_JOINERS = "'\u2019\u02bc\\-\u2010\u2011"  # apostrophes and hyphens inside words


# A shortcut for the most common token, tried first: a plain ASCII word ending where no
# other rule could extend it (not before a mark, joiner, digit or a dot after one letter),
# so it matches exactly what the full rules would, only sooner.
_FAST = '[A-Za-z]+(?![^ ,;\\n"\u201d])|[A-Za-z]{2,}(?=[.:?!)])'


@cache
def _marks() -> str:
    """Combining marks (Mn, Mc, Me) as a character-class body, built once on first use."""
    out, start, prev = [], None, None
    for cp in (*range(0x300, 0x20000), *range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me"):
            if start is None:
                start = cp
            prev = cp
        elif start is not None:
            out.append(chr(start) if start == prev else f"{chr(start)}-{chr(prev)}")
            start = None
    if start is not None:
        out.append(f"{chr(start)}-{chr(prev)}")
    return "".join(out) + "\u200c\u200d"  # ZWNJ/ZWJ join letters in Persian and Indic words


@cache
def _pattern() -> re.Pattern[str]:
    marks = _marks()
    emoji = (f"[{_REGIONAL}]{{2}}"
             f"|[#*0-9]\ufe0f?\u20e3"
             f"|[{_EMOJI_BASE}][{_EMOJI_MODS}]*(?:\u200d[{_EMOJI_BASE}][{_EMOJI_MODS}]*)*")
    part = f"\\w[\\w{marks}]*"
    word = f"{part}(?:(?:[{_JOINERS}]|(?<=\\d)[.,:/](?=\\d)){part})*"
    abbreviation = "(?:[^\\W\\d_]\\.){2,}(?![\\w])"  # U.S., e.g.
    other = f"\\S[{marks}]*"
    token = f"{_FAST}|{emoji}|{abbreviation}|{word}|{other}"
    # Groups: (token)(the one space after it) | (a run of whitespace). Together the matches
    # cover the text end to end, so offsets are running sums of their lengths.
    return re.compile(f"({token})( ?)|(\\s+)")


def tokenize(text: str) -> Tokens:
    """Every token of `text`, in order, covering it exactly (see the module docstring)."""
    tokens = Tokens()
    append = tokens.append
    new = tuple.__new__  # Token(...) without the NamedTuple's Python-level __new__
    pos = 0
    for word, ws, space in _pattern().findall(text):
        if word:
            end = pos + len(word)
            if ws:
                append(new(Token, (pos, end, True, False)))
                pos = end + 1
            else:
                append(new(Token, (pos, end, False, False)))
                pos = end
        else:
            end = pos + len(space)
            append(new(Token, (pos, end, False, True)))
            pos = end
    return tokens


def words(tokens: list[Token]) -> Tokens:
    """The tokens without whitespace tokens: what CoNLL and Hugging Face write."""
    return Tokens([t for t in tokens if not t[3]])  # t[3]: t.space, without the lookup


def token_texts(text: str, tokens: Tokens) -> list[str]:
    """The text of each token (the slicing runs in C: these lists hold millions of words)."""
    starts, ends = tokens.index()
    return list(map(text.__getitem__, map(slice, starts, ends)))


@lru_cache(maxsize=1)
def document_tokens(text: str) -> Tokens:
    """`tokenize(text)`, remembered for the last text: exports get the layers of one
    document one after the other, so each document is cut once. Do not modify the result."""
    return tokenize(text)


@lru_cache(maxsize=1)
def document_words(text: str) -> Tokens:
    """`words(tokenize(text))`, remembered like `document_tokens`. Do not modify the result."""
    return words(document_tokens(text))


def _index(tokens: list[Token]) -> tuple[list[int], list[int]]:
    if isinstance(tokens, Tokens):
        return tokens.index()
    return [t.start for t in tokens], [t.end for t in tokens]


def snap_to_tokens(tokens: list[Token], start: int, end: int
                   ) -> tuple[int, int, int, int, bool] | None:
    """Widen [start, end) to whole tokens: (start, end, token_start, token_end inclusive,
    snapped). Whitespace at either edge is left out; None when no word token is covered."""
    starts, ends = _index(tokens)
    i = bisect_right(ends, start)  # first token ending after start
    while i < len(tokens) and tokens[i].space:
        i += 1
    j = bisect_left(starts, end) - 1  # last token starting before end
    while j >= 0 and tokens[j].space:
        j -= 1
    if i >= len(tokens) or j < i:
        return None
    new_start, new_end = tokens[i].start, tokens[j].end
    snapped = new_start < start or new_end > end
    return new_start, new_end, i, j, snapped


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection widened to whole words, for the UI's word snapping.

    Only the lines the selection touches are tokenized (no token crosses a newline), so
    this stays instant on long articles. A selection holding no word comes back empty
    (start == end).
    """
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi == -1 else hi
    tokens = tokenize(text[lo:hi])
    snapped = snap_to_tokens(tokens, start - lo, end - lo)
    if snapped is None:
        return start, start
    return snapped[0] + lo, snapped[1] + lo


@dataclass(slots=True)
class TokenSpan:
    """A span laid on tokens: offsets after snapping and its token range (end inclusive)."""

    start: int
    end: int
    token_start: int
    token_end: int
    label: str
    span: Any  # the Span it came from (id, attrs...)


def snap_spans(tokens: list[Token], spans: list[Any]) -> tuple[list[TokenSpan], int, int]:
    """Every span on whole tokens: (token spans, how many were snapped, how many cover no
    word and cannot be placed)."""
    out: list[TokenSpan] = []
    snapped = unplaced = 0
    for span in spans:
        placed = snap_to_tokens(tokens, span.start, span.end)
        if placed is None:
            unplaced += 1
            continue
        s, e, ts, te, moved = placed
        snapped += moved
        out.append(TokenSpan(s, e, ts, te, span.label, span))
    return out, snapped, unplaced


_OPENERS = frozenset("\"'\u2018\u201c\u00ab(\u2039[")
_CLOSERS = frozenset("\"'\u2019\u201d\u00bb)]}\u203a")
_ENDERS = frozenset((".", "!", "?", "\u2026", "...", "\u061f", "\u06d4"))  # incl. Arabic ? and .


def _opens(first: str) -> bool:
    """Can this character begin a sentence (a capital, an uncased letter as in Arabic, or
    an opening quote)?"""
    return (first.isalpha() and not first.islower()) or first in _OPENERS


def sentence_starts(text: str, tokens: list[Token]) -> list[int]:
    """Indices (into `tokens`, space tokens excluded from consideration) where sentences start.

    A simple rule, good enough for CoNLL files: a sentence ends at . ! ? (and closing quotes
    or brackets after them) followed by a space and a capital, or by a newline; a blank
    line always ends one.
    """
    starts = [0] if tokens else []
    prev_end = -1  # end of the previous word token
    ended = False  # the previous word tokens close a sentence
    for i, (start, end, _ws, space) in enumerate(tokens):
        if space:
            continue
        if prev_end >= 0:
            gap = text[prev_end:start]
            if "\n\n" in gap or (ended and ("\n" in gap or (gap and _opens(text[start])))):
                starts.append(i)
                ended = False
        piece = text[start:end]
        if piece in _ENDERS:
            ended = True
        elif not (ended and piece in _CLOSERS):
            ended = False
        prev_end = end
    return starts
