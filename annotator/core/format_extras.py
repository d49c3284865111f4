"""The one key of a document's `meta` where an interchange format keeps what the database has
no column for (see annotator/formats/extras.py), and how a later import of another analyst's
layer of the same document adds its part. Here, in core, because the store merges it."""

from __future__ import annotations

from typing import Any

EXTRAS = "_format"


def merge_extras(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any] | None:
    """The stored meta with a later import's extras added, or None when nothing changes:
    another layer's entry, and records a format lists per document (`tasks`: Prodigy
    files hold one task per answer, several for one text). The first format's extras stay
    when another format brings the same text."""
    new = incoming.get(EXTRAS)
    if not isinstance(new, dict):
        return None
    old = stored.get(EXTRAS)
    if not isinstance(old, dict):
        return {**stored, EXTRAS: new}
    if old.get("fmt") != new.get("fmt"):
        return None
    layers = dict(old.get("layers") or {})
    added = {k: v for k, v in (new.get("layers") or {}).items() if k not in layers}
    layers.update(added)
    doc = dict(old.get("doc") or {})
    tasks = [t for t in (new.get("doc") or {}).get("tasks") or ()
             if t not in (doc.get("tasks") or ())]
    if tasks:
        doc["tasks"] = [*(doc.get("tasks") or ()), *tasks]
    if not added and not tasks:
        return None
    return {**stored, EXTRAS: {**old, "layers": layers, "doc": doc}}


# What import worked out for itself rather than read from the file (today: `lang`, detected
# when a record that carries its own metadata gave none). The document keeps it for the
# window and for training; every exporter leaves it out, so such a file comes back exactly
# as it was read. Stored as `{"lang": "ar", "_detected": ["lang"]}`.
DETECTED = "_detected"


def detected_keys(meta: dict[str, Any]) -> frozenset[str]:
    """The meta keys an export leaves out as import-made: those the marker lists, and the
    marker itself (empty when the document has no marker)."""
    listed = meta.get(DETECTED)
    if not isinstance(listed, list):
        return frozenset()
    return frozenset([DETECTED, *(k for k in listed if isinstance(k, str))])


def mark_detected(meta: dict[str, Any], key: str) -> None:
    """Record that `meta[key]` was worked out at import, not read from the file."""
    listed = meta.get(DETECTED)
    listed = [k for k in listed if k != key] if isinstance(listed, list) else []
    meta[DETECTED] = [*listed, key]


def join_detected(ours: dict[str, Any], theirs: dict[str, Any],
                  joined: dict[str, Any]) -> dict[str, Any]:
    """The marker of two copies' metadata joined by a merge (`joined`, key by key): a value
    one copy was given beats one the other detected, and a key stays marked only where
    every copy that has it detected it. Order-free, like the merge."""
    mine, other = detected_keys(ours), detected_keys(theirs)
    if not mine and not other:
        return joined
    out = {k: v for k, v in joined.items() if k != DETECTED}
    still: list[str] = []
    for key in sorted((mine | other) - {DETECTED}):
        given = [m[key] for m, marked in ((ours, mine), (theirs, other))
                 if key in m and key not in marked]
        if not given:
            still.append(key)
        elif len(given) == 1 and key in out:
            out[key] = given[0]
    if still:
        out[DETECTED] = still
    return out
