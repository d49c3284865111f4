"""Telling JSONL dialects apart by the keys of their first record."""

from __future__ import annotations

from pathlib import Path

import orjson


def sniff_jsonl(path: Path) -> str:
    """Native unless the first record looks like another tool's (registered) format."""
    from annotator.formats.jsonl import MAX_LINE_BYTES

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
    return guess_record(first)


def guess_record(first: dict) -> str:
    """The format a JSON record's keys point at (native when none does)."""
    from annotator.formats.registry import FORMATS

    keys = set(first)
    anns = first.get("annotations")
    if ("_input_hash" in keys or "_task_hash" in keys
            or "tokens" in keys and not keys & {"ner_tags", "ner", "tags"}
            and "spans" in keys):
        guess = "prodigy"
    elif keys & {"tokens", "words"} and keys & {"ner_tags", "ner"} or "tokens" in keys and "spans" not in keys and "text" not in keys:
        guess = "hf"
    elif isinstance(first.get("data"), dict):
        guess = "labelstudio"
    elif ("entities" in keys or "column_data" in keys
          or keys & {"label", "labels", "column_label"} and "spans" not in keys
          or isinstance(anns, list) and anns and isinstance(anns[0], dict)
          and "start_offset" in anns[0]):
        guess = "doccano"
    else:
        guess = "jsonl"
    return guess if guess in FORMATS else "jsonl"


def sniff_json(path: Path) -> str:
    """A `.json` file: Label Studio's task list, or doccano's records as one array."""
    from annotator.formats.spanio import read_json_file

    try:
        data = read_json_file(path)
    except Exception:  # noqa: BLE001 - the Label Studio reader reports it with its line
        return "labelstudio"
    first = data[0] if isinstance(data, list) and data else data
    if isinstance(first, dict) and guess_record(first) in ("doccano", "hf"):
        return guess_record(first)
    return "labelstudio"


def sniff_text(path: Path) -> str:
    """A `.txt` file: CoNLL token lines (by content, whatever its name), else plain text."""
    from annotator.formats.conll import looks_like_conll

    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError:
        return "text"
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        sample = head[:exc.start].decode("utf-8")
    return "conll" if looks_like_conll(sample.replace("\r\n", "\n")) else "text"
