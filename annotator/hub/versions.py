"""Which of two versions of a row wins: the rule of `annotator merge`, for hub rows.

Spans and links use merge's own version keys. Layers, entities and decisions repeat the
keys merge compares inline (merge.py keeps them inside its functions): later update time
first, then the tie-breakers merge uses, so sync and merge never disagree.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.model import REVIEW_RANK, STATUS_RANK
from annotator.store.merge_annotations import _rel_version, _span_version
from annotator.store.merge_annotations import s_ as _s
from annotator.store.rows import RelationRow, SpanRow


def _layer(r: tuple) -> tuple:  # (doc, annotator, status, updated_at)
    return (_s(r[3]), STATUS_RANK.get(r[2], 0))


def _entity(r: tuple) -> tuple:  # ENT_SQL layout
    return (_s(r[6]), r[7], r[1], _s(r[2]), _s(r[3]), _s(r[4]))


def _decision(r: tuple) -> tuple:  # DEC_SQL layout
    return (_s(r[6]), r[3], _s(r[4]), _s(r[5]))


def _document_review(r: tuple) -> tuple:  # (.., review_status, reviewer, reviewed_at)
    return (_s(r[9]), REVIEW_RANK.get(r[7], 0), _s(r[8]))


VERSION: dict[str, Callable[[tuple], tuple]] = {
    "spans": lambda r: _span_version(SpanRow._make(r)),
    "relations": lambda r: _rel_version(RelationRow._make(r)),
    "layers": _layer,
    "entities": _entity,
    "decisions": _decision,
    "documents": _document_review,
}


def wins(kind: str, ours: tuple, theirs: tuple | None) -> bool:
    """True when our row should replace the hub's (or the hub has none)."""
    if theirs is None:
        return True
    key = VERSION[kind]
    return key(ours) > key(theirs)
