"""Suggestions an analyst rejected, per document and layer, kept in the database.

A rejected suggestion is never offered again (the window, `annotator suggest`) and never
created behind the analyst's back: accepting a quote whose speaker was rejected as an
ACTOR does not bring that ACTOR back. Keys are (start, end, label) in code points.
No annotation changes, so no Change is announced: the suggestion list that rejects
refreshes itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.ids import now
from annotator.store.store import Store

Key = tuple[int, int, str]


def rejected(store: Store, doc: int, annotator: str) -> set[Key]:
    """The (start, end, label) of every suggestion rejected in this layer."""
    return {(a, b, lab) for a, b, lab in store.conn.execute(
        'SELECT start, "end", label FROM rejected_suggestions WHERE doc = ? AND '
        "annotator = ?", (doc, annotator))}


def reject(store: Store, doc: int, annotator: str, keys: Iterable[Key]) -> list[Key]:
    """Remember these suggestions as rejected; returns those newly rejected (what the
    undo, `unreject`, takes back)."""
    keys = list(dict.fromkeys(keys))
    stamp = now()
    added = []
    with store.write() as conn:
        for start, end, label in keys:
            cur = conn.execute(
                'INSERT OR IGNORE INTO rejected_suggestions (doc, annotator, start, "end", '
                "label, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (doc, annotator, start, end, label, stamp))
            if cur.rowcount:
                added.append((start, end, label))
    return added


def unreject(store: Store, doc: int, annotator: str, keys: Iterable[Key]) -> None:
    """Offer these suggestions again (the undo of `reject`)."""
    with store.write() as conn:
        conn.executemany(
            'DELETE FROM rejected_suggestions WHERE doc = ? AND annotator = ? AND start = ? '
            'AND "end" = ? AND label = ?', [(doc, annotator, *k) for k in keys])
