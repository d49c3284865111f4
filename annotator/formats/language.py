"""The language of an imported article (`meta.lang`), by py3langid: a small model shipped
inside the package (no download), about 0.1 ms an article once loaded (0.8 s, once)."""

from __future__ import annotations

import threading

_SAMPLE = 3000  # characters: enough for a confident guess, cheap on a 1 MB article
_LOCK = threading.Lock()
_IDENTIFIER = None
RTL = frozenset({"ar", "fa", "he", "ur", "ps", "ug", "yi", "dv", "ckb", "sd"})


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
    declared = primary_subtag(hint)
    if declared and (confidence < 0.5 or len(sample.split()) < 12):
        return declared
    return lang


def is_rtl(lang: str | None) -> bool:
    """Whether text in this language is laid out right to left."""
    return (lang or "") in RTL
