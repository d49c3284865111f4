"""Prodigy JSONL (docs/formats.md, "Prodigy"): one task a line with our tokens, spans on token
boundaries (`token_end` inclusive) and relations whose `head`/`child` are the `token_end`
of the spans they join.

Export: spans are snapped outward to whole tokens (counted) so `Doc.char_span` accepts
every one; the analyst goes to `_annotator_id`, the document id and metadata to `meta`.
Import: `_annotator_id` names the layer (kept exactly as written); tasks answered
`reject` or `ignore`, and source tasks with no answer and no spans, bring their text but
no annotations (so the export leaves untouched documents unanswered).
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
from annotator.core.tokenize import document_tokens, snap_spans
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.jsonl import iter_json_lines
from annotator.formats.spanio import document_meta, hash32, is_int, make_document, make_span


def _span_json(ts) -> dict[str, Any]:
    return {"start": ts.start, "end": ts.end, "token_start": ts.token_start,
            "token_end": ts.token_end, "label": ts.label}


def task(rec: AnnotatedDocument, ctx: ExportContext) -> dict[str, Any]:
    """One record as a Prodigy task (spans snapped onto our tokens and counted)."""
    text = rec.document.text
    tokens = document_tokens(text)
    spans = sorted(rec.spans, key=lambda s: (s.start, s.end, s.label))
    placed, snapped, unplaced = snap_spans(tokens, spans)
    ctx.report.snapped += snapped
    if unplaced:
        ctx.report.notes.append(f"{rec.document.id}: {unplaced} span(s) cover only "
                                "whitespace and were left out")
    by_id = {ts.span.id: ts for ts in placed if ts.span.id is not None}
    relations = []
    for rel in rec.relations:
        head, child = by_id.get(rel.head), by_id.get(rel.child)
        if head is None or child is None:
            continue
        relations.append({"head": head.token_end, "child": child.token_end, "label": rel.label,
                          "head_span": _span_json(head), "child_span": _span_json(child)})
    span_json = [_span_json(ts) for ts in placed]
    out: dict[str, Any] = {
        "text": text,
        "meta": document_meta(rec.document),
        "tokens": [{"text": text[start:end], "start": start, "end": end, "id": i, "ws": ws}
                   for i, (start, end, ws, _space) in enumerate(tokens)],
        "spans": span_json,
        "relations": relations,
        "_input_hash": hash32(text),
        "_task_hash": hash32(text, span_json, [(r["head"], r["child"], r["label"])
                                               for r in relations]),
    }
    if rec.annotator is not None or span_json:  # untouched: an input task, unanswered
        out["answer"] = "accept"
    if rec.annotator is not None:
        out["_annotator_id"] = rec.annotator
        out["_session_id"] = rec.annotator
    return out


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    report = ctx.report
    for rec in records:
        t = task(rec, ctx)
        out.write(orjson.dumps(t))
        out.write(b"\n")
        report.documents += 1
        report.spans += len(t["spans"])
        report.relations += len(t["relations"])


def _find_or_add(spans: list[Span], keys: dict[tuple, Span], raw: Any, text: str, remap,
                 path: Path, line: int, what: str) -> Span | None:
    if not isinstance(raw, dict):
        raise InputError(path, f"{what} must be an object", line)
    if raw.get("label") in (None, ""):
        return None  # a bare token Prodigy let the analyst link: not a span we can keep
    span = make_span(path, line, text, remap, raw.get("start"), raw.get("end"),
                     raw.get("label"), what)
    key = (span.start, span.end, span.label)
    if key not in keys:
        span.id = new_id()
        spans.append(span)
        keys[key] = span
    return keys[key]


def parse_task(obj: Any, path: Path, line: int, ctx: ImportContext | None) -> AnnotatedDocument:
    if not isinstance(obj, dict):
        raise InputError(path, "expected a JSON object (a Prodigy task)", line)
    raw_text = obj.get("text")
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise InputError(path, "missing 'text' (a non-empty string)", line)
    text, remap = normalize_with_map(raw_text)
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    doc = make_document(text, meta.get("id"), meta)
    annotator = obj.get("_annotator_id") or obj.get("_session_id")
    if annotator is not None and not isinstance(annotator, str):
        annotator = str(annotator)
    answer = obj.get("answer", "accept")
    unanswered = "answer" not in obj and not obj.get("spans") and not obj.get("relations")
    if answer != "accept" or unanswered:  # a source task or a rejected one: the text alone
        return AnnotatedDocument(doc, None, None, [], [], line, str(path))
    tokens = obj.get("tokens")
    spans: list[Span] = []
    keys: dict[tuple, Span] = {}
    raw_spans = obj.get("spans") or []
    if not isinstance(raw_spans, list):
        raise InputError(path, "'spans' must be a list", line)
    by_token_end: dict[int, Span] = {}
    for i, raw in enumerate(raw_spans):
        if isinstance(raw, dict) and ("start" not in raw or "end" not in raw) and isinstance(
                tokens, list) and is_int(raw.get("token_start")) and is_int(raw.get("token_end")):
            raw = _offsets_from_tokens(raw, tokens, path, line, i)
        span = _find_or_add(spans, keys, raw, text, remap, path, line, f"span {i}")
        if span is not None and is_int(raw.get("token_end")):
            by_token_end.setdefault(raw["token_end"], span)
    relations: list[Relation] = []
    raw_rels = obj.get("relations") or []
    if not isinstance(raw_rels, list):
        raise InputError(path, "'relations' must be a list", line)
    skipped = 0
    for i, rel in enumerate(raw_rels):
        if not isinstance(rel, dict) or not isinstance(rel.get("label"), str):
            raise InputError(path, f"relation {i}: needs a 'label'", line)
        ends = []
        for side in ("head", "child"):
            if side + "_span" in rel:
                ends.append(_find_or_add(spans, keys, rel[side + "_span"], text, remap, path,
                                         line, f"relation {i} {side}_span"))
            else:
                ends.append(by_token_end.get(rel.get(side)))
        if ends[0] is None or ends[1] is None:
            skipped += 1
            continue
        relations.append(Relation(ends[0].id, ends[1].id, rel["label"]))
    if skipped and ctx is not None:
        ctx.notes.append(f"{path}:{line}: {skipped} relation(s) between unlabeled tokens "
                         "left out")
    return AnnotatedDocument(doc, annotator, "done", spans, relations, line, str(path))


def _offsets_from_tokens(raw: dict, tokens: list, path: Path, line: int, i: int) -> dict:
    ts, te = raw["token_start"], raw["token_end"]
    if not (0 <= ts <= te < len(tokens)) or not all(
            isinstance(tokens[k], dict) for k in (ts, te)):
        raise InputError(path, f"span {i}: token_start/token_end outside the tokens", line)
    return {**raw, "start": tokens[ts].get("start"), "end": tokens[te].get("end")}


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    for n, obj in iter_json_lines(path):
        yield parse_task(obj, path, n, ctx)
