"""Pattern-file suggestions: Prodigy's and spaCy's patterns JSONL matched over the shared
tokenizer.

A line is `{"label": "ACTOR", "pattern": "Kataib Hezbollah"}` (a phrase: the exact tokens)
or `{"label": "ACTOR", "pattern": [{"lower": {"IN": ["us", "u.s."]}}, {"lower": "army"}]}`
(one dict a token: `lower`, `orth`, `text`, `norm`, `shape`, `length`, `prefix`, `suffix`,
`is_alpha`, `is_digit`, `is_upper`, `is_title`, `is_punct`, `like_num`... with values or
`IN`, `NOT_IN`, `REGEX`, comparisons, and `OP` ?, *, +, !, {n,m}; see `pattern_tokens`),
optionally with an `"id"`, which every suggestion it makes keeps. What needs a trained
pipeline (POS, LEMMA...) is refused with the line, never ignored: a pattern that silently
matches something else is worse than none. Matches are kept like spaCy's EntityRuler keeps
them: longest first, no overlaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import orjson

from annotator.core.errors import InputError
from annotator.core.foreground import give_way
from annotator.core.pattern_tokens import PatternError, TokenSpec, parse_token
from annotator.core.suggest_base import Suggestion
from annotator.core.suggest_registry import trie_regex
from annotator.core.tokenize import Token, tokenize, words


@dataclass(frozen=True, slots=True)
class Pattern:
    label: str
    tokens: tuple[TokenSpec, ...]
    id: str | None = None

    @property
    def anchors(self) -> frozenset[str] | None:
        """The lower-case words a match's first token can be, when the first token that
        must appear is a fixed word (lets a text be skimmed before it is tokenized)."""
        first = self.tokens[0]
        return first.literals if first.least >= 1 else None


def _token_texts(text: str) -> list[str]:
    return [text[t.start:t.end] for t in words(tokenize(text))]


def parse_pattern(obj: object, path: str | Path | None = None,
                  line: int | None = None) -> Pattern:
    """One patterns-file line as a Pattern; InputError says what is wrong with it."""
    if not isinstance(obj, dict):
        raise InputError(path, "a pattern line is a JSON object", line)
    label, pattern = obj.get("label"), obj.get("pattern")
    if not isinstance(label, str) or not label.strip():
        raise InputError(path, "pattern without a 'label'", line)
    pid = obj.get("id")
    pid = None if pid is None else str(pid)
    if isinstance(pattern, str):
        texts = _token_texts(pattern)
        if not texts:
            raise InputError(path, "empty phrase pattern", line)
        return Pattern(label, tuple(parse_token({"orth": t}) for t in texts), pid)
    if not isinstance(pattern, list) or not pattern:
        raise InputError(path, "'pattern' must be a string or a list of token dicts", line)
    tokens = []
    for i, tok in enumerate(pattern, 1):
        try:
            tokens.append(parse_token(tok))
        except PatternError as exc:
            raise InputError(path, f"token {i} of the pattern: {exc}", line) from None
    if all(t.least == 0 for t in tokens):
        raise InputError(path, "the pattern can match no token at all (every token is "
                         "optional)", line)
    return Pattern(label, tuple(tokens), pid)


def load_patterns(path: str | Path) -> list[Pattern]:
    """Read a patterns JSONL file (blank lines allowed); InputError names the bad line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from None
    patterns = []
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise InputError(path, f"not JSON ({exc})", n) from None
        patterns.append(parse_pattern(obj, path, n))
    return patterns


def match_ends(specs: tuple[TokenSpec, ...], toks: list[str], start: int) -> set[int]:
    """Every token index where a match of `specs` beginning at `start` can end."""
    positions = {start}
    for spec in specs:
        nxt: set[int] = set()
        for pos in positions:
            if spec.least == 0:
                nxt.add(pos)
            k, at = 0, pos
            while k < spec.most and at < len(toks) and spec.fits(toks[at]):
                k += 1
                at += 1
                if k >= spec.least:
                    nxt.add(at)
        positions = nxt
        if not positions:
            break
    return {p for p in positions if p > start}


class PatternMatcher:
    """Matches a set of patterns in texts; build once, use for every document."""

    def __init__(self, patterns: list[Pattern], source: str = "patterns"):
        self.source = source
        self.patterns = list(patterns)
        anchors = [p.anchors for p in self.patterns]
        # Per pattern: its anchor words, and its first token when that must appear (a
        # start position it does not fit is skipped before any matching).
        self._by_anchor: dict[str, list[tuple[Pattern, TokenSpec | None]]] = {}
        self._unanchored: list[tuple[Pattern, TokenSpec | None]] = []
        for p, words_ in zip(self.patterns, anchors, strict=True):
            entry = (p, p.tokens[0] if p.tokens[0].least >= 1 else None)
            if words_ is None:
                self._unanchored.append(entry)
            for word in words_ or ():
                self._by_anchor.setdefault(word, []).append(entry)
        # With a fixed first word in every pattern, a case-blind search for those words
        # finds the lines worth tokenizing (no token crosses a newline); otherwise every
        # line is tokenized.
        self._prefilter = None
        if self.patterns and all(a for a in anchors):
            firsts = set().union(*anchors)
            self._prefilter = re.compile(trie_regex(firsts), re.IGNORECASE)

    def _lines(self, text: str):
        if self._prefilter is None:
            lo = 0
            while lo <= len(text):
                hi = text.find("\n", lo)
                hi = len(text) if hi < 0 else hi
                if hi > lo:
                    yield lo, hi
                lo = hi + 1
            return
        line_end = -1
        for m in self._prefilter.finditer(text):
            if m.start() < line_end:
                continue
            lo = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            if line_end < 0:
                line_end = len(text)
            yield lo, line_end

    def suggest(self, text: str) -> list[Suggestion]:
        if not self.patterns:
            return []
        out: list[Suggestion] = []
        for lo, hi in self._lines(text):
            give_way()
            out.extend(self._suggest_line(text, lo, hi))
        return out

    def _suggest_line(self, text: str, lo: int, hi: int) -> list[Suggestion]:
        """Matches within text[lo:hi] (one line), with offsets into `text`."""
        toks = [Token(t.start + lo, t.end + lo, t.ws) for t in words(tokenize(text[lo:hi]))]
        orth = [text[t.start:t.end] for t in toks]
        lower = [w.lower() for w in orth]
        found: list[tuple[int, int, Pattern]] = []
        for i in range(len(toks)):
            for p, first in (*self._by_anchor.get(lower[i], ()), *self._unanchored):
                if first is not None and not first.fits(orth[i]):
                    continue
                ends = match_ends(p.tokens, orth, i)
                if ends:
                    found.append((i, max(ends), p))
        # Longest first, then earliest: the EntityRuler's rule for overlapping matches.
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken = [False] * len(toks)
        out = []
        for a, b, p in found:
            if any(taken[a:b]):
                continue
            for k in range(a, b):
                taken[k] = True
            out.append(Suggestion(toks[a].start, toks[b - 1].end, p.label, self.source,
                                  {}, None, p.id, p.id))
        out.sort(key=lambda s: (s.start, s.end))
        return out
