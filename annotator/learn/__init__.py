"""Model-assisted labelling: train a spaCy pipeline on the team's own labels, score it,
and use it for suggestions and for choosing the most useful document next.

No Qt here; it reads through `annotator.store` and `annotator.core` and nothing in store or
formats imports it. spaCy is optional (`pip install "annotator[model]"`): every entry point
calls `require_spacy()` first, which explains how to install it.
"""

from __future__ import annotations

from annotator.core.errors import AnnotatorError

INSTALL_HINT = 'model training needs spaCy: pip install "annotator[model]"'


class SpacyMissing(AnnotatorError):
    """spaCy is not installed; the message says how to install it (exit status 1)."""


def spacy_available() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("spacy") is not None
    except (ImportError, ValueError):  # a broken or blocked install counts as missing
        return False


def require_spacy() -> None:
    if not spacy_available():
        raise SpacyMissing(INSTALL_HINT)
