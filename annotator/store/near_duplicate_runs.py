"""The band rows of one import held in memory until the end of its transaction.

Inserting random 63-bit keys into the B-tree as each document arrives touches a page per
row; held back, the rows are written once, sorted, at the end (`NearDuplicateIndex.flush`),
which on an empty index is an append. Meanwhile look-ups must see them: the rows are kept
as sorted numpy runs merged like a binary counter (a run is merged into the one before
when that one is at most twice its size), so a batch of look-ups is a `searchsorted` per
run (a handful) and the whole import's merging costs O(n log n) in C, at 16 bytes a row
(a dict of Python ints would take about ten times the memory).
"""

from __future__ import annotations

import numpy as np

_EMPTY = np.zeros(0, dtype=np.int64)


def matches(keys: np.ndarray, docs: np.ndarray, query: np.ndarray,
            ) -> tuple[np.ndarray, np.ndarray]:
    """Every (query index, doc) whose key in the sorted `keys` equals a query key. The
    query is sorted too: `searchsorted` then walks the run instead of jumping about."""
    if not len(keys) or not len(query):
        return _EMPTY, _EMPTY
    lo = np.searchsorted(keys, query, "left")
    hit = np.flatnonzero(keys[np.minimum(lo, len(keys) - 1)] == query)
    if not len(hit):
        return _EMPTY, _EMPTY
    lo = lo[hit]
    n = np.searchsorted(keys, query[hit], "right") - lo
    at = np.repeat(hit, n)  # a key shared by k documents gives k pairs
    first = np.repeat(lo - np.cumsum(n) + n, n)
    return at, docs[first + np.arange(len(at))]


class PendingRows:
    """Band rows (key, doc) not yet written, as sorted runs; and the packed signatures."""

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []
        self.signatures: dict[int, bytes] = {}

    def __len__(self) -> int:
        """Documents pending."""
        return len(self.signatures)

    def add(self, keys: np.ndarray, docs: np.ndarray) -> None:
        """Add rows (any order); merge runs while the newest is at least half its elder."""
        if not len(keys):
            return
        order = np.argsort(keys, kind="stable")
        self.runs.append((keys[order], docs[order]))
        runs = self.runs
        while len(runs) > 1 and len(runs[-2][0]) <= 2 * len(runs[-1][0]):
            (k1, d1), (k2, d2) = runs.pop(), runs.pop()
            k, d = np.concatenate((k2, k1)), np.concatenate((d2, d1))
            order = np.argsort(k, kind="stable")  # two sorted runs: a linear merge
            runs.append((k[order], d[order]))

    def matches(self, query: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """(query index, doc) pairs of every run, for the query keys."""
        return [matches(k, d, query) for k, d in self.runs]

    def sorted_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """All rows ordered by (key, doc): the B-tree's order, written with few page splits."""
        if not self.runs:
            return _EMPTY, _EMPTY
        keys = np.concatenate([k for k, _d in self.runs])
        docs = np.concatenate([d for _k, d in self.runs])
        order = np.lexsort((docs, keys))
        return keys[order], docs[order]

    def clear(self) -> None:
        self.runs.clear()
        self.signatures.clear()
