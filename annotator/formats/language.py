"""The language of an imported article (`meta.lang`), by py3langid: a small model shipped
inside the package (no download), about 0.25 ms an article once loaded (0.5 s, once).

Text, pages, feeds and archives detect it in their readers; every other import gets it
from `fill`, which the import pipeline calls for each record (docs/ingest.md, "Language")."""

from __future__ import annotations

import threading

from annotator.core.format_extras import mark_detected
from annotator.core.model import Document

_SAMPLE = 1000  # characters: a news article's first paragraphs are enough for a confident
# guess (py3langid reads byte by byte in Python: 3,000 took 0.54 ms an article, 1,000 0.23)
_LOCK = threading.Lock()
_IDENTIFIER = None
RTL = frozenset({"ar", "arz", "ary", "fa", "he", "hbo", "ur", "ps", "ug", "yi", "dv", "ckb",
                 "sd", "sdh"})
# The model tells some varieties apart (Egyptian and Moroccan Arabic, Cantonese...); a short
# or mixed news text is easily put under one of them, and what the window and training need
# is the language: the macrolanguage's ISO 639-1 code.
MACROLANGUAGE = {"arz": "ar", "ary": "ar", "uzs": "uz", "wuu": "zh", "yue": "zh"}


def _identifier():
    global _IDENTIFIER
    with _LOCK:
        if _IDENTIFIER is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER


def primary_subtag(tag: str | None) -> str | None:
    """`en-GB` -> `en`; None for an empty or odd tag."""
    code = (tag or "").strip().replace("_", "-").split("-")[0].lower()
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


def detect(text: str, hint: str | None = None) -> str | None:
    """An ISO 639-1 code for `text`; a page's declared language (`hint`) wins when the
    text is too short for the model to be sure."""
    sample = text[:_SAMPLE]
    if not any(ch.isalpha() for ch in sample):
        return primary_subtag(hint)
    lang, confidence = _identifier().classify(sample)
    lang = MACROLANGUAGE.get(lang, lang)
    declared = primary_subtag(hint)
    if declared and (confidence < 0.5 or len(sample.split()) < 12):
        return declared
    return lang


def is_rtl(lang: str | None) -> bool:
    """Whether text in this language (`ar`, `ar-EG`, `fa_IR`...) is laid out right to left."""
    return primary_subtag(lang if isinstance(lang, str) else None) in RTL


def fill(doc: Document, mark: bool) -> None:
    """Give an imported document `meta.lang` when its reader did not.

    A `lang` the record carries (even null) is the file's data: kept as it is. Otherwise
    the language is the record's own `language` field when that is a language code, else
    detected from the text. `mark` (formats whose records carry their own metadata: JSONL,
    Prodigy, doccano, Label Studio, spaCy) records that the file did not give it, so every
    exporter leaves it out and the file comes back as it was read (core.format_extras).
    """
    meta = doc.meta
    if "lang" in meta:
        return
    declared = meta.get("language")
    declared = primary_subtag(declared) if isinstance(declared, str) else None
    lang = declared if declared and len(declared) == 2 else detect(doc.text, declared)
    if lang is None:
        return  # no letters at all: no language to tell
    meta["lang"] = lang
    if mark:
        mark_detected(meta, "lang")
