"""What a format carries that the database has no column for, kept so an export gives it back.

It lives in the document's `meta` under one key, `EXTRAS`:

    {"_format": {"fmt": "prodigy", "doc": {...}, "layers": {"alice": {...}}}}

`doc` holds what belongs to the text (a file's own tokens, CoNLL's columns and line layout);
`layers` what belongs to one analyst's annotations (Prodigy's answer and hashes, a Label
Studio annotation's id and fields). A layer's entry also keeps a *signature* of the spans and
relations it was imported with: when the layer is exported unchanged, the writer can give the
file's own lists back verbatim (ids, extra keys, order); once an analyst has edited it, the
writer builds them afresh and keeps only what still applies.

Tokens are stored compactly (flat start/end offsets) because a 5 KB article has ~1,000.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from itertools import chain
from typing import Any

import orjson

from annotator.core.format_extras import EXTRAS, detected_keys
from annotator.core.model import AnnotatedDocument, Document, Relation, Span
from annotator.core.tokenize import Token, Tokens


def get(doc: Document, fmt: str) -> dict[str, Any] | None:
    """The document's extras of `fmt` (None when it came from elsewhere)."""
    data = doc.meta.get(EXTRAS)
    if isinstance(data, dict) and data.get("fmt") == fmt:
        return data
    return None


def layer(doc: Document, fmt: str, annotator: str | None) -> dict[str, Any] | None:
    data = get(doc, fmt)
    if data is None:
        return None
    found = (data.get("layers") or {}).get(annotator or "")
    return found if isinstance(found, dict) else None


def attach(doc: Document, fmt: str, doc_part: dict[str, Any] | None = None,
           annotator: str | None = None, layer_part: dict[str, Any] | None = None) -> None:
    """Put extras on a document being imported (merged with what is there)."""
    data = doc.meta.get(EXTRAS)
    if not isinstance(data, dict) or data.get("fmt") != fmt:
        data = {"fmt": fmt}
        doc.meta[EXTRAS] = data
    if doc_part:
        data.setdefault("doc", {}).update(doc_part)
    if layer_part is not None:
        data.setdefault("layers", {})[annotator or ""] = layer_part


def doc_part(doc: Document, fmt: str) -> dict[str, Any]:
    data = get(doc, fmt)
    return (data or {}).get("doc") or {}


def without_extras(meta: dict[str, Any]) -> dict[str, Any]:
    """The metadata an export writes: not the extras, not what import detected."""
    skip = detected_keys(meta)
    return {k: v for k, v in meta.items() if k != EXTRAS and k not in skip}


# -- signatures: has the layer changed since it was imported? ---------------------------


def span_key(span: Span) -> str:
    return f"{span.start}:{span.end}:{span.label}"


def items(spans: Iterable[Span], relations: Iterable[Relation]) -> list[str]:
    """A layer's content as sorted strings (spans with attributes, relations by their
    spans' keys), independent of ids and order: what `signature` digests."""
    spans = list(spans)
    key_of = {s.id: span_key(s) for s in spans}
    dumps, sort = orjson.dumps, orjson.OPT_SORT_KEYS
    out = {f"s {s.start}:{s.end}:{s.label} {dumps(s.attrs, option=sort).decode()}"
           if s.attrs else f"s {s.start}:{s.end}:{s.label} {{}}" for s in spans}
    out.update(f"r {key_of.get(r.head, '?')} {key_of.get(r.child, '?')} {r.label}"
               for r in relations)
    return sorted(out)


def signature(spans: Iterable[Span], relations: Iterable[Relation]) -> str:
    """A short digest of a layer's spans (with attributes) and relations."""
    return hashlib.sha1(orjson.dumps(items(spans, relations))).hexdigest()[:16]


def unchanged(entry: dict[str, Any] | None, rec: AnnotatedDocument) -> bool:
    return bool(entry) and entry.get("sig") == signature(rec.spans, rec.relations)


# -- compact tokens ---------------------------------------------------------------------


def pack_offsets(pairs: Iterable[tuple[int, int]]) -> list[int]:
    return list(chain.from_iterable(pairs))


def unpack_offsets(flat: list[int]) -> list[tuple[int, int]]:
    return list(zip(flat[0::2], flat[1::2], strict=True))


def as_tokens(pairs: list[tuple[int, int]], text: str) -> Tokens:
    """Token objects (for snapping) from stored offsets; `ws` as spaCy would set it."""
    out = Tokens()
    n = len(pairs)
    for i, (s, e) in enumerate(pairs):
        nxt = pairs[i + 1][0] if i + 1 < n else len(text)
        out.append(Token(s, e, text[e:e + 1] == " " and nxt >= e + 1))
    return out
