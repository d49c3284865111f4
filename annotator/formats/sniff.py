"""Telling JSONL dialects apart by the keys of their first record."""

from __future__ import annotations

from pathlib import Path

import orjson


def sniff_jsonl(path: Path) -> str:
    """Native unless the first record looks like another tool's (registered) format."""
    from annotator.formats.jsonl import MAX_LINE_BYTES
    from annotator.formats.registry import FORMATS

    try:
        with path.open("rb") as fh:
            for raw in iter(lambda: fh.readline(MAX_LINE_BYTES + 1), b""):
                if len(raw) > MAX_LINE_BYTES:
                    return "jsonl"  # too long to sniff; the reader refuses it with its line
                if raw.strip():
                    first = orjson.loads(raw)
                    break
            else:
                return "jsonl"
    except (OSError, orjson.JSONDecodeError):
        return "jsonl"  # the native reader reports the problem with its line
    if not isinstance(first, dict):
        return "jsonl"
    keys = set(first)
    if "_input_hash" in keys or "tokens" in keys and "ner_tags" not in keys:
        guess = "prodigy"
    elif "ner_tags" in keys:
        guess = "hf"
    elif "entities" in keys and "relations" in keys or "label" in keys and "spans" not in keys:
        guess = "doccano"
    else:
        guess = "jsonl"
    return guess if guess in FORMATS else "jsonl"
