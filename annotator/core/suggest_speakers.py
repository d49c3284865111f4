"""Speaker hints made closer to what an analyst labels: every actor of a coordinated
subject ("both the US and Iran claimed" -> US, Iran), and names without the titles in
front of them ("Foreign Minister Fuad Hussein" -> "Fuad Hussein", title "Foreign
Minister"), so the ACTOR span is the name a registry knows and the title can become an
attribute.
"""

from __future__ import annotations

import re

from annotator.core.suggest_base import SpeakerHint, Suggestion


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that head a title ("Minister" in "Foreign Minister") and words that may stand
# before a head ("Foreign", "Prime"); compared without a final dot and case-blind.
_HEADS = _words("""
    president minister secretary general gen lieutenant lt colonel col major maj captain
    capt sergeant sgt admiral adm commander chief spokesman spokeswoman spokesperson
    ambassador envoy senator sen rep representative governor gov mayor king queen prince
    princess sheikh sheik ayatollah imam cardinal pope rabbi judge justice dr mr mrs ms
    prof professor lord lady sir chairman chairwoman chair director premier chancellor
    marshal commissioner brigadier emir sultan speaker secretary-general
""")
_MODIFIERS = _words("""
    foreign defense defence interior finance prime vice deputy acting former senior
    crown grand supreme field attorney state army military top assistant under first
    lead chief of the for affairs
""")
_WORD = re.compile(r"\S+")
_COORD_BEFORE = re.compile(r"(?:\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+)(?:the\s+)?$")
_AND_BEFORE = re.compile(r"(?:\s*,)?\s+(?:and|&)\s+(?:the\s+)?$")
_COORD_AFTER = re.compile(r"^\s+(?:and|&)\s+(?:the\s+)?")
_NOT_NAMES = _words("""
    Both Either Neither The A An In On At But And Yet However Despite Amid Amidst After
    Before When While If As Although Though
""")
_NAME_RUN = re.compile(r"(?:[^\W\d_][\w'’.\-]*)(?:\s+(?:[^\W\d_][\w'’.\-]*))*$")
_NAME_RUN_AFTER = re.compile(r"^[^\W\d_][\w'’\-]*(?:\s+[^\W\d_][\w'’\-]*)*")
_CONNECTORS = {"of", "al", "el", "bin", "ibn", "de", "da", "del", "van", "von", "der", "la"}
_PARTICLE = re.compile(r"(?:al|el|ad|as|an|ash|at|az|bin|ibn)-[^\W\d_]")  # al-Nujaba
MAX_SPEAKERS = 6


def _bare(word: str) -> str:
    return word.rstrip(".").lower()


def without_title(text: str, hint: SpeakerHint) -> SpeakerHint:
    """The hint without leading title words, the title kept on it; unchanged when no
    capitalized name would be left after the title."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(hint.text)]
    cut = None
    seen_head = False
    for i, (_s, _e, w) in enumerate(words):
        low = _bare(w)
        if low in _HEADS:
            seen_head = True
        elif low not in _MODIFIERS:
            cut = i if seen_head else None
            break
    if cut is None:
        return hint
    rest = words[cut:]
    if not rest or not rest[0][2][:1].isupper() or rest[0][2].lower() in _CONNECTORS:
        return hint
    start = hint.start + rest[0][0]
    title = hint.text[:words[cut - 1][1]]
    return SpeakerHint(start, hint.end, text[start:hint.end], hint.entity, title)


def _capitalized_name(words: str) -> bool:
    parts = words.split()
    return bool(parts) and all(p[:1].isupper() or p.lower() in _CONNECTORS for p in parts) \
        and parts[0][:1].isupper()


def coordinated(text: str, hint: SpeakerHint, lo: int, hi: int) -> list[SpeakerHint]:
    """The hint and the names coordinated with it within text[lo:hi] ("the US and Iran",
    "Britain, France and Germany"), in text order; just the hint when there are none."""
    found = [hint]
    first = hint
    # A list is only a list when "and" joins its last two names ("the US and Iran",
    # "Britain, France and Germany"); a bare comma before a name is too often an aside.
    joined = _AND_BEFORE.search(text, lo, hint.start) is not None
    while joined and len(found) < MAX_SPEAKERS:
        m = _COORD_BEFORE.search(text, lo, first.start)
        if not m or m.start() <= lo:
            break
        run = _NAME_RUN.search(text, lo, m.start())
        if not run:
            break
        words = run.group().split()
        take = []
        for w in reversed(words):  # the capitalized words right before the conjunction
            if w[:1].isupper() and w not in _NOT_NAMES:
                take.insert(0, w)
            else:
                break
        if not take:
            break
        start = m.start() - len(" ".join(take))
        if text[start:m.start()] != " ".join(take):
            break
        first = SpeakerHint(start, m.start(), text[start:m.start()])
        found.insert(0, first)
    last = hint
    while len(found) < MAX_SPEAKERS:
        m = _COORD_AFTER.match(text[last.end:hi])
        if not m:
            break
        pos = last.end + m.end()
        run = _NAME_RUN_AFTER.match(text[pos:hi])
        if not run:
            break
        words = []
        for w in run.group().split():
            if w[:1].isupper() or (words and (w in _CONNECTORS or _PARTICLE.match(w))):
                words.append(w)
            else:
                break
        while words and words[-1] in _CONNECTORS:
            words.pop()
        if not words:
            break
        end = pos + len(" ".join(words))
        if text[pos:end] != " ".join(words):
            break
        last = SpeakerHint(pos, end, text[pos:end])
        found.append(last)
    return found


def refine_speakers(text: str, suggestion: Suggestion, lo: int, hi: int) -> Suggestion:
    """Give a quote suggestion every coordinated speaker, each without its title."""
    if suggestion.speaker is None:
        return suggestion
    hints = coordinated(text, suggestion.speaker, lo, hi) \
        if not suggestion.speaker.start <= lo else [suggestion.speaker]
    hints = [without_title(text, h) for h in hints
             if not (h.end > suggestion.start and h.start < suggestion.end)]
    if not hints:
        return suggestion
    suggestion.speaker, suggestion.more_speakers = hints[0], hints[1:]
    return suggestion
