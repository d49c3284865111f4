"""Hugging Face token classification: JSONL `{"id", "tokens", "ner_tags"}` with integer tags,
and the tag names in a small JSON file beside it (`out.jsonl` -> `out.labels.json`,
`{"label_names": ["O", "B-ACTOR", "I-ACTOR", ...]}`), loadable with
`datasets.load_dataset("json", data_files=...)`.

One line per document and layer (not per sentence: the document stays whole, chunk it for
your model's length). Tag ids follow the schema's label order, so every split part of an
export numbers tags the same way. One tag per token: overlaps are left out and counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument
from annotator.core.tokenize import token_texts
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.jsonl import iter_json_lines
from annotator.formats.spanio import is_int, join_tokens, make_document, spans_from_tags
from annotator.formats.tagging import tag_record


def labels_path(path: Path) -> Path:
    """out.jsonl -> out.labels.json (beside the data file)."""
    return path.with_name(f"{path.stem if path.suffix else path.name}.labels.json")


def tag_names(labels: Iterable[str]) -> list[str]:
    names = ["O"]
    for label in labels:
        names += ["B-" + label, "I-" + label]
    return names


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    report = ctx.report
    names = tag_names(ctx.schema.label_names)
    ids = {name: i for i, name in enumerate(names)}
    for rec in records:
        text = rec.document.text
        tokens, tags, kept = tag_record(rec, ctx)
        for tag in tags:
            if tag not in ids:  # a label the schema does not list: append, keep going
                label = tag[2:]
                for name in ("B-" + label, "I-" + label):
                    ids[name] = len(names)
                    names.append(name)
        out.write(orjson.dumps({"id": rec.document.id,
                                "tokens": token_texts(text, tokens),
                                "ner_tags": list(map(ids.__getitem__, tags))}))
        out.write(b"\n")
        report.documents += 1
        report.spans += kept
    payload = orjson.dumps({"label_names": names}, option=orjson.OPT_INDENT_2)
    if ctx.path is not None:
        target = labels_path(ctx.path)
        target.write_bytes(payload + b"\n")
        report.notes.append(f"tag names (label_names) written to {target}")
    else:
        report.notes.append(f"tag names (ner_tags ids in order): {orjson.dumps(names).decode()}")


def _load_names(path: Path) -> list[str] | None:
    target = labels_path(path)
    if not target.exists():
        return None
    try:
        data = orjson.loads(target.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise InputError(target, f"malformed JSON ({exc})") from None
    names = data.get("label_names") if isinstance(data, dict) else data
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InputError(target, "expected {\"label_names\": [\"O\", \"B-...\", ...]}")
    return names


def parse_row(obj: Any, names: list[str] | None, path: Path, line: int) -> AnnotatedDocument:
    if not isinstance(obj, dict):
        raise InputError(path, "expected a JSON object", line)
    tokens, tags = obj.get("tokens"), obj.get("ner_tags")
    if not isinstance(tokens, list) or not tokens or not all(
            isinstance(t, str) and t for t in tokens):
        raise InputError(path, "'tokens' must be a non-empty list of strings", line)
    if not isinstance(tags, list) or len(tags) != len(tokens):
        raise InputError(path, f"'ner_tags' must list one tag per token ({len(tokens)})", line)
    row_names = obj.get("label_names") if isinstance(obj.get("label_names"), list) else names
    str_tags = []
    for tag in tags:
        if isinstance(tag, str):
            str_tags.append(tag)
        elif is_int(tag):
            if row_names is None:
                raise InputError(path, f"integer ner_tags need the tag names: put them in "
                                 f"{labels_path(path).name} as {{\"label_names\": [...]}}", line)
            if not 0 <= tag < len(row_names):
                raise InputError(path, f"ner_tag {tag} has no name ({len(row_names)} known)",
                                 line)
            str_tags.append(row_names[tag])
        else:
            raise InputError(path, "ner_tags must be integers or tag names", line)
    text, offsets = join_tokens(tokens)
    spans = spans_from_tags(str_tags, offsets, path, [line] * len(tokens))
    doc_id = obj.get("id")
    return AnnotatedDocument(make_document(text, doc_id), None, None, spans, [], line,
                             str(path))


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    names = _load_names(path)
    for n, obj in iter_json_lines(path):
        yield parse_row(obj, names, path, n)
