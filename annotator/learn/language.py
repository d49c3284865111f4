"""Which language a model is trained for when `--lang` is not given: the one most of the
training documents are written in (their `meta.lang`, set at import), else English.

The language sets spaCy's lexical rules (stop words, number words, shapes); the words
themselves are always cut by our tokenizer. A language spaCy cannot set up without an
extra package (Japanese, Korean, Thai...) falls back to its multi-language `xx`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.formats.language import primary_subtag

DEFAULT = "en"
MULTI = "xx"  # spaCy's multi-language class
_NOT_A_LANGUAGE = frozenset({"und", "zxx", "mul", "mis"})


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    lang: str
    reason: str  # for the user: where the language came from


def documents_language(langs: Iterable[str | None]) -> LanguageChoice:
    """The most common language of the documents (one `meta.lang` each, None when unknown;
    ties go to the alphabetically first code), else English."""
    counts = Counter(code for code in map(_code, langs) if code)
    if not counts:
        return LanguageChoice(DEFAULT, "no training document has a meta.lang: the default")
    lang, n = min(counts.items(), key=lambda item: (-item[1], item[0]))
    total = sum(counts.values())
    return LanguageChoice(lang, f"meta.lang of {n} of the {total} training document(s) "
                                "with a language")


def choose(langs: Iterable[str | None], given: str | None = None) -> LanguageChoice:
    """`--lang` when given; else the documents' language, one spaCy can set up."""
    if given:
        return LanguageChoice(given, "--lang")
    choice = documents_language(langs)
    if choice.lang != DEFAULT and not spacy_has(choice.lang):
        return LanguageChoice(MULTI, f"{choice.reason}, {choice.lang!r}, which spaCy cannot "
                                     "set up here: its multi-language rules")
    return choice


def spacy_has(lang: str) -> bool:
    """Whether `spacy.blank(lang)` works with what is installed (some languages need an
    extra word segmenter)."""
    import spacy

    try:
        spacy.blank(lang)
    except (ImportError, KeyError, ValueError, OSError):
        return False
    return True


def _code(lang: str | None) -> str | None:
    code = primary_subtag(lang) if isinstance(lang, str) else None
    return None if code in _NOT_A_LANGUAGE else code
