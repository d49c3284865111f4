"""Active ordering ("most useful next"): the analyst's unlabelled documents, the ones the
model is least sure of first (uncertainty: `suggest_model`), then every other document in
list order.

Scoring runs the model's beam over each unlabelled article, about a tenth of a second for a
news article, so it runs on a worker (the window) or with a progress line (tests, scripts);
at most `LIMIT` unlabelled documents are scored, the rest follow in list order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from annotator.core.jobs import CancelToken
from annotator.learn.suggest_model import ModelSuggester
from annotator.store import Store

LIMIT = 2000
BATCH = 16


def unlabelled(store: Store, annotator: str, pks: Sequence[int]) -> list[int]:
    """Those of `pks` the analyst has not started (status new) in their own layer."""
    new = set(store.document_pks(annotator=annotator, statuses=["new"]))
    return [pk for pk in pks if pk in new]


def score_documents(store: Store, suggester: ModelSuggester, pks: Sequence[int],
                    progress: Callable[[int, int], None] | None = None,
                    cancel: CancelToken | None = None) -> dict[int, float]:
    """pk -> uncertainty for these documents (read in batches)."""
    scores: dict[int, float] = {}
    for i in range(0, len(pks), BATCH):
        if cancel is not None:
            cancel.check()
        chunk = list(pks[i:i + BATCH])
        texts = [store.document(pk).text for pk in chunk]
        for pk, u in zip(chunk, suggester.uncertainty(texts), strict=True):
            scores[pk] = u
        if progress is not None:
            progress(min(i + BATCH, len(pks)), len(pks))
    return scores


def most_useful_order(pks: Sequence[int], scores: dict[int, float]) -> list[int]:
    """Scored documents first, most uncertain first (ties: list order), then the rest."""
    position = {pk: i for i, pk in enumerate(pks)}
    scored = sorted((pk for pk in pks if pk in scores),
                    key=lambda pk: (-scores[pk], position[pk]))
    return scored + [pk for pk in pks if pk not in scores]


def rank(store: Store, suggester: ModelSuggester, annotator: str,
         progress: Callable[[int, int], None] | None = None,
         cancel: CancelToken | None = None) -> dict[int, float]:
    """Uncertainty of the analyst's unlabelled documents (the first `LIMIT` of them)."""
    todo = unlabelled(store, annotator, store.document_pks())[:LIMIT]
    return score_documents(store, suggester, todo, progress, cancel)
