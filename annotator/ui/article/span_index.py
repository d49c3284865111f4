"""The spans of the open document, indexed by position so painting one block, a tooltip
or a click finds its spans without scanning thousands (plain Python, no Qt)."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable

from annotator.core.model import Span


class SpanIndex:
    def __init__(self, spans: Iterable[Span] = ()):
        self._by_id: dict[str, Span] = {s.id: s for s in spans}
        self._keys = sorted((s.start, s.end, s.label, s.id) for s in self._by_id.values())
        # an upper bound on span length, so a range query only looks back that far
        self._maxlen = max((s.end - s.start for s in self._by_id.values()), default=0)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self):
        return (self._by_id[k[3]] for k in self._keys)

    def get(self, span_id: str) -> Span | None:
        return self._by_id.get(span_id)

    def put(self, span: Span) -> Span | None:
        """Insert or replace a span; returns the previous version."""
        old = self.remove(span.id)
        self._by_id[span.id] = span
        insort(self._keys, (span.start, span.end, span.label, span.id))
        self._maxlen = max(self._maxlen, span.end - span.start)
        return old

    def remove(self, span_id: str) -> Span | None:
        old = self._by_id.pop(span_id, None)
        if old is not None:
            i = bisect_left(self._keys, (old.start, old.end, old.label, old.id))
            del self._keys[i]
        return old

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans sharing at least one character with [start, end)."""
        lo = bisect_left(self._keys, (start - self._maxlen,))
        hi = bisect_left(self._keys, (end,))
        return [self._by_id[k[3]] for k in self._keys[lo:hi] if k[1] > start]

    def at(self, pos: int) -> list[Span]:
        """Spans covering the character at `pos`, innermost (shortest) first."""
        return sorted(self.overlapping(pos, pos + 1), key=lambda s: (s.end - s.start, s.start))
