"""doccano JSONL (docs/formats.md, "doccano").

Export writes the sequence-labeling form `{"id", "text", "label": [[start, end, label]]}`,
or, when the layer has links, the relation form with `entities` and `relations`. Offsets
are code points: doccano's own screen counts UTF-16 units and may draw spans after an
emoji shifted, but the file is right. Import reads both forms (and the older `labels` key);
doccano names no analyst, so the current analyst's layer receives them.
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
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.jsonl import iter_json_lines
from annotator.formats.spanio import make_document, make_span


def line_json(rec: AnnotatedDocument) -> dict[str, Any]:
    doc = rec.document
    spans = sorted(rec.spans, key=lambda s: (s.start, s.end, s.label))
    if not rec.relations:
        return {"id": doc.id, "text": doc.text,
                "label": [[s.start, s.end, s.label] for s in spans]}
    number = {s.id: i for i, s in enumerate(spans)}
    return {
        "id": doc.id, "text": doc.text,
        "entities": [{"id": i, "start_offset": s.start, "end_offset": s.end, "label": s.label}
                     for i, s in enumerate(spans)],
        "relations": [{"id": i, "from_id": number[r.head], "to_id": number[r.child],
                       "type": r.label} for i, r in enumerate(rec.relations)
                      if r.head in number and r.child in number],
    }


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    report = ctx.report
    for rec in records:
        obj = line_json(rec)
        out.write(orjson.dumps(obj))
        out.write(b"\n")
        report.documents += 1
        report.spans += len(rec.spans)
        report.relations += len(obj.get("relations", ()))


def parse_line(obj: Any, path: Path, line: int) -> AnnotatedDocument:
    if not isinstance(obj, dict):
        raise InputError(path, "expected a JSON object", line)
    raw_text = obj.get("text", obj.get("data"))
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise InputError(path, "missing 'text' (a non-empty string)", line)
    text, remap = normalize_with_map(raw_text)
    meta = {k: v for k, v in obj.items() if k not in (
        "id", "text", "data", "label", "labels", "entities", "relations")}
    doc = make_document(text, obj.get("id"), meta)
    spans: list[Span] = []
    relations: list[Relation] = []
    if "entities" in obj:
        entities = obj.get("entities") or []
        if not isinstance(entities, list):
            raise InputError(path, "'entities' must be a list", line)
        by_id: dict[Any, Span] = {}
        for i, ent in enumerate(entities):
            if not isinstance(ent, dict):
                raise InputError(path, f"entity {i}: expected an object", line)
            span = make_span(path, line, text, remap, ent.get("start_offset"),
                             ent.get("end_offset"), ent.get("label"), f"entity {i}")
            span.id = new_id()
            by_id[ent.get("id", i)] = span
            spans.append(span)
        raw_rels = obj.get("relations") or []
        if not isinstance(raw_rels, list):
            raise InputError(path, "'relations' must be a list", line)
        for i, rel in enumerate(raw_rels):
            if not isinstance(rel, dict) or not isinstance(rel.get("type"), str):
                raise InputError(path, f"relation {i}: needs 'from_id', 'to_id' and 'type'",
                                 line)
            head, child = by_id.get(rel.get("from_id")), by_id.get(rel.get("to_id"))
            if head is None or child is None:
                raise InputError(path, f"relation {i}: from_id/to_id name no entity", line)
            relations.append(Relation(head.id, child.id, rel["type"]))
    else:
        labels = obj.get("label", obj.get("labels")) or []
        if not isinstance(labels, list):
            raise InputError(path, "'label' must be a list of [start, end, label]", line)
        for i, item in enumerate(labels):
            if not (isinstance(item, list) and len(item) == 3):
                if isinstance(item, str):
                    continue  # text classification labels: no span to keep
                raise InputError(path, f"label {i}: expected [start, end, label]", line)
            spans.append(make_span(path, line, text, remap, *item, f"label {i}"))
    return AnnotatedDocument(doc, None, None, spans, relations, line, str(path))


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    for n, obj in iter_json_lines(path):
        yield parse_line(obj, path, n)
