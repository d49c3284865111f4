"""One token of a Prodigy / spaCy token pattern: what it tests and how often it repeats.

`{"lower": {"IN": ["us", "iran"]}, "OP": "+"}` becomes a `TokenSpec` whose `test(word)`
says whether a token's text fits and whose (least, most) say how many tokens it takes.
Attribute names are case-blind (spaCy writes `LOWER`, Prodigy `lower`). The attributes a
text alone decides are honoured; those that need a trained pipeline (POS, LEMMA, DEP,
ENT_TYPE...) are refused with the reason, never ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Test = Callable[[str], bool]
UNBOUNDED = 1 << 30
_NEEDS_MODEL = {"pos", "tag", "morph", "lemma", "dep", "ent_type", "ent_iob", "ent_id",
                "ent_kb_id", "is_stop", "is_sent_start", "sent_start", "sentiment", "_"}
_PUNCT_CATEGORIES = ("P",)
_QUOTES = set("'\"«»‘’‚‛“”„‟‹›")
_BRACKETS = set("()[]{}<>")
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)+/\S*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_NUM_WORDS = frozenset(re.findall(r"\w+", """zero one two three four five six seven eight
    nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen
    twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion
    trillion"""))


def shape(word: str) -> str:
    """spaCy's word shape: X for upper, x for lower, d for digit, other characters kept,
    runs of the same kind cut after four ("Hezbollah" -> "Xxxxx", "2,500" -> "d,ddd")."""
    out, last, run = [], "", 0
    for ch in word:
        kind = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        run = run + 1 if kind == last else 1
        last = kind
        if run <= 4:
            out.append(kind)
    return "".join(out)


def like_num(word: str) -> bool:
    text = word.lstrip("+-±~")
    text = text.replace(",", "").replace(".", "", 1)
    if text.isdigit():
        return True
    if text.count("/") == 1 and all(p.isdigit() for p in text.split("/")):
        return True
    return word.lower() in _NUM_WORDS


def _is_punct(word: str) -> bool:
    import unicodedata

    return bool(word) and all(unicodedata.category(c).startswith(_PUNCT_CATEGORIES)
                              for c in word)


# Attribute -> the token's value for it.
_VALUES: dict[str, Callable[[str], Any]] = {
    "orth": lambda w: w, "text": lambda w: w, "lower": str.lower, "norm": str.lower,
    "shape": shape, "length": len, "prefix": lambda w: w[:1], "suffix": lambda w: w[-3:],
    "is_alpha": str.isalpha, "is_ascii": str.isascii, "is_digit": str.isdigit,
    "is_lower": lambda w: w.islower(), "is_upper": lambda w: w.isupper(),
    "is_title": lambda w: w.istitle(), "is_punct": _is_punct, "is_space": str.isspace,
    "like_num": like_num, "like_url": lambda w: bool(_URL.match(w)),
    "like_email": lambda w: bool(_EMAIL.match(w)),
    "is_quote": lambda w: bool(w) and all(c in _QUOTES for c in w),
    "is_bracket": lambda w: bool(w) and all(c in _BRACKETS for c in w),
    "is_currency": lambda w: bool(w) and all(c in "$€£¥₹₽₩¢" for c in w),
}
_BOOLEAN = {name for name in _VALUES if name.startswith(("is_", "like_"))}
_CASE_BLIND = {"lower", "norm"}  # values compared lower-cased, as the token's are
_OPS = {"?": (0, 1), "*": (0, UNBOUNDED), "+": (1, UNBOUNDED), "!": (1, 1), "1": (1, 1)}


class PatternError(ValueError):
    """A token pattern we cannot honour; the message says which part and why."""


@dataclass(frozen=True, slots=True)
class TokenSpec:
    tests: tuple[Test, ...]
    least: int = 1
    most: int = 1
    negated: bool = False  # OP "!": the token must NOT fit
    literals: frozenset[str] | None = None  # lower-case words it can only be, if known
    # word -> fits: news text repeats its words, so each is tested once per pattern token
    memo: dict[str, bool] = field(default_factory=dict, compare=False, hash=False,
                                  repr=False)

    def fits(self, word: str) -> bool:
        known = self.memo.get(word)
        if known is None:
            ok = all(t(word) for t in self.tests)
            known = not ok if self.negated else ok
            if len(self.memo) > 200_000:
                self.memo.clear()
            self.memo[word] = known
        return known


def _quantity(op: object) -> tuple[int, int, bool]:
    if not isinstance(op, str):
        raise PatternError(f"OP must be a string, not {op!r}")
    if op in _OPS:
        least, most = _OPS[op]
        return least, most, op == "!"
    m = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
    if m and (m.group(1) or m.group(3)):
        least = int(m.group(1) or 0)
        most = int(m.group(3)) if m.group(3) else (UNBOUNDED if m.group(2) else least)
        if most >= least:
            return least, most, False
    raise PatternError(f"unknown OP {op!r} (use ?, *, +, !, {{n}}, {{n,m}})")


def _compare(attr: str, value: Any) -> tuple[Test, frozenset[str] | None]:
    """A test for one attribute against a value or an operator dict."""
    get = _VALUES[attr]
    fold = (lambda v: v.lower() if isinstance(v, str) else v) if attr in _CASE_BLIND \
        else (lambda v: v)
    literal_attr = attr in ("orth", "text", "lower", "norm")
    if attr in _BOOLEAN:
        if not isinstance(value, bool):
            raise PatternError(f"{attr.upper()} takes true or false, not {value!r}")
        return (lambda w: bool(get(w)) == value), None
    if not isinstance(value, dict):
        if attr == "length" and not isinstance(value, int) or \
                attr != "length" and not isinstance(value, str):
            raise PatternError(f"{attr.upper()} cannot be {value!r}")
        want = fold(value)
        return (lambda w: get(w) == want), (frozenset([want.lower()]) if literal_attr
                                            else None)
    tests: list[Test] = []
    literals = None
    for op, arg in value.items():
        op = str(op).upper()
        if op in ("IN", "NOT_IN"):
            if not isinstance(arg, list):
                raise PatternError(f"{attr.upper()} {op} takes a list")
            allowed = frozenset(fold(a) for a in arg)
            tests.append((lambda w, s=allowed: get(w) in s) if op == "IN"
                         else (lambda w, s=allowed: get(w) not in s))
            if op == "IN" and literal_attr and all(isinstance(a, str) for a in arg):
                literals = frozenset(str(a).lower() for a in arg)
        elif op == "REGEX":
            try:
                rx = re.compile(str(arg))
            except re.error as exc:
                raise PatternError(f"bad REGEX {arg!r} ({exc})") from None
            tests.append(lambda w, rx=rx: rx.search(str(get(w))) is not None)
        elif op in ("==", "!=", ">=", "<=", ">", "<"):
            if not isinstance(arg, int | float) or isinstance(arg, bool):
                raise PatternError(f"{attr.upper()} {op} takes a number")
            cmp = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b,
                   ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b,
                   ">": lambda a, b: a > b, "<": lambda a, b: a < b}[op]
            if attr != "length":
                raise PatternError(f"{op} compares numbers: use it with LENGTH")
            tests.append(lambda w, c=cmp, a=arg: c(get(w), a))
        else:
            raise PatternError(f"operator {op!r} is not supported "
                               "(IN, NOT_IN, REGEX, ==, !=, >=, <=, >, <)")
    return (lambda w: all(t(w) for t in tests)), literals


def parse_token(tok: object) -> TokenSpec:
    """One token dict of a pattern as a TokenSpec; PatternError says what is wrong."""
    if not isinstance(tok, dict):
        raise PatternError("a token is a JSON object such as {\"lower\": \"iraq\"}")
    tests: list[Test] = []
    least = most = 1
    negated = False
    literals = None
    for key, value in tok.items():
        attr = str(key).lower()
        if attr == "op":
            least, most, negated = _quantity(value)
        elif attr in _VALUES:
            test, lits = _compare(attr, value)
            tests.append(test)
            if lits is not None:
                literals = lits if literals is None else literals & lits
        elif attr in _NEEDS_MODEL:
            raise PatternError(f"{key} needs a trained spaCy pipeline, which suggestions "
                               "do not run")
        else:
            raise PatternError(f"attribute {key!r} is not supported")
    if negated or least == 0:
        literals = None  # the token may be absent or anything else: no anchor
    return TokenSpec(tuple(tests), least, most, negated, literals)
