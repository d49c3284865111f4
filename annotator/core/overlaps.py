"""Choosing spans for formats that cannot hold overlaps (CoNLL, Hugging Face, spaCy ents).

The rule: longest spans first (ties: earlier start, then label name), each kept when it
overlaps nothing kept so far. What is left out is counted per label so the export can say
so: nothing is dropped silently.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import Any, TypeVar

T = TypeVar("T")


def longest_non_overlapping(spans: list[T]) -> tuple[list[T], Counter]:
    """(kept spans in document order, Counter of left-out spans per label).

    Works on anything with `start`, `end` (exclusive) and `label`.
    """
    if len(spans) < 2:
        return list(spans), Counter()
    order = sorted(range(len(spans)), key=lambda i: (
        -(spans[i].end - spans[i].start), spans[i].start, spans[i].label))
    starts: list[int] = []  # kept intervals, sorted by start (they never overlap)
    ends: list[int] = []
    kept_idx: list[int] = []
    dropped: Counter = Counter()
    for i in order:
        s: Any = spans[i]
        pos = bisect_left(starts, s.start)
        clash = (pos > 0 and ends[pos - 1] > s.start) or (
            pos < len(starts) and starts[pos] < s.end)
        if clash:
            dropped[s.label] += 1
            continue
        starts.insert(pos, s.start)
        ends.insert(pos, s.end)
        kept_idx.append(i)
    kept = [spans[i] for i in kept_idx]
    kept.sort(key=lambda s: (s.start, s.end, s.label))
    return kept, dropped


def fit_spans(tokens: list, spans: list) -> tuple[list, Counter, int, int]:
    """Spans for a one-tag-per-token format: snapped onto `tokens`, then the longest
    non-overlapping kept. Returns (kept TokenSpans, left out per label, snapped, unplaced)."""
    from annotator.core.tokenize import snap_spans

    placed, snapped, unplaced = snap_spans(tokens, spans)
    kept, dropped = longest_non_overlapping(placed)
    return kept, dropped, snapped, unplaced
