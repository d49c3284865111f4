"""Pattern-file suggestions: Prodigy's patterns JSONL matched over the shared tokenizer.

A line is `{"label": "ACTOR", "pattern": "Kataib Hezbollah"}` (a phrase: the exact tokens)
or `{"label": "ACTOR", "pattern": [{"lower": "kataib"}, {"lower": "hezbollah"}]}` (one
dict a token, keyed `lower`, `text` or `orth`, in either case), optionally with an `"id"`.
Token attributes we cannot honour (`op`, `pos`, regex dicts...) are refused with the line,
never ignored: a pattern that silently matches something else is worse than none.
Matches are kept like spaCy's EntityRuler keeps them: longest first, no overlaps.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import orjson

from annotator.core.errors import InputError
from annotator.core.suggest_base import Suggestion
from annotator.core.suggest_registry import trie_regex
from annotator.core.tokenize import Token, tokenize, words

_ATTRS = {"lower": "lower", "text": "orth", "orth": "orth"}


@dataclass(frozen=True, slots=True)
class Pattern:
    label: str
    tokens: tuple[tuple[str, str], ...]  # (attribute "orth" or "lower", value) per token
    id: str | None = None


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
        return Pattern(label, tuple(("orth", t) for t in texts), pid)
    if not isinstance(pattern, list) or not pattern:
        raise InputError(path, "'pattern' must be a string or a list of token dicts", line)
    tokens = []
    for i, tok in enumerate(pattern, 1):
        if not isinstance(tok, dict) or len(tok) != 1:
            raise InputError(path, f"token {i} of the pattern must be one {{attribute: "
                             f"value}} (lower, text or orth)", line)
        (key, value), = tok.items()
        attr = _ATTRS.get(str(key).lower())
        if attr is None:
            raise InputError(path, f"token {i}: attribute {key!r} is not supported "
                             "(only lower, text, orth)", line)
        if not isinstance(value, str) or not value:
            raise InputError(path, f"token {i}: {key} must be a non-empty string", line)
        tokens.append((attr, value.lower() if attr == "lower" else value))
    return Pattern(label, tuple(tokens), pid)


def load_patterns(path: str | Path) -> list[Pattern]:
    """Read a patterns JSONL file (blank lines allowed); InputError names the bad line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from None
    patterns = []
    for n, raw in enumerate(data.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise InputError(path, f"not JSON ({exc})", n) from None
        patterns.append(parse_pattern(obj, path, n))
    return patterns


class PatternMatcher:
    """Matches a set of patterns in texts; build once, use for every document."""

    def __init__(self, patterns: list[Pattern], source: str = "patterns"):
        self.source = source
        self._by_first: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        for p in patterns:
            self._by_first[p.tokens[0]].append(p)
        # A case-blind search for the first tokens finds the lines worth tokenizing: no
        # token crosses a newline, so tokenizing only those lines gives the same tokens.
        firsts = {value.lower() for _attr, value in self._by_first}
        self._prefilter = re.compile(trie_regex(firsts), re.IGNORECASE) if firsts else None

    def suggest(self, text: str) -> list[Suggestion]:
        if self._prefilter is None:
            return []
        out: list[Suggestion] = []
        line_end = -1
        for m in self._prefilter.finditer(text):
            if m.start() < line_end:
                continue
            lo = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            if line_end < 0:
                line_end = len(text)
            out.extend(self._suggest_line(text, lo, line_end))
        return out

    def _suggest_line(self, text: str, lo: int, hi: int) -> list[Suggestion]:
        """Matches within text[lo:hi] (one line), with offsets into `text`."""
        toks = [Token(t.start + lo, t.end + lo, t.ws) for t in words(tokenize(text[lo:hi]))]
        orth = [text[t.start:t.end] for t in toks]
        lower = [w.lower() for w in orth]
        values = {"orth": orth, "lower": lower}
        found: list[tuple[int, int, Pattern]] = []
        for i in range(len(toks)):
            for key in (("orth", orth[i]), ("lower", lower[i])):
                for p in self._by_first.get(key, ()):
                    n = len(p.tokens)
                    if i + n <= len(toks) and all(
                            values[attr][i + k] == value
                            for k, (attr, value) in enumerate(p.tokens)):
                        found.append((i, i + n, p))
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
                                  {}, None, p.id))
        out.sort(key=lambda s: (s.start, s.end))
        return out
