"""Label Studio JSON (docs/formats.md, "Label Studio"): a list of tasks, `data.text` and one
annotation per analyst layer with `labels` regions and `relation` items. Attributes travel
as per-region results (`choices`, or `textarea` for free text) that share the region's id.

Who annotated: Label Studio's own import accepts `completed_by` only as the id (int) or
`{"email": ...}` of an existing member of its organization, and refuses the whole file
otherwise; without `completed_by` it credits the importing user. So the export writes
`completed_by: {"email": name}` only when the analyst name is an email address, and always
keeps the name readable in `created_username` (a field Label Studio's exports carry and its
import ignores). The gold layer is marked `ground_truth: true`.

Import accepts `completed_by` as an int, a string or a dict (email, else username or id);
`created_username` names the analyst when present ("alice@x.org, 3" as Label Studio writes
it). Cancelled annotations bring no spans. Predictions are not imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from annotator.core.errors import InputError
from annotator.core.ids import new_id
from annotator.core.model import GOLD, AnnotatedDocument, Relation, Span
from annotator.core.text import normalize_with_map
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.spanio import is_int, make_document, make_span, read_json_file

FROM_NAME, TO_NAME = "label", "text"


def _attr_results(span: Span, rid: str, text: str, ctx: ExportContext) -> list[dict]:
    out = []
    label = ctx.schema.label(span.label)
    for name, value in span.attrs.items():
        if value is None or value == "":
            continue
        adef = label.attribute(name) if label else None
        base = {"start": span.start, "end": span.end}
        if adef is not None and adef.values or isinstance(value, list):
            values = value if isinstance(value, list) else [value]
            result = {"type": "choices", "value": {**base, "choices": [str(v) for v in values]}}
        else:
            result = {"type": "textarea", "value": {**base, "text": [str(value)]}}
        out.append({"id": rid, "from_name": name, "to_name": TO_NAME, "origin": "manual",
                    **result})
    return out


def annotation(rec: AnnotatedDocument, number: int, ctx: ExportContext) -> dict[str, Any]:
    text = rec.document.text
    result: list[dict] = []
    region = {}
    for i, span in enumerate(sorted(rec.spans, key=lambda s: (s.start, s.end, s.label))):
        rid = f"r{number}-{i}"
        region[span.id] = rid
        result.append({"id": rid, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
                       "origin": "manual",
                       "value": {"start": span.start, "end": span.end,
                                 "text": text[span.start:span.end], "labels": [span.label]}})
        result.extend(_attr_results(span, rid, text, ctx))
    for rel in rec.relations:
        if rel.head in region and rel.child in region:
            result.append({"from_id": region[rel.head], "to_id": region[rel.child],
                           "type": "relation", "direction": "right", "labels": [rel.label]})
    out: dict[str, Any] = {"id": number, "result": result, "was_cancelled": False,
                           "ground_truth": rec.annotator == GOLD}
    if rec.annotator is not None:
        if "@" in rec.annotator:
            out["completed_by"] = {"email": rec.annotator}
        out["created_username"] = rec.annotator
    return out


def _tasks(records: Iterable[AnnotatedDocument]) -> Iterator[list[AnnotatedDocument]]:
    """Consecutive records of the same document (layers come together) as one task."""
    group: list[AnnotatedDocument] = []
    for rec in records:
        if group and (rec.document.pk, rec.document.id) != (group[0].document.pk,
                                                            group[0].document.id):
            yield group
            group = []
        group.append(rec)
    if group:
        yield group


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    report = ctx.report
    out.write(b"[")
    number = 0
    for t, group in enumerate(_tasks(records), 1):
        doc = group[0].document
        data: dict[str, Any] = {"text": doc.text, "doc_id": doc.id}
        for key in ("title", "source", "published"):
            if getattr(doc, key) is not None:
                data[key] = getattr(doc, key)
        anns = []
        for rec in group:
            report.documents += 1
            if rec.annotator is None and not rec.spans:
                continue  # nobody's layer: the task alone
            number += 1
            anns.append(annotation(rec, number, ctx))
            report.spans += len(rec.spans)
            report.relations += sum(1 for r in anns[-1]["result"] if r["type"] == "relation")
        task = {"id": t, "data": data, "annotations": anns, "predictions": []}
        if doc.meta:
            task["meta"] = doc.meta
        out.write(b"\n" if t == 1 else b",\n")
        out.write(orjson.dumps(task))
    out.write(b"\n]\n")


def _analyst(ann: dict) -> str | None:
    name = ann.get("created_username")
    if isinstance(name, str) and name.strip():
        name = name.strip()
        head, sep, tail = name.rpartition(",")
        return head.strip() if sep and tail.strip().isdigit() and head.strip() else name
    who = ann.get("completed_by")
    if isinstance(who, dict):
        for key in ("email", "username", "id"):
            if who.get(key) not in (None, ""):
                who = who[key]
                break
        else:
            return None
    if isinstance(who, str) and who.strip():
        return who.strip()
    if is_int(who):
        return f"labelstudio-user-{who}"
    return None


def _parse_annotation(ann: Any, text: str, remap, path: Path, where: str
                      ) -> tuple[list[Span], list[Relation]]:
    if not isinstance(ann, dict):
        raise InputError(path, f"{where}: expected an object")
    result = ann.get("result") or []
    if not isinstance(result, list):
        raise InputError(path, f"{where}: 'result' must be a list")
    regions: dict[str, Span] = {}
    spans: list[Span] = []
    extras: list[dict] = []
    rel_items: list[dict] = []
    for i, item in enumerate(result):
        if not isinstance(item, dict):
            raise InputError(path, f"{where}, result {i}: expected an object")
        kind = item.get("type")
        value = item.get("value") if isinstance(item.get("value"), dict) else {}
        if kind == "relation":
            rel_items.append(item)
        elif kind in ("labels", "hypertextlabels") or "labels" in value:
            labels = value.get("labels") or value.get("hypertextlabels") or []
            if not isinstance(labels, list) or not labels:
                raise InputError(path, f"{where}, result {i}: region without labels")
            for label in labels:
                span = make_span(path, None, text, remap, value.get("start"), value.get("end"),
                                 label, f"{where}, result {i}")
                span.id = new_id()
                spans.append(span)
                regions.setdefault(str(item.get("id")), span)
        else:
            extras.append(item)
    for item in extras:  # per-region attributes share the region's id
        span = regions.get(str(item.get("id")))
        value = item.get("value") if isinstance(item.get("value"), dict) else {}
        name = item.get("from_name")
        if span is None or not isinstance(name, str):
            continue
        if "choices" in value and isinstance(value["choices"], list):
            choices = value["choices"]
            span.attrs[name] = choices[0] if len(choices) == 1 else choices
        elif "text" in value and isinstance(value["text"], list):
            span.attrs[name] = "\n".join(str(v) for v in value["text"])
    relations = []
    for item in rel_items:
        a, b = regions.get(str(item.get("from_id"))), regions.get(str(item.get("to_id")))
        if a is None or b is None:
            raise InputError(path, f"{where}: relation between unknown regions "
                             f"{item.get('from_id')!r} and {item.get('to_id')!r}")
        if item.get("direction") == "left":
            a, b = b, a
        labels = item.get("labels") or ["RELATED"]
        relations.extend(Relation(a.id, b.id, str(label)) for label in labels)
    return spans, relations


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    data = read_json_file(path)
    tasks = [data] if isinstance(data, dict) else data
    if not isinstance(tasks, list):
        raise InputError(path, "expected a JSON list of Label Studio tasks", 1)
    for n, task in enumerate(tasks, 1):
        where = f"task {n}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise InputError(path, f"{where}: expected an object with 'data'")
        raw_text = task["data"].get("text")
        if not isinstance(raw_text, str) or not raw_text.strip():
            raise InputError(path, f"{where}: missing 'data.text' (a non-empty string)")
        text, remap = normalize_with_map(raw_text)
        meta = {k: v for k, v in task["data"].items() if k not in ("text", "doc_id")}
        if isinstance(task.get("meta"), dict):
            meta.update(task["meta"])
        doc = make_document(text, task["data"].get("doc_id"), meta)
        anns = task.get("annotations") or task.get("completions") or []
        if not isinstance(anns, list):
            raise InputError(path, f"{where}: 'annotations' must be a list")
        yielded = False
        for k, ann in enumerate(anns, 1):
            if isinstance(ann, dict) and ann.get("was_cancelled"):
                continue
            spans, relations = _parse_annotation(ann, text, remap, path,
                                                 f"{where}, annotation {k}")
            yield AnnotatedDocument(doc, _analyst(ann), "done", spans, relations,
                                    None, str(path))
            yielded = True
        if not yielded:
            yield AnnotatedDocument(doc, None, None, [], [], None, str(path))
