"""Quotation suggestions: direct quotes between quote marks and "X said that ..." clauses,
each with the speaker the surrounding words name.

Plain regular expressions over the whole text plus local look-arounds, so a 1 MB article
takes a fraction of a second. Heuristics, not parsing: every result is a suggestion the
analyst accepts or rejects. Apostrophes (Iraq's, d'affaires, Iraq’s) are told apart from
single quote marks by what stands on either side of them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain

from annotator.core.foreground import give_way
from annotator.core.quote_sentences import ABBREVIATIONS, sentence_end, sentence_start
from annotator.core.suggest_base import SpeakerHint, Suggestion, non_overlapping
from annotator.core.suggest_speakers import refine_speakers

SOURCE = "quotes"
MAX_QUOTE = 2000  # characters; a quote never crosses a paragraph either


def _wordlist(words: str) -> list[str]:
    return words.split()


# Each pattern captures the quoted words in group "body"; none crosses a newline.
_MAXQ = f"{{1,{MAX_QUOTE}}}"  # a bounded repeat, {1,2000}
_QUOTE_PATTERNS = [re.compile(p.replace("MAXQ", _MAXQ)) for p in (
    r"„(?P<body>[^„“”\n]MAXQ?)[“”]",
    r"“(?P<body>[^“”\n]MAXQ?)”",
    r"«[\s\u00a0\u202f]?(?P<body>[^«»\n]MAXQ?)[\s\u00a0\u202f]?»",
    # ‘ opens; ’ closes only with no letter after it (Iraq’s is an apostrophe).
    r"(?<!\w)‘(?P<body>[^\n]MAXQ?)(?<=\S)’(?!\w)",
    r'(?<![\w"])"(?=\S)(?P<body>[^"\n]MAXQ?)(?<=\S)"(?!\w)',
    # ' opens after a non-letter and closes before one: Iraq's and d'affaires are neither.
    r"(?<![\w'])'(?=[^\s'])(?P<body>[^\n]MAXQ?)(?<=\S)'(?!\w)",
)]

_FINITE = _wordlist(
    "said says say added adds told tells asked asks replied replies wrote writes "
    "warned warns stated states declared declares announced announces explained "
    "insisted insists noted notes claimed claims argued argues labelled labeled "
    "called calls described describes confirmed confirms denied denies urged "
    "acknowledged revealed reveals stressed stresses tweeted posted remarked "
    "cautioned vowed pledged threatened threatens")
_PARTICIPLES = _wordlist(
    "saying adding stating warning noting claiming insisting calling describing "
    "arguing explaining confirming denying stressing urging")
_VERB_RE = re.compile(r"\b(?:{})\b".format("|".join(_FINITE + _PARTICIPLES)))
_INDIRECT_VERBS = _wordlist(
    "said says warned warns added adds stated announced announces declared claimed "
    "claims argued argues insisted insists noted notes revealed confirmed confirms "
    "denied denies stressed explained acknowledged told tells cautioned warning "
    "stating claiming insisting noting saying adding arguing confirming stressing")
_INDIRECT_RE = re.compile(
    r"\b(?P<verb>{})(?:\s+(?:reporters|journalists|parliament|lawmakers|the\s+press|"
    r"(?:on|last|this|late|early)\s+\w+|in\s+a\s+statement|again|also|repeatedly))?"
    r"\s+that\s+".format("|".join(_INDIRECT_VERBS)))
_SAID_CLAUSE_RE = re.compile(r"\b(?P<verb>said|says)\s+(?=[a-z])")
_ACCORDING_RE = re.compile(r"\baccording\s+to\s+")
_SUBORDINATE_RE = re.compile(r"(?:Despite|Although|Though|While|Whilst|After|Because|Since|"
                             r"As|Amid|Amidst|Even though|Even as)\b")

_WORD_RE = re.compile(r"[^\W\d_][\w'’.\-]*")
_DETERMINERS = {"the", "a", "an", "The", "A", "An"}
_RELATIVE = {"who", "which", "that"}
_CONNECTORS = {"of", "al", "el", "bin", "ibn", "bint", "de", "da", "del", "van", "von",
               "der", "la", "le", "du", "y"}
_SPEAKER_NOUNS = frozenset(_wordlist(
    "official officials spokesman spokeswoman spokesperson spokespeople minister "
    "ministers ministry sources source diplomat diplomats police military army "
    "government commander commanders analyst analysts witness witnesses resident "
    "residents lawmaker lawmakers officer officers president leader leaders envoy "
    "ambassador statement authorities militia militants group groups department "
    "office agency council parliament coalition forces"))
_STOP_CAPS = frozenset(_wordlist(
    "But And Yet However In On At Meanwhile Then Also He She They It We I You This "
    "That These Those There Despite Amid Amidst After Before When While If As His Her "
    "Their Its Our My Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February March April May June July August September October November "
    "December Earlier Later Last Next Today Yesterday Tomorrow Some Many Several Both "
    "Such No Not"))
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us"}
# -- names -----------------------------------------------------------------------------

def _kind(word: str) -> str:
    """name, connector, noun (a speaker noun), det, stop, or generic."""
    if word in _DETERMINERS:
        return "det"
    low = word.lower()
    pronoun = low in _PRONOUNS and (not word.isupper() or word == "I")  # US is no pronoun
    if word in _STOP_CAPS or pronoun or low in _RELATIVE:
        return "stop"
    if word in _CONNECTORS:
        return "connector"
    first = word[0]
    if first.isupper() or not first.islower():  # capitalized, or a script without case
        return "name"
    if re.match(r"(?:al|el|ad|as|an|ash|at|az|bin|ibn)-[^\W\d_]", word) and \
            word.split("-", 1)[1][:1].isupper():
        return "name"
    if low in _SPEAKER_NOUNS:
        return "noun"
    return "generic"


def _strip_word(word: str, end: int) -> tuple[str, int]:
    """Drop final punctuation the word pattern took in (a full stop, a closing quote),
    but keep the dots of U.S. and Gen."""
    if word.endswith(".") and (word[:-1] in ABBREVIATIONS
                               or re.fullmatch(r"(?:[A-Za-z]\.)+", word)):
        return word, end
    while word and word[-1] in ".'’-":
        word, end = word[:-1], end - 1
    return word, end


def _words_back(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Words of text[lo:hi] from the end backwards, stopping at any punctuation between."""
    out = []
    pos = hi
    for m in reversed(list(_WORD_RE.finditer(text, lo, hi))):
        gap = text[m.end():pos]
        if gap.strip():
            break
        word, end = _strip_word(m.group(), m.end())
        if end != m.end() and out:
            break
        out.append((m.start(), end, word))
        pos = m.start()
        if end != m.end():
            break
    return out


def _words_forward(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    out = []
    pos = lo
    for m in _WORD_RE.finditer(text, lo, hi):
        if text[pos:m.start()].strip():
            break
        word, end = _strip_word(m.group(), m.end())
        out.append((m.start(), end, word))
        pos = m.end()
        if end != m.end():
            break
    return out


def _phrase(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The actor phrase from `words`, nearest word first (nearest to the verb or quote)."""
    if not words:
        return None
    kinds = [_kind(w) for _, _, w in words]
    name_mode = kinds[0] == "name"
    taken: list[int] = []
    generic_run = 0
    for i, kind in enumerate(kinds):
        if kind in ("det", "stop"):
            break
        if kind == "generic":
            if name_mode or generic_run >= 2:
                break
            generic_run += 1
        else:
            generic_run = 0
        taken.append(i)
    good = {"name"} if name_mode else {"name", "noun"}
    while taken and kinds[taken[-1]] not in good:
        taken.pop()
    while taken and kinds[taken[0]] not in good:
        taken.pop(0)
    if not taken or not any(kinds[i] in good for i in taken):
        return None
    a, b = words[taken[0]], words[taken[-1]]
    return min(a[0], b[0]), max(a[1], b[1])


def _hint(text: str, span: tuple[int, int] | None) -> SpeakerHint | None:
    if span is None:
        return None
    return SpeakerHint(span[0], span[1], text[span[0]:span[1]])


def name_after(text: str, pos: int, hi: int) -> SpeakerHint | None:
    """The actor phrase starting at `pos` (after "said", "according to")."""
    words = _words_forward(text, pos, hi)
    while words and _kind(words[0][2]) == "det":
        words.pop(0)
    return _hint(text, _phrase(words))


def subject_before(text: str, lo: int, pos: int) -> SpeakerHint | None:
    """The actor phrase ending just before `pos` (a verb), skipping "who", a bracketed
    aside, and taking the name of an appositive ("the spokesman, Yahya Rasool, warned")."""
    end = pos
    while end > lo and text[end - 1].isspace():
        end -= 1
    m = re.search(r"\b(?:who|which|that)\s*$", text[max(lo, end - 8):end])
    if m:
        end = max(lo, end - 8) + m.start()
        while end > lo and text[end - 1].isspace():
            end -= 1
    if end > lo and text[end - 1] == ")":
        opened = text.rfind("(", lo, end)
        if opened >= 0:
            end = opened
            while end > lo and text[end - 1].isspace():
                end -= 1
    if end > lo and text[end - 1] == ",":
        comma = text.rfind(",", lo, end - 1)
        inner_lo = comma + 1 if comma >= 0 else lo
        words = _words_back(text, inner_lo, end - 1)
        if words and text[inner_lo:words[-1][0]].strip() == "" and \
                all(_kind(w) in ("name", "connector") for _, _, w in words):
            return _hint(text, _phrase(words))
        return None
    return _hint(text, _phrase(_words_back(text, lo, end)))


# -- direct quotes ---------------------------------------------------------------------

def find_quote_marks(text: str) -> list[tuple[int, int, int, int]]:
    """(open mark, body start, body end, after close mark) of every quotation, no overlaps."""
    found = []
    for pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(text):
            give_way()
            found.append((m.start(), m.start("body"), m.end("body"), m.end()))
    found.sort(key=lambda q: (q[0], -q[3]))
    kept, last = [], -1
    for q in found:
        if q[0] >= last:
            kept.append(q)
            last = q[3]
    return kept


def _trim_body(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def direct_speaker(text: str, open_at: int, close_end: int) -> SpeakerHint | None:
    """Who a direct quote's surroundings name: '"...," said X', '"..." X said',
    'X said: "..."', 'X added that ... "..."', or 'according to X'."""
    line_end = text.find("\n", close_end)
    if line_end < 0:
        line_end = len(text)
    hi = min(line_end, close_end + 300)
    after = re.match(r"[\s,]*", text[close_end:hi]).end() + close_end
    m = _VERB_RE.match(text, after, hi)
    if m and m.group() not in _PARTICIPLES:
        hint = name_after(text, m.end() + 1 if m.end() < hi else m.end(), hi)
        if hint:
            return hint
    hint = name_after(text, after, hi)
    if hint:
        rest = text[hint.end:hi]
        if re.match(r"\s+(?:{})\b".format("|".join(_FINITE)), rest):
            return hint
    start = sentence_start(text, open_at)
    verbs = [v for v in _VERB_RE.finditer(text, start, open_at)]
    for verb in reversed(verbs):
        hint = _verb_subject(text, start, verb)
        if hint:
            return hint
    sent_end = sentence_end(text, close_end)
    for lo, hi2 in ((close_end, sent_end), (start, open_at)):
        acc = _ACCORDING_RE.search(text, lo, hi2)
        if acc:
            hint = name_after(text, acc.end(), hi2)
            if hint:
                return hint
    return None


def _verb_subject(text: str, sent_lo: int, verb: re.Match) -> SpeakerHint | None:
    """The subject of a speech verb; a participle ("..., stating that") borrows the
    subject of the speech verb before it in the same sentence."""
    if verb.group() in _PARTICIPLES:
        for earlier in reversed(list(_VERB_RE.finditer(text, sent_lo, verb.start()))):
            if earlier.group() not in _PARTICIPLES:
                return subject_before(text, sent_lo, earlier.start())
    return subject_before(text, sent_lo, verb.start())


def direct_quotes(text: str) -> list[Suggestion]:
    out = []
    for open_at, body_lo, body_hi, close_end in find_quote_marks(text):
        give_way()
        start, end = _trim_body(text, body_lo, body_hi)
        if start >= end or not re.search(r"[^\W\d_]", text[start:end]):
            continue
        speaker = direct_speaker(text, open_at, close_end)
        out.append(Suggestion(start, end, "QUOTE", SOURCE, {"mode": "direct"}, speaker))
    return out


# -- indirect quotes -------------------------------------------------------------------

def indirect_quotes(text: str) -> list[Suggestion]:
    """'X warned that CLAUSE.' and 'X said CLAUSE.': the clause, to the sentence's end."""
    out = []
    matches = chain(((m, True) for m in _INDIRECT_RE.finditer(text)),
                    ((m, False) for m in _SAID_CLAUSE_RE.finditer(text)))
    for m, with_that in matches:
        give_way()
        clause_lo = m.end()
        if not with_that and re.match(r"(?:that|on|in|at|last|this|late|early|to|it\b|"
                                      r"he\b|she\b|they\b|in\b)", text[clause_lo:clause_lo + 6]):
            continue
        clause_hi = sentence_end(text, clause_lo)
        sent_lo = sentence_start(text, m.start())
        if _SUBORDINATE_RE.match(text, sent_lo):
            comma = text.find(",", clause_lo, clause_hi)  # "Despite X claiming that Y, Z."
            if comma >= 0:
                clause_hi = comma
        clause_lo, clause_hi = _trim_body(text, clause_lo, clause_hi)
        if len(text[clause_lo:clause_hi].split()) < 2:
            continue
        verb = _VERB_RE.match(text, m.start("verb"))
        speaker = _verb_subject(text, sent_lo, verb) if verb else None
        if speaker is None and not with_that:
            continue  # "said" without "that" is a quote only when someone said it
        out.append(Suggestion(clause_lo, clause_hi, "QUOTE", SOURCE, {"mode": "indirect"},
                              speaker))
    return out


def suggest_quotes(text: str) -> list[Suggestion]:
    """Direct quotes, then indirect ones that overlap none of them; sorted by start."""
    direct = direct_quotes(text)
    starts = [s.start for s in direct]  # sorted: find_quote_marks returns them in order
    speaker_of_sentence = {sentence_start(text, s.start - 1): s.speaker
                           for s in direct if s.speaker is not None}
    kept_indirect = []
    for s in non_overlapping(indirect_quotes(text)):
        give_way()
        i = bisect_left(starts, s.end)
        if i and direct[i - 1].end > s.start:
            continue  # overlaps a direct quote: the direct one says it better
        if s.speaker is None:  # '"...," said X, adding that ...': X again
            s.speaker = speaker_of_sentence.get(sentence_start(text, s.start))
        kept_indirect.append(s)
    return sorted((_refined(text, s) for s in direct + kept_indirect),
                  key=lambda s: (s.start, s.end))


def _refined(text: str, s: Suggestion) -> Suggestion:
    give_way()
    if s.speaker is None:
        return s
    return refine_speakers(text, s, sentence_start(text, s.speaker.start),
                           sentence_end(text, s.speaker.end))
