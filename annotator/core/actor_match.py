"""Matching what an analyst types against actor names and aliases.

"the Pentagon" must find "Pentagon", "pentagon" must find "The Pentagon", and "Hussein"
must find "Fuad Hussein": names are compared case-blind, with a leading "the" and extra
spaces ignored, and a query matches anywhere in a name. Pure functions, so the store's
search and the window's completer rank the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_THE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")

EXACT, PREFIX, WORD, ANYWHERE = range(4)


def normalize(name: str) -> str:
    """The comparable form of a name: case folded, one space between words, no "the"."""
    name = _SPACES.sub(" ", name.strip())
    name = _THE.sub("", name)
    return name.casefold()


def rank(query: str, surfaces: Iterable[str]) -> int | None:
    """How well a normalized `query` matches the best of `surfaces` (names, aliases):
    EXACT, PREFIX (a name starts with it), WORD (a word of a name starts with it),
    ANYWHERE; None when none holds it."""
    if not query:
        return None
    best = None
    for surface in surfaces:
        norm = normalize(surface)
        pos = norm.find(query)
        if pos < 0:
            continue
        if norm == query:
            return EXACT
        if pos == 0:
            here = PREFIX
        elif not norm[pos - 1].isalnum():
            here = WORD
        else:
            here = ANYWHERE
        best = here if best is None else min(best, here)
    return best
