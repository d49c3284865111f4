"""Merged-away actors as redirects: what an old id stands for today.

`merge_entities` keeps the merged actor's row with `merged_into`; this module lists those
redirects (the `entities` export writes them) and rewrites imported spans that name an old
id to its survivor, so a file exported before a merge still lands on the right actor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from annotator.core.model import AnnotatedDocument, Entity
from annotator.store.entities import _COLS, _entity_from_row, resolve
from annotator.store.store import Store


def redirects(store: Store) -> list[tuple[Entity, str]]:
    """Every merged-away actor with the live actor it now resolves to (chains followed),
    by name; one whose survivor is gone is left out."""
    out = []
    for row in store.conn.execute(
            f"SELECT {_COLS} FROM entities WHERE deleted = 0 AND merged_into IS NOT NULL"):
        entity = _entity_from_row(row)
        survivor = resolve(store, entity.id)
        if survivor is not None:
            out.append((entity, survivor))
    out.sort(key=lambda r: (r[0].name.casefold(), r[0].id))
    return out


def redirect_entities(store: Store) -> list[Entity]:
    """The merged-away actors as entities whose `merged_into` is their live survivor."""
    out = []
    for entity, survivor in redirects(store):
        entity.merged_into = survivor
        out.append(entity)
    return out


class Resolver:
    """Maps entity ids through the registry's redirects, remembering each answer."""

    def __init__(self, store: Store):
        self.store = store
        self._cache: dict[str, str] = {}
        self.redirected = 0  # spans rewritten to a survivor

    def __call__(self, entity_id: str) -> str:
        if entity_id not in self._cache:
            survivor = resolve(self.store, entity_id)
            self._cache[entity_id] = survivor if survivor is not None else entity_id
        return self._cache[entity_id]

    def records(self, records: Iterable[AnnotatedDocument]) -> Iterator[AnnotatedDocument]:
        """The records with every span's entity replaced by what it resolves to."""
        for rec in records:
            for span in rec.spans:
                if span.entity is not None:
                    target = self(span.entity)
                    if target != span.entity:
                        span.entity = target
                        self.redirected += 1
            yield rec
