"""What every suggester returns: a `Suggestion`, never an annotation until accepted.

Offsets are code points, end exclusive, like every span (`text[start:end]`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, NamedTuple


class SpeakerHint(NamedTuple):
    """The actor a quote suggestion names as its speaker (an ACTOR span once accepted)."""

    start: int
    end: int
    text: str
    entity: str | None = None  # a registry entity whose name or alias this is
    title: str | None = None  # the title left out of the name ("Foreign Minister")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.entity is not None:
            out["entity"] = self.entity
        if self.title is not None:
            out["title"] = self.title
        return out


@dataclass(slots=True)
class Suggestion:
    """A proposed span. `source` is "quotes", "registry", "patterns:FILE" or
    "model:VERSION" (whose `confidence` is the model's probability, 0..1; rules give none).

    A quote names its speaker (`speaker`), and every further one of a coordinated subject
    in `more_speakers`. `pattern_id` is the `id` of the pattern that found the span, kept
    even when no registry actor has it yet (accepting can create that actor).
    """

    start: int
    end: int
    label: str
    source: str
    attrs: dict[str, Any] = field(default_factory=dict)
    speaker: SpeakerHint | None = None
    entity: str | None = None
    pattern_id: str | None = None
    more_speakers: list[SpeakerHint] = field(default_factory=list)
    confidence: float | None = None  # a model's probability (0..1); rules give none

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)

    @property
    def speakers(self) -> list[SpeakerHint]:
        """Every speaker the suggestion names, in text order."""
        return [] if self.speaker is None else [self.speaker, *self.more_speakers]

    def to_json(self, doc_id: str | None = None, text: str | None = None) -> dict[str, Any]:
        """The shape `annotator suggest --json` prints (one object a line)."""
        out: dict[str, Any] = {}
        if doc_id is not None:
            out["doc"] = doc_id
        out.update(start=self.start, end=self.end, label=self.label, source=self.source)
        if text is not None:
            out["text"] = text[self.start:self.end]
        if self.attrs:
            out["attrs"] = dict(self.attrs)
        if self.entity is not None:
            out["entity"] = self.entity
        if self.confidence is not None:
            out["confidence"] = self.confidence
        if self.pattern_id is not None:
            out["pattern_id"] = self.pattern_id
        if self.speaker is not None:
            out["speaker"] = self.speaker.to_json()
            if self.more_speakers:
                out["speakers"] = [sp.to_json() for sp in self.speakers]
        elif self.label == "QUOTE":
            out["speaker"] = None
        return out


def drop_existing(suggestions: Iterable[Suggestion], spans: Iterable[Any],
                  rejected: Iterable[tuple[int, int, str]] = ()) -> list[Suggestion]:
    """Leave out what is already labelled: a suggestion that an existing span (anything
    with start, end, label) of the same label overlaps (it is there, perhaps with other
    bounds: "Pentagon" inside the ACTOR "The Pentagon"), and one the analyst rejected
    ((start, end, label) keys)."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for s in spans:
        ranges.setdefault(s.label, []).append((s.start, s.end))
    # Per label: span starts in order, and the furthest end reached up to each of them,
    # so "does any span of this label overlap [a, b)" is one bisection.
    starts: dict[str, list[int]] = {}
    reach: dict[str, list[int]] = {}
    for label, spans_of in ranges.items():
        spans_of.sort()
        starts[label] = [a for a, _b in spans_of]
        reach[label] = list(accumulate((b for _a, b in spans_of), max))
    gone = set(rejected)
    out = []
    for s in suggestions:
        if s.key in gone:
            continue
        if s.label in starts:
            i = bisect_left(starts[s.label], s.end)
            if i and reach[s.label][i - 1] > s.start:
                continue
        out.append(s)
    return out


def non_overlapping(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Keep the earliest, then longest, of overlapping suggestions; sorted by start."""
    ordered = sorted(suggestions, key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Suggestion] = []
    last_end = -1
    for s in ordered:
        if s.start >= last_end:
            kept.append(s)
            last_end = s.end
    return kept
