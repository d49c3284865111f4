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
from annotator.formats import extras
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.spanio import (
    is_int,
    join_tokens,
    json_records,
    make_document,
    spans_from_tags,
)
from annotator.formats.tagging import count_unheld, tag_record

NAME = "hf"


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
    names: list[str] | None = None
    ids: dict[str, int] = {}

    def tag_id(tag: str) -> int:
        if tag not in ids:  # a label the names do not list: append, keep going
            label = tag[2:] if tag[1:2] == "-" else tag
            for name in (tag,) if tag[1:2] != "-" else ("B-" + label, "I-" + label):
                if name not in ids:
                    ids[name] = len(names)
                    names.append(name)
        return ids[tag]

    for rec in records:
        text = rec.document.text
        part = extras.doc_part(rec.document, NAME)
        entry = extras.layer(rec.document, NAME, rec.annotator)
        row_names = entry.get("names") if entry else None
        if names is None:  # the file's own numbering when the data came from one
            names = list(row_names) if row_names else tag_names(ctx.schema.label_names)
            ids.update({name: i for i, name in enumerate(names)})
        flat = part.get("tokens")
        own = None
        report.documents += 1
        if entry is not None and flat is not None and "row" in entry:
            row = dict(entry["row"])
            tok_key, tag_key = entry.get("keys", ("tokens", "ner_tags"))
            row[tok_key] = list(map(text.__getitem__, map(slice, flat[0::2], flat[1::2])))
            if extras.unchanged(entry, rec):
                tags = entry["tags"]
                count_unheld(rec, ctx, "Hugging Face")
                report.spans += len(rec.spans)
            else:
                own = extras.as_tokens(extras.unpack_offsets(flat), text)
                _tokens, tags, kept = tag_record(rec, ctx, own, "Hugging Face")
                report.spans += kept
            as_ints = entry.get("ints", True)
            row[tag_key] = list(map(tag_id, tags)) if as_ints else tags
            out.write(orjson.dumps(row))
            out.write(b"\n")
            continue
        if flat is not None:
            own = extras.as_tokens(extras.unpack_offsets(flat), text)
        tokens, tags, kept = tag_record(rec, ctx, own, "Hugging Face")
        out.write(orjson.dumps({"id": rec.document.id,
                                "tokens": token_texts(text, tokens),
                                "ner_tags": list(map(tag_id, tags))}))
        out.write(b"\n")
        report.spans += kept
    if names is None:
        names = tag_names(ctx.schema.label_names)
    payload = orjson.dumps({"label_names": names}, option=orjson.OPT_INDENT_2)
    if ctx.path is not None:
        target = labels_path(ctx.path)
        target.write_bytes(payload + b"\n")
        report.notes.append(f"tag names (label_names) written to {target}")
    else:
        report.notes.append(f"tag names (ner_tags ids in order): {orjson.dumps(names).decode()}")


def load_names_file(target: Path) -> list[str]:
    """Tag names from a JSON file: a list, or {"label_names": [...]} (also "names",
    "id2label" as Hugging Face configs write it)."""
    try:
        data = orjson.loads(target.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise InputError(target, f"malformed JSON ({exc})") from None
    except OSError as exc:
        raise InputError(target, f"cannot read ({exc.strerror})") from None
    if isinstance(data, dict):
        if isinstance(data.get("id2label"), dict):
            try:
                pairs = sorted((int(k), v) for k, v in data["id2label"].items())
            except ValueError:
                raise InputError(target, "id2label keys must be integers") from None
            data = [v for _k, v in pairs]
        else:
            data = data.get("label_names", data.get("names"))
    if not isinstance(data, list) or not all(isinstance(n, str) for n in data):
        raise InputError(target, "expected {\"label_names\": [\"O\", \"B-...\", ...]}")
    return data


def _load_names(path: Path) -> list[str] | None:
    target = labels_path(path)
    return load_names_file(target) if target.exists() else None


KEY_PAIRS = (("tokens", "ner_tags"), ("words", "ner"), ("tokens", "tags"), ("words", "tags"),
             ("tokens", "labels"))


def parse_row(obj: Any, names: list[str] | None, path: Path, line: int,
              ctx: ImportContext | None = None) -> AnnotatedDocument | None:
    if not isinstance(obj, dict):
        raise InputError(path, "expected a JSON object", line)
    tok_key, tag_key = next(((a, b) for a, b in KEY_PAIRS if a in obj and b in obj),
                            ("tokens", "ner_tags"))
    tokens, tags = obj.get(tok_key), obj.get(tag_key)
    if isinstance(tokens, list) and not tokens and tags == []:
        if ctx is not None:
            ctx.lose("row(s) with no tokens (nothing to label), skipped")
        return None
    if not isinstance(tokens, list) or not tokens or set(map(type, tokens)) != {str} \
            or not all(tokens):
        raise InputError(path, f"'{tok_key}' must be a non-empty list of strings", line)
    if not isinstance(tags, list) or len(tags) != len(tokens):
        raise InputError(path, f"'{tag_key}' must list one tag per token ({len(tokens)})",
                         line)
    row_names = obj.get("label_names") if isinstance(obj.get("label_names"), list) else names
    kinds = set(map(type, tags))
    ints = int in kinds
    if kinds == {int} and row_names is not None and 0 <= min(tags) <= max(tags) < len(
            row_names):  # the usual case, at C speed
        str_tags = list(map(row_names.__getitem__, tags))
    elif kinds == {str}:
        str_tags = tags
    else:
        str_tags = _named_tags(tags, row_names, tag_key, path, line)
    return _record(obj, tokens, str_tags, tok_key, tag_key, ints, row_names, path, line, ctx)


def _named_tags(tags: list, row_names: list[str] | None, tag_key: str, path: Path,
                line: int) -> list[str]:
    """Tag names for a row of ids and names mixed, each checked (errors name the line)."""
    str_tags = []
    for tag in tags:
        if isinstance(tag, str):
            str_tags.append(tag)
        elif is_int(tag):
            if row_names is None:
                raise InputError(path, f"integer {tag_key} need the tag names: put them in "
                                 f"{labels_path(path).name} as {{\"label_names\": [...]}} "
                                 "or give --labels", line)
            if not 0 <= tag < len(row_names):
                raise InputError(path, f"{tag_key} {tag} has no name ({len(row_names)} known)",
                                 line)
            str_tags.append(row_names[tag])
        else:
            raise InputError(path, f"{tag_key} must be integers or tag names", line)
    return str_tags


def _record(obj: dict, tokens: list[str], str_tags: list[str], tok_key: str, tag_key: str,
            ints: bool, row_names: list[str] | None, path: Path, line: int,
            ctx: ImportContext | None) -> AnnotatedDocument:
    text, offsets = join_tokens(tokens)
    spans = spans_from_tags(str_tags, offsets, path, [line] * len(tokens))
    doc_id = obj.get("id")
    doc = make_document(text, doc_id)
    row = {k: (None if k in (tok_key, tag_key) else v) for k, v in obj.items()}
    layer_key = ctx.default_annotator if ctx is not None else None
    extras.attach(doc, NAME, {"tokens": extras.pack_offsets(offsets)}, layer_key,
                  {"row": row, "keys": [tok_key, tag_key], "tags": str_tags, "ints": ints,
                   "names": row_names if ints else None,
                   "sig": extras.signature(spans, [])})
    return AnnotatedDocument(doc, None, None, spans, [], line, str(path))


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    names = ctx.labels if ctx is not None and ctx.labels else None
    if names is None:
        names = _load_names(path)
    for n, obj in json_records(path):
        rec = parse_row(obj, names, path, n, ctx)
        if rec is not None:
            yield rec
