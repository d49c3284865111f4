"""Actor search for the actor field: every keystroke, over registries of many thousands.

Names and aliases are normalized once (case folded, a leading "the" dropped, see
`core.actor_match`) and kept per open store until the registry changes; a registry change
from any connection shows in a cheap fingerprint (row count, newest stamp, total length),
so the next search rebuilds. A search is then plain `str.find` over the cached names.
"""

from __future__ import annotations

import heapq
import weakref
from dataclasses import dataclass

import orjson

from annotator.core.actor_match import ANYWHERE, EXACT, PREFIX, WORD, normalize
from annotator.core.model import Entity
from annotator.store.store import Store

_COLS = "id, name, kind, aliases, updated_at"


@dataclass(slots=True)
class _Index:
    fingerprint: tuple
    entities: list[Entity]
    surfaces: list[list[str]]  # normalized name first, then aliases, per entity


_CACHE: weakref.WeakKeyDictionary[Store, _Index] = weakref.WeakKeyDictionary()


def _index(store: Store) -> _Index:
    fingerprint = tuple(store.conn.execute(
        "SELECT count(*), max(updated_at), total(length(name) + length(aliases)), "
        "total(deleted), count(merged_into) FROM entities").fetchone())
    cached = _CACHE.get(store)
    if cached is not None and cached.fingerprint == fingerprint:
        return cached
    entities, surfaces = [], []
    for eid, name, kind, aliases, updated in store.conn.execute(
            f"SELECT {_COLS} FROM entities WHERE deleted = 0 AND merged_into IS NULL"):
        alias_list = orjson.loads(aliases)
        entities.append(Entity(name, kind, alias_list, eid, updated))
        surfaces.append([normalize(s) for s in (name, *alias_list)])
    index = _Index(fingerprint, entities, surfaces)
    _CACHE[store] = index
    return index


def _rank(query: str, surfaces: list[str]) -> int | None:
    best = None
    for norm in surfaces:
        pos = norm.find(query)
        if pos < 0:
            continue
        if norm == query:
            return EXACT
        here = PREFIX if pos == 0 else WORD if not norm[pos - 1].isalnum() else ANYWHERE
        best = here if best is None else min(best, here)
    return best


def search_entities(store: Store, text: str, limit: int = 20) -> list[Entity]:
    """Live actors whose name or an alias holds `text` anywhere, case-blind and with a
    leading "the" ignored: exact names first, then names starting with it, then word
    starts, then the rest; within each the most mentioned, then by name."""
    query = normalize(text)
    if not query:
        return []
    index = _index(store)
    found = []
    best = [0, 0, 0, 0]  # how many matches of each rank
    for ent, surfaces in zip(index.entities, index.surfaces, strict=True):
        if not any(query in norm for norm in surfaces):
            continue
        how = _rank(query, surfaces)
        best[how] += 1
        found.append((how, ent))
    if not found:
        return []
    total, cutoff = 0, ANYWHERE  # counts matter only up to the rank the limit reaches
    for how, n in enumerate(best):
        total += n
        if total >= limit:
            cutoff = how
            break
    ranked = [f for f in found if f[0] <= cutoff]
    if len(ranked) > 500:  # one pass over the mention index beats many look-ups
        counts = dict(store.conn.execute(
            "SELECT entity, count(*) FROM spans WHERE deleted = 0 AND entity IS NOT NULL "
            "GROUP BY entity"))
    else:
        ids = [e.id for _how, e in ranked]
        counts = dict(store.conn.execute(
            f"SELECT entity, count(*) FROM spans WHERE deleted = 0 AND entity IN "
            f"({','.join('?' * len(ids))}) GROUP BY entity", ids))
    top = heapq.nsmallest(limit, ranked, key=lambda f: (f[0], -counts.get(f[1].id, 0),
                                                        f[1].name.casefold(), f[1].id))
    return [e for _how, e in top]


def find_actor(store: Store, name: str) -> Entity | None:
    """The live actor whose name or alias is `name` (case and a leading "the" ignored);
    its own name beats another actor's alias, then the most mentioned wins."""
    query = normalize(name)
    best = None
    for ent in search_entities(store, name, 50):
        if normalize(ent.name) == query:
            return ent
        if best is None and any(normalize(a) == query for a in ent.aliases):
            best = ent
    return best
