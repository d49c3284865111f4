"""What every suggester returns: a `Suggestion`, never an annotation until accepted.

Offsets are code points, end exclusive, like every span (`text[start:end]`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class SpeakerHint(NamedTuple):
    """The actor a quote suggestion names as its speaker (an ACTOR span once accepted)."""

    start: int
    end: int
    text: str
    entity: str | None = None  # a registry entity whose name or alias this is


@dataclass(slots=True)
class Suggestion:
    """A proposed span. `source` is "quotes", "registry", "patterns:FILE" or "model:VERSION"."""

    start: int
    end: int
    label: str
    source: str
    attrs: dict[str, Any] = field(default_factory=dict)
    speaker: SpeakerHint | None = None
    entity: str | None = None
    confidence: float | None = None  # a model's probability (0..1); rules give none

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)

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
        if self.speaker is not None:
            sp = {"start": self.speaker.start, "end": self.speaker.end, "text": self.speaker.text}
            if self.speaker.entity is not None:
                sp["entity"] = self.speaker.entity
            out["speaker"] = sp
        elif self.label == "QUOTE":
            out["speaker"] = None
        return out


def drop_existing(suggestions: Iterable[Suggestion], spans: Iterable[Any]) -> list[Suggestion]:
    """Leave out suggestions an existing span (anything with start, end, label) already is."""
    have = {(s.start, s.end, s.label) for s in spans}
    return [s for s in suggestions if s.key not in have]


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
