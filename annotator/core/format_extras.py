"""The one key of a document's `meta` where an interchange format keeps what the database has
no column for (see annotator/formats/extras.py), and how a later import of another analyst's
layer of the same document adds its part. Here, in core, because the store merges it."""

from __future__ import annotations

from typing import Any

EXTRAS = "_format"


def merge_extras(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any] | None:
    """The stored meta with a later import's layer extras added, or None when nothing
    changes (the first format's extras stay when another format brings the same text)."""
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
    if not added:
        return None
    layers.update(added)
    return {**stored, EXTRAS: {**old, "layers": layers}}
