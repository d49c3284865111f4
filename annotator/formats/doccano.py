"""doccano JSONL (docs/formats.md, "doccano"), every form its versions export.

Import reads a file of JSON lines or one JSON array, with the text under `text` (or `data`,
or doccano's default column `column_data`) and spans in any of:
- `label` / `labels` / `column_label`: `[[start, end, label], ...]` (plain strings there
  are text classification labels: no span, kept for the export);
- `entities` (+ `relations`): `{"id", "start_offset", "end_offset", "label"}` and
  `{"from_id", "to_id", "type"}`;
- `annotations` (doccano 1.x): `{"label", "start_offset", "end_offset", "user"}`, one layer
  per user (`doccano-user-N`).
A label given as a number stays that label's name ("3") and is said on stderr. `meta` is
flattened into the document's metadata. The line as written (ids, extra fields, the form)
is kept with the document, so an unchanged layer exports as it came.

Export writes the form the document came in, else `{"id", "text", "label": [...]}` or,
when the layer has links, `entities` and `relations`; the document's metadata goes under
`meta`. Offsets are code points: doccano's own screen counts UTF-16 units and may draw
spans after an emoji shifted, but the file is right.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from annotator.core.errors import InputError
from annotator.core.ids import new_id
from annotator.core.model import AnnotatedDocument, Relation, Span
from annotator.core.text import normalize_with_map
from annotator.formats import extras
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.spanio import (
    document_meta,
    is_int,
    json_records,
    make_document,
    make_span,
)

RECORDS_CARRY_META = True  # each record has its own metadata: a lang import detects is marked

NAME = "doccano"
TEXT_KEYS = ("text", "data", "column_data")
LABEL_KEYS = ("label", "labels", "column_label")
SPAN_KEYS = (*LABEL_KEYS, "entities", "relations", "annotations")


def _fresh(rec: AnnotatedDocument, form: str | None) -> dict[str, Any]:
    """The layer's spans (and links) in doccano's shapes, in the form asked for."""
    spans = sorted(rec.spans, key=lambda s: (s.start, s.end, s.label))
    if form in LABEL_KEYS or (form is None and not rec.relations):
        return {form or "label": [[s.start, s.end, s.label] for s in spans]}
    number = {s.id: i for i, s in enumerate(spans)}
    if form == "annotations":
        return {"annotations": [{"label": s.label, "start_offset": s.start,
                                 "end_offset": s.end} for s in spans]}
    return {
        "entities": [{"id": i, "start_offset": s.start, "end_offset": s.end, "label": s.label}
                     for i, s in enumerate(spans)],
        "relations": [{"id": i, "from_id": number[r.head], "to_id": number[r.child],
                       "type": r.label} for i, r in enumerate(rec.relations)
                      if r.head in number and r.child in number],
    }


def line_json(rec: AnnotatedDocument, ctx: ExportContext | None = None) -> dict[str, Any]:
    doc = rec.document
    part = extras.doc_part(doc, NAME)
    entry = extras.layer(doc, NAME, rec.annotator)
    if "line" in part:
        out = dict(part["line"])
        out[part.get("text_key", "text")] = doc.text
        if not (entry is not None and extras.unchanged(entry, rec)):
            fresh = _fresh(rec, part.get("form"))
            for key in SPAN_KEYS:
                if key in out and key not in fresh:
                    out[key] = [] if key != "relations" else out[key]
            out.update(fresh)
        return out
    out = {"id": doc.id, "text": doc.text, **_fresh(rec, None)}
    meta = {k: v for k, v in document_meta(doc).items() if k != "id"}
    if meta:
        out["meta"] = meta
    return out


def _user(annotator: str | None) -> Any:
    """doccano-user-3 -> 3: the user a doccano 1.x annotation names."""
    tail = (annotator or "").removeprefix("doccano-user-")
    if annotator and tail != annotator:
        return int(tail) if tail.isdigit() else tail
    return annotator


def _users_line(group: list[AnnotatedDocument]) -> dict[str, Any]:
    """Several users' layers of one `annotations`-form line, as one line again."""
    doc = group[0].document
    part = extras.doc_part(doc, NAME)
    if all(extras.unchanged(extras.layer(doc, NAME, r.annotator), r) for r in group) and \
            {r.annotator for r in group} >= set(
                (extras.get(doc, NAME) or {}).get("layers", {}).keys()) - {None}:
        return {**part["line"], part.get("text_key", "text"): doc.text}
    out = dict(part["line"])
    out[part.get("text_key", "text")] = doc.text
    out["annotations"] = [
        {"label": s.label, "start_offset": s.start, "end_offset": s.end,
         "user": _user(rec.annotator)}
        for rec in group for s in sorted(rec.spans, key=lambda s: (s.start, s.end, s.label))]
    return out


def _groups(records: Iterable[AnnotatedDocument]) -> Iterator[list[AnnotatedDocument]]:
    """One record at a time, but the layers of a document read in the `annotations` form
    (one layer per doccano user) together."""
    group: list[AnnotatedDocument] = []
    for rec in records:
        users = extras.doc_part(rec.document, NAME).get("form") == "annotations"
        if group and (not users or rec.document.id != group[0].document.id):
            yield group
            group = []
        group.append(rec)
        if not users:
            yield group
            group = []
    if group:
        yield group


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    report = ctx.report
    for group in _groups(records):
        users = extras.doc_part(group[0].document, NAME).get("form") == "annotations"
        obj = _users_line(group) if users else line_json(group[0], ctx)
        out.write(orjson.dumps(obj))
        out.write(b"\n")
        for rec in group:
            report.documents += 1
            report.spans += len(rec.spans)
            report.lose("span attribute value(s) (doccano spans hold none)",
                        sum(len(s.attrs) for s in rec.spans))
            report.lose("actor link(s) (doccano spans hold none)",
                        sum(1 for s in rec.spans if s.entity))
            if not isinstance(obj.get("relations"), list):
                report.lose("relation(s) (this doccano form holds none)", len(rec.relations))
        report.relations += len(obj.get("relations") or ())


def _label(value: Any, ctx: ImportContext | None) -> Any:
    if is_int(value):
        if ctx is not None:
            ctx.said("label(s) given as numbers, kept as names")
        return str(value)
    return value


def _entities(obj: dict, text: str, remap, path: Path, line: int, ctx
              ) -> tuple[list[Span], list[Relation]]:
    entities = obj.get("entities") or []
    if not isinstance(entities, list):
        raise InputError(path, "'entities' must be a list", line)
    by_id: dict[Any, Span] = {}
    spans = []
    for i, ent in enumerate(entities):
        if not isinstance(ent, dict):
            raise InputError(path, f"entity {i}: expected an object", line)
        span = make_span(path, line, text, remap, ent.get("start_offset"),
                         ent.get("end_offset"), _label(ent.get("label"), ctx), f"entity {i}")
        span.id = new_id()
        by_id[ent.get("id", i)] = span
        spans.append(span)
    raw_rels = obj.get("relations") or []
    if not isinstance(raw_rels, list):
        raise InputError(path, "'relations' must be a list", line)
    relations = []
    for i, rel in enumerate(raw_rels):
        kind = rel.get("type", rel.get("label")) if isinstance(rel, dict) else None
        kind = _label(kind, ctx)
        if not isinstance(kind, str):
            raise InputError(path, f"relation {i}: needs 'from_id', 'to_id' and 'type'", line)
        head, child = by_id.get(rel.get("from_id")), by_id.get(rel.get("to_id"))
        if head is None or child is None:
            raise InputError(path, f"relation {i}: from_id/to_id name no entity", line)
        relations.append(Relation(head.id, child.id, kind))
    return spans, relations


def _triples(items: Any, key: str, text: str, remap, path: Path, line: int, ctx
             ) -> tuple[list[Span], int]:
    if not isinstance(items, list):
        raise InputError(path, f"'{key}' must be a list of [start, end, label]", line)
    spans, classes = [], 0
    for i, item in enumerate(items):
        if isinstance(item, (str, int)) and not isinstance(item, bool):
            classes += 1  # a text classification label: no span
            continue
        if not (isinstance(item, list) and len(item) == 3):
            raise InputError(path, f"{key} {i}: expected [start, end, label]", line)
        start, end, label = item
        spans.append(make_span(path, line, text, remap, start, end, _label(label, ctx),
                               f"{key} {i}"))
    return spans, classes


def parse_line(obj: Any, path: Path, line: int, ctx: ImportContext | None = None
               ) -> list[AnnotatedDocument]:
    """The record(s) of one line: one, or one per user for the `annotations` form."""
    if not isinstance(obj, dict):
        raise InputError(path, "expected a JSON object", line)
    text_key = next((k for k in TEXT_KEYS if isinstance(obj.get(k), str)), None)
    if text_key is None:
        raise InputError(path, "missing 'text' (a string)", line)
    raw_text = obj[text_key]
    if not raw_text.strip():
        if ctx is not None:
            ctx.lose("record(s) with empty text (nothing to label), skipped")
        return []
    text, remap = normalize_with_map(raw_text)
    meta = {k: v for k, v in obj.items() if k not in ("id", text_key, "meta", *SPAN_KEYS)}
    if isinstance(obj.get("meta"), dict):
        meta.update(obj["meta"])
    doc = make_document(text, obj.get("id"), meta)
    layers: dict[Any, tuple[list[Span], list[Relation]]] = {}
    form = None
    if "entities" in obj:
        form = "entities"
        layers[None] = _entities(obj, text, remap, path, line, ctx)
    elif isinstance(obj.get("annotations"), list):
        form = "annotations"
        for i, ann in enumerate(obj["annotations"]):
            if not isinstance(ann, dict):
                raise InputError(path, f"annotation {i}: expected an object", line)
            span = make_span(path, line, text, remap, ann.get("start_offset"),
                             ann.get("end_offset"), _label(ann.get("label"), ctx),
                             f"annotation {i}")
            user = ann.get("user")
            layers.setdefault(None if user is None else f"doccano-user-{user}",
                              ([], []))[0].append(span)
    else:
        form = next((k for k in LABEL_KEYS if k in obj), None)
        spans, classes = _triples(obj.get(form) or [], form or "label", text, remap, path,
                                  line, ctx)
        if classes and ctx is not None:
            ctx.keep("text classification label(s)", classes)
        layers[None] = (spans, [])
    stored = {k: (None if k == text_key else v) for k, v in obj.items()}
    extras.attach(doc, NAME, {"line": stored, "text_key": text_key, "form": form})
    default = ctx.default_annotator if ctx is not None else None
    out = []
    for who, (spans, relations) in layers.items():
        extras.attach(doc, NAME, None, who or default,
                      {"sig": extras.signature(spans, relations)})
        out.append(AnnotatedDocument(doc, who, None, spans, relations, line, str(path)))
    return out


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    for n, obj in json_records(path):
        yield from parse_line(obj, path, n, ctx)
