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
from annotator.formats import extras
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.jsonl import iter_json_lines
from annotator.formats.spanio import (
    checked_offsets,
    document_meta,
    hash32,
    is_int,
    make_document,
    make_span,
)

RECORDS_CARRY_META = True  # each record has its own metadata: a lang import detects is marked

NAME = "prodigy"
_TOKEN_KEYS = frozenset(("text", "start", "end", "id", "ws"))


def _span_json(ts) -> dict[str, Any]:
    return {"start": ts.start, "end": ts.end, "token_start": ts.token_start,
            "token_end": ts.token_end, "label": ts.label}


def _file_tokens(text: str, part: dict) -> tuple[list | None, list[dict] | None]:
    """The tokens a Prodigy file came with (as offsets and as its own dicts)."""
    if "tokens_raw" in part:
        raw = part["tokens_raw"]
        return [(t["start"], t["end"]) for t in raw], raw
    if "tokens" not in part:
        return None, None
    pairs = extras.unpack_offsets(part["tokens"])
    keys = part.get("tok_keys") or ["text", "start", "end", "id"]
    ws = part.get("ws")
    if keys == ["text", "start", "end", "id", "ws"] and ws is not None:  # ours, and spaCy's
        raw = [{"text": text[s:e], "start": s, "end": e, "id": i, "ws": w == "1"}
               for i, ((s, e), w) in enumerate(zip(pairs, ws, strict=True))]
    elif keys == ["text", "start", "end", "id"]:  # Prodigy's own tokenizer
        raw = [{"text": text[s:e], "start": s, "end": e, "id": i}
               for i, (s, e) in enumerate(pairs)]
    else:
        raw = []
        for i, (start, end) in enumerate(pairs):
            values = {"text": text[start:end], "start": start, "end": end, "id": i,
                      "ws": ws is not None and ws[i] == "1"}
            raw.append({k: values[k] for k in keys})
    return pairs, raw


def _own_tasks(rec: AnnotatedDocument, first: bool) -> tuple[list[dict], list[dict]]:
    """(the file's tasks of this layer, its tasks that are nobody's annotations: rejected,
    ignored or unanswered, given back with the document's first record)."""
    tasks = extras.doc_part(rec.document, NAME).get("tasks") or []
    key = rec.annotator or ""
    mine = [t for t in tasks if t.get("key") == key]
    others = [t for t in tasks if t.get("key") == ""] if first and key else []
    return mine, others


def tasks(rec: AnnotatedDocument, ctx: ExportContext, first: bool = True) -> list[dict]:
    """A record as Prodigy tasks: the file's own tasks when the layer came from a file and
    is unchanged; else one task with spans snapped onto the file's tokens (or ours)."""
    text = rec.document.text
    mine, others = _own_tasks(rec, first)
    own_pairs, own_raw = _file_tokens(text, extras.doc_part(rec.document, NAME))
    out = [_restored(t["task"], text, own_raw) for t in others]
    if mine and set().union(*(t.get("items") or () for t in mine)) == set(
            extras.items(rec.spans, rec.relations)):
        _count_losses(rec, ctx)
        return [_restored(t["task"], text, own_raw) for t in mine] + out
    template = _restored(mine[0]["task"], text, own_raw) if mine else None
    return [task(rec, ctx, template, own_pairs, own_raw)] + out


def _restored(stored: dict, text: str, own_raw: list[dict] | None) -> dict:
    out = dict(stored)
    out["text"] = text
    if "tokens" in out and own_raw is not None:
        out["tokens"] = own_raw
    return out


def task(rec: AnnotatedDocument, ctx: ExportContext, template: dict | None = None,
         own_pairs: list | None = None, own_raw: list[dict] | None = None
         ) -> dict[str, Any]:
    """One record as a new Prodigy task (spans snapped onto the tokens and counted); an
    edited layer keeps the keys of the file's task it came from (`template`)."""
    text = rec.document.text
    out = template
    tokens = (extras.as_tokens(own_pairs, text) if own_pairs is not None
              else document_tokens(text))
    spans = sorted(rec.spans, key=lambda s: (s.start, s.end, s.label))
    placed, snapped, unplaced = snap_spans(tokens, spans)
    ctx.report.snapped += snapped
    ctx.report.lose("span(s) covering only whitespace", unplaced)
    by_id = {ts.span.id: ts for ts in placed if ts.span.id is not None}
    relations = []
    for rel in rec.relations:
        head, child = by_id.get(rel.head), by_id.get(rel.child)
        if head is None or child is None:
            continue
        relations.append({"head": head.token_end, "child": child.token_end, "label": rel.label,
                          "head_span": _span_json(head), "child_span": _span_json(child)})
    span_json = [_span_json(ts) for ts in placed]
    _count_losses(rec, ctx)
    task_hash = hash32(text, span_json, [(r["head"], r["child"], r["label"])
                                         for r in relations])
    if out is not None:  # the file's task, edited since: its keys, the new annotations
        out["spans"] = span_json
        out["relations"] = relations
        if "_task_hash" in out:
            out["_task_hash"] = task_hash
        return out
    out = {
        "text": text,
        "meta": document_meta(rec.document),
        "tokens": own_raw if own_raw is not None else
        [{"text": text[start:end], "start": start, "end": end, "id": i, "ws": ws}
         for i, (start, end, ws, _space) in enumerate(tokens)],
        "spans": span_json,
        "relations": relations,
        "_input_hash": hash32(text),
        "_task_hash": task_hash,
    }
    if rec.annotator is not None or span_json:  # untouched: an input task, unanswered
        out["answer"] = "accept"
    if rec.annotator is not None:
        out["_annotator_id"] = rec.annotator
        out["_session_id"] = rec.annotator
    return out


def _count_losses(rec: AnnotatedDocument, ctx: ExportContext) -> None:
    """Prodigy spans carry no attributes and no actor links: count what is left out."""
    ctx.report.lose("span attribute value(s) (Prodigy spans hold none)",
                    sum(len(s.attrs) for s in rec.spans))
    ctx.report.lose("actor link(s) (Prodigy spans hold none)",
                    sum(1 for s in rec.spans if s.entity))


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    report = ctx.report
    last = None
    for rec in records:
        first = (rec.document.pk, rec.document.id) != last
        last = (rec.document.pk, rec.document.id)
        for t in tasks(rec, ctx, first):
            out.write(orjson.dumps(t))
            out.write(b"\n")
            if t.get("answer", "accept") == "accept":
                report.spans += len(t.get("spans") or ())
                report.relations += len(t.get("relations") or ())
        report.documents += 1


def _find_or_add(spans: list[Span], keys: dict[tuple, Span], raw: Any, text: str, remap,
                 path: Path, line: int, what: str) -> Span | None:
    if not isinstance(raw, dict):
        raise InputError(path, f"{what} must be an object", line)
    if raw.get("label") in (None, ""):
        return None  # a bare token Prodigy let the analyst link: not a span we can keep
    start, end = checked_offsets(text, remap, raw.get("start"), raw.get("end"),
                                 raw.get("text"), path, line, what)
    span = make_span(path, line, text, lambda x: x, start, end, raw.get("label"), what)
    key = (span.start, span.end, span.label)
    if key not in keys:
        span.id = new_id()
        spans.append(span)
        keys[key] = span
    return keys[key]


def _keep_tokens(tokens: Any, text: str, identity: bool) -> dict[str, Any] | None:
    """The file's tokens, compactly when they are plain (text, start, end, id, ws)."""
    if not isinstance(tokens, list) or not tokens:
        return None
    if not all(isinstance(t, dict) for t in tokens):
        return None
    first = list(tokens[0])
    plain = identity and set(first) <= _TOKEN_KEYS
    flat: list[int] = []
    ws = []
    if plain:
        for i, t in enumerate(tokens):
            start, end = t.get("start"), t.get("end")
            if (list(t) != first or not is_int(start) or not is_int(end)
                    or ("text" in t and t["text"] != text[start:end])
                    or ("id" in t and t["id"] != i)
                    or ("ws" in t and not isinstance(t["ws"], bool))):
                plain = False
                break
            flat += (start, end)
            ws.append("1" if t.get("ws") else "0")
    if not plain:
        return {"tokens_raw": tokens}
    part: dict[str, Any] = {"tokens": flat, "tok_keys": first}
    if "ws" in first:
        part["ws"] = "".join(ws)
    return part


def parse_task(obj: Any, path: Path, line: int, ctx: ImportContext | None
               ) -> AnnotatedDocument | None:
    if not isinstance(obj, dict):
        raise InputError(path, "expected a JSON object (a Prodigy task)", line)
    raw_text = obj.get("text")
    if not isinstance(raw_text, str):
        raise InputError(path, "missing 'text' (a string)", line)
    if not raw_text.strip():
        if ctx is not None:
            ctx.lose("task(s) with empty text (nothing to label), skipped")
        return None
    text, remap = normalize_with_map(raw_text)
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    doc = make_document(text, meta.get("id"), meta)
    annotator = obj.get("_annotator_id") or obj.get("_session_id")
    if annotator is not None and not isinstance(annotator, str):
        annotator = str(annotator)
    layer_key = annotator or (ctx.default_annotator if ctx is not None else None)
    stored_task = {k: (None if k in ("text", "tokens") else v) for k, v in obj.items()}
    token_part = _keep_tokens(obj.get("tokens"), text, remap.identity)
    answer = obj.get("answer", "accept")
    unanswered = "answer" not in obj and not obj.get("spans") and not obj.get("relations")
    if answer != "accept" or unanswered:  # a source task or a rejected one: the text alone
        if answer != "accept" and ctx is not None:
            ctx.keep(f"task(s) answered {answer!r} (their spans are not annotations)")
        extras.attach(doc, NAME, {**(token_part or {}), "tasks": [
            {"key": "", "task": stored_task, "items": []}]})
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
        ctx.keep("relation(s) between unlabeled tokens", skipped)
    extras.attach(doc, NAME, {**(token_part or {}), "tasks": [
        {"key": layer_key or "", "task": stored_task,
         "items": extras.items(spans, relations)}]})
    return AnnotatedDocument(doc, annotator, "done", spans, relations, line, str(path))


def _offsets_from_tokens(raw: dict, tokens: list, path: Path, line: int, i: int) -> dict:
    ts, te = raw["token_start"], raw["token_end"]
    if not (0 <= ts <= te < len(tokens)) or not all(
            isinstance(tokens[k], dict) for k in (ts, te)):
        raise InputError(path, f"span {i}: token_start/token_end outside the tokens", line)
    return {**raw, "start": tokens[ts].get("start"), "end": tokens[te].get("end")}


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    for n, obj in iter_json_lines(path):
        rec = parse_task(obj, path, n, ctx)
        if rec is not None:
            yield rec
