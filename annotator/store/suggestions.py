"""Accepting a suggestion: it becomes annotations in ONE transaction.

The window's undo command calls `accept` and undoes it by deleting exactly what it returns
(`Store.delete_span` / `Store.delete_relation`), and redoes it by restoring those ids.
"""

from __future__ import annotations

from annotator.core.errors import DataError
from annotator.core.schema import ACTOR, SPEAKER
from annotator.core.suggest_base import Suggestion
from annotator.store.store import Store

SPEAKER_RELATION = SPEAKER
SPEAKER_LABEL = ACTOR


def accept(store: Store, doc: int, annotator: str, suggestion: Suggestion,
           with_speaker: bool = True) -> tuple[list[str], str | None]:
    """Add the suggested span (and, for a quote, its speaker ACTOR span and the SPEAKER
    link) to `annotator`'s layer of document `doc`.

    Returns (span ids created, relation id created or None): only what this call created,
    so deleting those undoes it. An ACTOR span already at the speaker's offsets is reused
    (and not returned). A span already at the suggestion's own offsets is refused: the
    suggestion is no longer new.
    """
    created: list[str] = []
    relation_id = None
    speaker = suggestion.speaker if with_speaker else None
    with store.write():
        span = store.add_span(doc, annotator, suggestion.start, suggestion.end,
                              suggestion.label, dict(suggestion.attrs), suggestion.entity)
        created.append(span.id)
        if speaker is not None:
            if store.schema().relation(SPEAKER_RELATION) is None:
                raise DataError(f"the schema has no {SPEAKER_RELATION} relation")
            actor_id = store.span_at(doc, annotator, speaker.start, speaker.end,
                                     SPEAKER_LABEL)
            if actor_id is None:
                actor = store.add_span(doc, annotator, speaker.start, speaker.end,
                                       SPEAKER_LABEL, None, speaker.entity)
                actor_id = actor.id
                created.append(actor_id)
            relation_id = store.add_relation(span.id, actor_id, SPEAKER_RELATION).id
    return created, relation_id


def undo_accept(store: Store, span_ids: list[str], relation_id: str | None) -> None:
    """Take back what `accept` created, in one transaction."""
    with store.write():
        if relation_id is not None:
            store.delete_relation(relation_id)
        for sid in reversed(span_ids):
            store.delete_span(sid)


def redo_accept(store: Store, span_ids: list[str], relation_id: str | None) -> None:
    """Bring back what `undo_accept` took back, in one transaction."""
    with store.write():
        for sid in span_ids:
            store.restore_span(sid)
        if relation_id is not None:
            store.restore_relation(relation_id)
