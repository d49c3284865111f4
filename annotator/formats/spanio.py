"""Small pieces the interchange formats share: checked span reading, document building,
stable 32-bit hashes, and file names that are safe on every system."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from itertools import accumulate, pairwise
from operator import add
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import InputError
from annotator.core.format_extras import EXTRAS, detected_keys
from annotator.core.ids import text_hash
from annotator.core.model import Document, Span
from annotator.core.text import normalize_newlines, open_input

META_KEYS = ("title", "source", "published")


def hash32(*parts: Any) -> int:
    """A signed 32-bit int from a SHA-256 of the parts (Prodigy's hashes are such ints)."""
    digest = hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def make_span(path: Path, line: int | None, text: str, remap: Callable[[int], int],
              start: Any, end: Any, label: Any, what: str) -> Span:
    """A Span from raw file values: integers, a label, inside the text, start < end.

    `remap` moves offsets of a CRLF original onto the normalized text.
    """
    if not (is_int(start) and is_int(end)):
        raise InputError(path, f"{what}: start and end must be integers", line)
    if not isinstance(label, str) or not label.strip():
        raise InputError(path, f"{what}: missing label", line)
    s, e = remap(start), remap(end)
    if s < 0 or e > len(text):
        raise InputError(path, f"{what} ({label} {start}-{end}) lies outside the text "
                         f"(length {len(text)})", line)
    if s >= e:
        raise InputError(path, f"{what} ({label} {start}-{end}): start must be before end",
                         line)
    return Span(s, e, label.strip())


def _utf16_to_cp(text: str, offset: int) -> int:
    """A UTF-16 unit offset as a code point offset (-1 when it falls inside a pair)."""
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i if units == offset else -1
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text) if units == offset else -1


def checked_offsets(text: str, remap: Callable[[int], int], start: Any, end: Any,
                    shown: Any, path: Path, line: int | None, where: str) -> tuple[Any, Any]:
    """A span's offsets on our text, checked against the text the file gives for it: read
    as code points first, else as UTF-16 units (what JavaScript tools such as Label Studio
    count); a text that matches neither is an error naming the record."""
    if not (is_int(start) and is_int(end)):
        return start, end  # make_span names the problem
    s, e = remap(start), remap(end)
    if not isinstance(shown, str) or text[s:e] == shown or text[s:e].strip() == shown.strip():
        return s, e
    want = normalize_newlines(shown).strip()
    s16, e16 = _utf16_to_cp(text, start), _utf16_to_cp(text, end)
    if 0 <= s16 < e16 and text[s16:e16].strip() == want:
        return s16, e16
    raise InputError(path, f"{where}: offsets {start}-{end} cover {text[s:e][:40]!r}, not "
                     f"the text given for it {shown[:40]!r} (neither as code points nor as "
                     "UTF-16 units)", line)


def make_document(text: str, doc_id: Any = None, meta: dict[str, Any] | None = None
                  ) -> Document:
    """A document with the id the file gives, else one derived from its text."""
    meta = dict(meta or {})
    known = {k: meta.pop(k) for k in META_KEYS if k in meta}
    known = {k: (str(v) if v is not None else None) for k, v in known.items()}
    meta.pop("id", None)
    if doc_id is None or isinstance(doc_id, bool) or doc_id == "":
        doc_id = text_hash(text)[:16]
    return Document(str(doc_id), text, known.get("title"), known.get("source"),
                    known.get("published"), meta)


def document_meta(doc: Document) -> dict[str, Any]:
    """The document's id and metadata as one flat dict (None values left out; neither a
    format's extras nor what import detected, such as a `lang` the file did not give)."""
    out: dict[str, Any] = {"id": doc.id}
    for key in META_KEYS:
        value = getattr(doc, key)
        if value is not None:
            out[key] = value
    skip = detected_keys(doc.meta)
    for key, value in doc.meta.items():
        if key != EXTRAS and key not in skip:
            out.setdefault(key, value)
    return out


_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_name(name: str, limit: int = 100) -> str:
    """A file-name stem from any id: unsafe characters become '_'."""
    stem = _UNSAFE.sub("_", name).strip("._") or "doc"
    return stem[:limit]


def read_json_file(path: Path) -> Any:
    """A whole JSON file; syntax errors name their line."""
    import json

    with open_input(path) as fh:
        data = fh.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise InputError(path, "empty file")
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        try:
            json.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise InputError(path, "invalid UTF-8") from None
        except json.JSONDecodeError as exc:
            raise InputError(path, f"malformed JSON ({exc.msg}, column {exc.colno})",
                             exc.lineno) from None
        raise InputError(path, "malformed JSON") from None


_NO_SPACE_BEFORE = frozenset(".,;:!?%)]}\u00bb\u201d\u2019\u060c\u061b\u061f")
_NO_SPACE_AFTER = frozenset("([{\u00ab\u201c\u2018")


def join_tokens(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text for a token list from a format that keeps no spacing (CoNLL, Hugging Face):
    single spaces, none before closing punctuation or after opening brackets. Returns the
    text and each token's (start, end). (Built with map/accumulate: files hold millions of
    tokens.)"""
    if not tokens:
        return "", []
    before, after = _NO_SPACE_BEFORE.__contains__, _NO_SPACE_AFTER.__contains__
    gaps = [0, *(0 if before(tok) or after(prev) else 1
                 for prev, tok in pairwise(tokens))]
    lens = list(map(len, tokens))
    starts = list(accumulate(map(add, gaps, [0, *lens[:-1]])))
    text = "".join(map(add, map(" ".__mul__, gaps), tokens))
    return text, list(zip(starts, map(add, starts, lens)))


def spans_from_tags(tags: list[str], offsets: list[tuple[int, int]], path: Path,
                    lines: list[int | None]) -> list[Span]:
    """Spans from IOB2 tags (IOB1, BIOES and BILOU read too). `lines[i]` names where tag i
    was read, for errors."""
    spans: list[Span] = []
    current: Span | None = None
    for i, tag in enumerate(tags):
        if tag == "O":
            current = None
            continue
        prefix, sep, label = tag.partition("-")
        if not sep or prefix not in ("B", "I", "E", "S", "L", "U") or not label:
            raise InputError(path, f"tag {tag!r} is not O or B-/I-LABEL", lines[i])
        start, end = offsets[i]
        if prefix in ("B", "S", "U") or current is None or current.label != label:
            current = Span(start, end, label)
            spans.append(current)
        else:
            current.end = end
        if prefix in ("E", "S", "L", "U"):
            current = None
    return spans


def json_records(path: Path):
    """(number, record) of a file of JSON lines, or of one JSON array of records (numbered
    by their place): tools export either."""
    from annotator.formats.jsonl import iter_json_lines

    with open_input(path) as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"["):
        data = read_json_file(path)
        if not isinstance(data, list):
            raise InputError(path, "expected a JSON array of records", 1)
        yield from enumerate(data, 1)
    else:
        yield from iter_json_lines(path)
