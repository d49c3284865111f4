"""Native JSONL: one line per document and analyst layer (docs/architecture.md, "Native JSONL").

The writer streams; the reader checks each line and names it when something is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from annotator.core.errors import InputError
from annotator.core.format_extras import detected_keys
from annotator.core.model import GOLD, STATUSES, AnnotatedDocument, Document, Relation, Span
from annotator.core.text import normalize_with_map, open_input
from annotator.formats.base import ExportContext, ImportContext

RECORDS_CARRY_META = True  # each record has its own metadata: a lang import detects is marked

META_KEYS = ("title", "source", "published")
# One record (line) at most: an article is a few KB and a book a few MB, so a longer line is
# almost surely not JSON Lines; refusing it keeps memory bounded instead of parsing 100 MB.
MAX_LINE_BYTES = 32 * 1024 * 1024


def record_to_json(rec: AnnotatedDocument) -> dict[str, Any]:
    doc = rec.document
    text = doc.text
    meta = {"title": doc.title, "source": doc.source, "published": doc.published}
    skip = detected_keys(doc.meta)  # a `lang` import detected for a record without one
    for key, value in doc.meta.items():
        if key not in meta and key not in skip:
            meta[key] = value
    spans = sorted(rec.spans, key=lambda s: (s.start, s.end, s.label))
    return {
        "id": doc.id,
        "text": text,
        "meta": meta,
        "annotator": rec.annotator,
        "status": rec.status or "new",
        "spans": [{"id": s.id, "start": s.start, "end": s.end, "label": s.label,
                   "text": text[s.start:s.end], "attrs": s.attrs, "entity": s.entity}
                  for s in spans],
        "relations": [{"id": r.id, "head": r.head, "child": r.child, "label": r.label}
                      for r in rec.relations],
    }


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    report = ctx.report
    dumps = orjson.dumps
    for rec in records:
        obj = record_to_json(rec)
        if rec.annotator == GOLD and ctx.review is not None and rec.document.pk is not None:
            obj.update(ctx.review(rec.document.pk))  # "review" and "decisions"
        out.write(dumps(obj))
        out.write(b"\n")
        report.documents += 1
        report.spans += len(rec.spans)
        report.relations += len(rec.relations)


def _fail(path: Path, line: int, reason: str) -> InputError:
    return InputError(path, reason, line)


def _opt_str(value: Any, what: str, path: Path, line: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise _fail(path, line, f"'{what}' must be text")
    return value


def parse_record(obj: Any, path: Path, line: int) -> AnnotatedDocument:
    """One JSON object of a native file as a core record (offsets remapped off CRLF)."""
    if not isinstance(obj, dict):
        raise _fail(path, line, "expected a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise _fail(path, line, "missing 'text' (a string)")
    if not text.strip():
        raise _fail(path, line, "empty 'text'")
    text, remap = normalize_with_map(text)
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise _fail(path, line, "'meta' must be an object")
    extra = {k: v for k, v in meta.items() if k not in META_KEYS}
    doc_id = obj.get("id")
    if isinstance(doc_id, bool) or (doc_id is not None and not isinstance(doc_id, (str, int))):
        raise _fail(path, line, "'id' must be text")
    doc = Document(str(doc_id) if doc_id is not None else None, text,
                   _opt_str(meta.get("title"), "meta.title", path, line),
                   _opt_str(meta.get("source"), "meta.source", path, line),
                   _opt_str(meta.get("published"), "meta.published", path, line), extra)
    annotator = obj.get("annotator")
    if annotator is not None and not (isinstance(annotator, str) and annotator.strip()):
        raise _fail(path, line, "'annotator' must be a name or null")
    status = obj.get("status")
    if status is not None and status not in STATUSES:
        raise _fail(path, line, f"unknown status {status!r} (expected one of "
                    f"{', '.join(STATUSES)})")
    raw_spans = obj.get("spans") or []
    if not isinstance(raw_spans, list):
        raise _fail(path, line, "'spans' must be a list")
    if remap.identity:
        remap = None  # no CRLF: offsets are already those of the stored text
    length = len(text)
    spans = [_parse_span(s, i, text, length, remap, path, line)
             for i, s in enumerate(raw_spans)]
    raw_rels = obj.get("relations") or []
    if not isinstance(raw_rels, list):
        raise _fail(path, line, "'relations' must be a list")
    relations = []
    for i, r in enumerate(raw_rels):
        if not isinstance(r, dict) or not all(isinstance(r.get(k), str)
                                              for k in ("head", "child", "label")):
            raise _fail(path, line, f"relation {i}: needs 'head', 'child' and 'label' as text")
        rid = r.get("id")
        relations.append(Relation(r["head"], r["child"], r["label"],
                                  str(rid) if rid is not None else None))
    return AnnotatedDocument(doc, annotator, status, spans, relations, line, str(path))


def _parse_span(s: Any, i: int, text: str, length: int, remap, path: Path,
                line: int) -> Span:
    """One span, checked; the hot loop of an import, so type() tests and few lookups."""
    if type(s) is not dict:
        raise _fail(path, line, f"span {i}: expected an object")
    get = s.get
    start, end, label = get("start"), get("end"), get("label")
    if type(start) is not int or type(end) is not int:  # bool is refused too
        raise _fail(path, line, f"span {i}: 'start' and 'end' must be integers")
    if type(label) is not str or not label.strip():
        raise _fail(path, line, f"span {i}: missing 'label'")
    if remap is not None:
        start, end = remap(start), remap(end)
    if start < 0 or end > length:
        raise _fail(path, line, f"span {i} ({label} {s['start']}-{s['end']}) lies outside "
                    f"the text (length {length})")
    if start >= end:
        raise _fail(path, line, f"span {i} ({label} {s['start']}-{s['end']}): start must be "
                    "before end")
    claimed = get("text")
    if type(claimed) is str and claimed != text[start:end]:
        claimed = claimed.replace("\r\n", "\n").replace("\r", "\n")
        if claimed != text[start:end]:
            raise _fail(path, line, f"span {i} ({label} {s['start']}-{s['end']}): its text "
                        f"{claimed[:40]!r} differs from the document's {text[start:end][:40]!r} "
                        "(offsets must count code points)")
    attrs = get("attrs") or {}
    if type(attrs) is not dict:
        raise _fail(path, line, f"span {i}: 'attrs' must be an object")
    entity = get("entity")
    if entity is not None and type(entity) is not str:
        raise _fail(path, line, f"span {i}: 'entity' must be an id or null")
    sid = get("id")
    if sid is not None and type(sid) is not str:
        sid = str(sid)
    return Span(start, end, label, sid, attrs, entity)


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object) for each non-empty line; bad JSON names its line."""
    with open_input(path) as fh:
        any_line = False
        for n, raw in enumerate(iter(partial(fh.readline, MAX_LINE_BYTES + 1), b""), 1):
            if len(raw) > MAX_LINE_BYTES:
                raise InputError(path, f"line longer than {MAX_LINE_BYTES >> 20} MB, the limit "
                                 "for one record (is this one big JSON document rather than "
                                 "JSON Lines?)", n)
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            any_line = True
            if b"\x00" in raw:
                raise InputError(path, "binary data (NUL byte), not JSON", n)
            try:
                obj = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                # Tell invalid UTF-8 apart from malformed JSON.
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise InputError(path, "invalid UTF-8", n) from None
                raise InputError(path, f"malformed JSON ({exc})", n) from None
            except RecursionError:
                raise InputError(path, "JSON nested too deeply", n) from None
            yield n, obj
        if not any_line:
            raise InputError(path, "empty file")


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    logs = 0
    for n, obj in iter_json_lines(path):
        if (ctx is not None and isinstance(obj, dict) and isinstance(obj.get("text"), str)
                and not obj["text"].strip()):
            ctx.lose("record(s) with empty text (nothing to label), skipped")
            continue  # well-formed, nothing to label: counted, not fatal
        if isinstance(obj, dict) and obj.get("decisions"):
            logs += 1
        yield parse_record(obj, path, n)
    if logs and ctx is not None:  # lossless or loud: the review log is not imported
        ctx.notes.append(f"{path}: {logs} gold record(s) carry a review log ('decisions') "
                         "that import does not keep; `annotator merge` the file to keep it")
