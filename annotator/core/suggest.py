"""Suggestions for a document: quotes with speakers, registry actors, pattern matches.

Pure functions over a document's text (no store, no Qt), so the window can run them off
its UI thread and the command line over a whole corpus. Build a `Suggester` once (it
compiles the registry and the patterns), then call `suggest(text, existing)` per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.core.model import Entity
from annotator.core.suggest_base import SpeakerHint, Suggestion, drop_existing
from annotator.core.suggest_patterns import Pattern, PatternMatcher, load_patterns
from annotator.core.suggest_quotes import suggest_quotes
from annotator.core.suggest_registry import RegistryMatcher

__all__ = ["SpeakerHint", "Suggester", "Suggestion", "drop_existing", "load_patterns",
           "suggest_document"]


class Suggester:
    """Every suggestion source, compiled once for many documents."""

    def __init__(self, entities: Iterable[Entity] = (),
                 pattern_sets: Sequence[tuple[str, list[Pattern]]] = (),
                 quotes: bool = True):
        entities = [e for e in entities if e.id is not None]
        self.known_entities = {e.id for e in entities}
        self.registry = RegistryMatcher(entities)
        self.patterns = [PatternMatcher(pats, f"patterns:{name}") for name, pats in pattern_sets]
        self.quotes = quotes

    def _with_entity(self, hint: SpeakerHint) -> SpeakerHint:
        if hint.entity is None:
            ent = self.registry.entity_for(hint.text)
            if ent is not None:
                return hint._replace(entity=ent)
        return hint

    @classmethod
    def from_files(cls, entities: Iterable[Entity] = (),
                   pattern_files: Iterable[str | Path] = ()) -> Suggester:
        """Patterns read from files; each source is named `patterns:FILENAME`."""
        sets = [(Path(p).name, load_patterns(p)) for p in pattern_files]
        return cls(entities, sets)

    def suggest(self, text: str, existing: Iterable[Any] = (),
                rejected: Iterable[tuple[int, int, str]] = ()) -> list[Suggestion]:
        """All suggestions for `text`, sorted by (start, end, label), leaving out what is
        already labelled (an `existing` span of the same label overlaps it) and what the
        analyst `rejected` ((start, end, label) keys)."""
        out: list[Suggestion] = []
        if self.quotes:
            for s in suggest_quotes(text):
                s.speaker, *more = [self._with_entity(h) for h in s.speakers] or [None]
                s.more_speakers = more
                out.append(s)
        out.extend(self.registry.suggest(text))
        for matcher in self.patterns:
            for s in matcher.suggest(text):
                if s.entity not in self.known_entities:
                    s.entity = None  # a pattern id that names no registry actor (yet)
                out.append(s)
        out = drop_existing(out, existing, rejected)
        seen: set[tuple[int, int, str]] = set()
        unique = []
        for s in sorted(out, key=lambda s: (s.start, s.end, s.label)):
            if s.key not in seen:  # the first source to find a span keeps it
                seen.add(s.key)
                unique.append(s)
        return unique


def suggest_document(text: str, entities: Iterable[Entity] = (),
                     patterns: Sequence[tuple[str, list[Pattern]]] = (),
                     existing: Iterable[Any] = ()) -> list[Suggestion]:
    """One-off convenience: build a Suggester and run it on one text."""
    return Suggester(entities, patterns).suggest(text, existing)
