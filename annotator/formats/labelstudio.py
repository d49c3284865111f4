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
it). Cancelled annotations bring no spans. Predictions come in as their own layer, named
after the model version (`--no-predictions` skips them, said on stderr).

Offsets: Label Studio counts them in UTF-16 units (as its browser does), so after an emoji
every offset is one more than ours. Each region's offsets are checked against its
`value.text`; UTF-16 offsets are recognized and converted, and a region whose text matches
neither reading is an error naming the task, annotation and result.

Fixed point: task ids, `data` fields, annotation ids and fields, region ids and
`from_name`/`to_name` are kept with the document; an unchanged layer is exported as the
annotation it came in as, an edited one keeps the annotation's fields with a new result.
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
from annotator.formats import extras
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.extras import without_extras
from annotator.formats.spanio import (
    checked_offsets,
    is_int,
    make_document,
    make_span,
    read_json_file,
)

RECORDS_CARRY_META = True  # each record has its own metadata: a lang import detects is marked

FROM_NAME, TO_NAME = "label", "text"
NAME = "labelstudio"


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


def _own_annotation(rec: AnnotatedDocument, number: int, ctx: ExportContext
                    ) -> tuple[dict[str, Any], str, int]:
    """The layer as the annotation (or prediction) it was imported from, when it was, with
    its place in the task's list (new layers go last)."""
    entry = extras.layer(rec.document, NAME, rec.annotator)
    if entry is None or "ann" not in entry:
        return annotation(rec, number, ctx), "annotations", 1 << 30
    kind, pos = entry.get("kind", "annotations"), entry.get("pos", 1 << 30)
    if extras.unchanged(entry, rec):
        return entry["ann"], kind, pos
    fresh = annotation(rec, number, ctx)
    out = dict(entry["ann"])
    out["result"] = _keep_region_names(entry["ann"].get("result") or [], fresh["result"])
    return out, kind, pos


def _keep_region_names(old: list, new: list) -> list:
    """An edited layer's new result with the file's `from_name`/`to_name` and, for regions
    still there (same text and label), their ids."""
    names = next(((r.get("from_name"), r.get("to_name")) for r in old
                  if isinstance(r, dict) and r.get("type") == "labels"), None)
    ids = {}
    for r in old:
        value = r.get("value") if isinstance(r, dict) else None
        if isinstance(value, dict) and value.get("labels") and "id" in r:
            ids[(value.get("text"), tuple(value["labels"]))] = r["id"]
    renamed: dict[str, str] = {}
    for r in new:
        value = r.get("value") or {}
        if r.get("type") == "labels":
            if names is not None:
                r["from_name"], r["to_name"] = names
            key = (value.get("text"), tuple(value.get("labels") or ()))
            if key in ids and ids[key] not in renamed.values():
                renamed[r["id"]] = ids[key]
        if r.get("id") in renamed:
            r["id"] = renamed[r["id"]]
        elif r.get("type") != "relation" and names is not None:
            r["to_name"] = names[1]
        for end in ("from_id", "to_id"):
            if r.get(end) in renamed:
                r[end] = renamed[r[end]]
    return new


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    report = ctx.report
    out.write(b"[")
    number = 0
    for t, group in enumerate(_tasks(records), 1):
        doc = group[0].document
        part = extras.doc_part(doc, NAME)
        data: dict[str, Any] = {"text": doc.text, "doc_id": doc.id}
        for key in ("title", "source", "published"):
            if getattr(doc, key) is not None:
                data[key] = getattr(doc, key)
        lists: dict[str, list] = {"annotations": [], "predictions": []}
        for pos, ann in part.get("cancelled", ()):
            lists["annotations"].append((pos, ann))
        for rec in group:
            report.documents += 1
            if rec.annotator is None and not rec.spans:
                continue  # nobody's layer: the task alone
            number += 1
            ann, kind, pos = _own_annotation(rec, number, ctx)
            lists[kind].append((pos, ann))
            report.spans += len(rec.spans)
            report.relations += sum(1 for r in ann.get("result") or ()
                                    if isinstance(r, dict) and r.get("type") == "relation")
            report.lose("actor link(s) (Label Studio regions hold none)",
                        sum(1 for s in rec.spans if s.entity))
        for kind, items in lists.items():
            lists[kind] = [ann for _pos, ann in sorted(items, key=lambda item: item[0])]
        if "task" in part:
            task = dict(part["task"])
            task["data"] = {**task["data"], part.get("text_key", "text"): doc.text}
            task["annotations"] = lists["annotations"]
            if "predictions" in task or lists["predictions"]:
                task["predictions"] = lists["predictions"] + part.get("skipped", [])
        else:
            task = {"id": t, "data": data, "annotations": lists["annotations"],
                    "predictions": lists["predictions"]}
            meta = without_extras(doc.meta)
            if meta:
                task["meta"] = meta
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


def _checked_offsets(value: dict, text: str, remap, path: Path, where: str
                     ) -> tuple[Any, Any]:
    return checked_offsets(text, remap, value.get("start"), value.get("end"),
                           value.get("text"), path, None, where)


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
            start, end = _checked_offsets(value, text, remap, path, f"{where}, result {i}")
            for label in labels:
                span = make_span(path, None, text, lambda x: x, start, end,
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
    default = ctx.default_annotator if ctx is not None else None
    for n, task in enumerate(tasks, 1):
        where = f"task {n}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise InputError(path, f"{where}: expected an object with 'data'")
        strings = [(len(v), k) for k, v in task["data"].items() if isinstance(v, str)]
        text_key = "text" if "text" in task["data"] or not strings else max(strings)[1]
        raw_text = task["data"].get(text_key)
        if not isinstance(raw_text, str):
            raise InputError(path, f"{where}: missing 'data.text' (a string)")
        if not raw_text.strip():
            if ctx is not None:
                ctx.lose("task(s) with empty text (nothing to label), skipped")
            continue
        text, remap = normalize_with_map(raw_text)
        meta = {k: v for k, v in task["data"].items() if k not in (text_key, "doc_id")}
        if isinstance(task.get("meta"), dict):
            meta.update(task["meta"])
        doc_id = task["data"].get("doc_id")
        if doc_id is None and task.get("id") is not None and not is_int(task.get("id")):
            doc_id = task["id"]
        doc = make_document(text, doc_id, meta)
        ann_key = "annotations" if "annotations" in task else "completions"
        anns = task.get(ann_key) or []
        preds = task.get("predictions") or []
        if not isinstance(anns, list) or not isinstance(preds, list):
            raise InputError(path, f"{where}: 'annotations' and 'predictions' must be lists")
        stored = {k: v for k, v in task.items() if k not in ("annotations", "predictions",
                                                             "completions")}
        stored["data"] = {**task["data"], text_key: None}
        part: dict[str, Any] = {"task": {**stored, ann_key: None,
                                         **({"predictions": None} if "predictions" in task
                                            else {})},
                                "text_key": text_key}
        cancelled = [[k, a] for k, a in enumerate(anns)
                     if isinstance(a, dict) and a.get("was_cancelled")]
        if cancelled:
            part["cancelled"] = cancelled
            if ctx is not None:
                ctx.keep("cancelled annotation(s)", len(cancelled))
        out = []
        for k, ann in enumerate(anns, 1):
            if isinstance(ann, dict) and ann.get("was_cancelled"):
                continue
            spans, relations = _parse_annotation(ann, text, remap, path,
                                                 f"{where}, annotation {k}")
            out.append((ann, _analyst(ann), spans, relations, "annotations", k - 1))
        if preds and ctx is not None and not ctx.predictions:
            part["skipped"] = preds
            ctx.lose("prediction(s) (--no-predictions)", len(preds))
            preds = []
        for k, pred in enumerate(preds, 1):
            spans, relations = _parse_annotation(pred, text, remap, path,
                                                 f"{where}, prediction {k}")
            version = pred.get("model_version") if isinstance(pred, dict) else None
            name = str(version).strip() if version not in (None, "") else "prediction"
            out.append((pred, name, spans, relations, "predictions", k - 1))
        extras.attach(doc, NAME, part)
        for ann, who, spans, relations, kind, pos in out:
            extras.attach(doc, NAME, None, who or default,
                          {"ann": ann, "kind": kind, "pos": pos,
                           "sig": extras.signature(spans, relations)})
        for _ann, who, spans, relations, kind, _pos in out:
            yield AnnotatedDocument(doc, who, "done" if kind == "annotations" else
                                    "in_progress", spans, relations, None, str(path))
        if not out:
            yield AnnotatedDocument(doc, None, None, [], [], None, str(path))
