"""brat standoff (docs/formats.md, "brat"): a folder of `doc.txt` + `doc.ann` pairs.

Export: each analyst's layer goes to a sub-folder named after the analyst (a brat
collection each), untouched documents to the top; `.txt` is written with `\n` newlines and
offsets count code points over it. T lines for spans (a span crossing a newline becomes
fragments `0 5;6 10`, as brat draws it), R lines for links, A lines for attribute values
without spaces, `#` AnnotatorNotes for the others (`name: value`). An `annotation.conf`
from the schema lets brat show the collection without complaints.

Import: every `.ann` under the folder with its `.txt`. Fragments separated only by
whitespace join back into one span; other discontinuous spans become separate spans and
the import says so. A `.txt` with CRLF is normalized; its offsets are read as counting
`\r\n` as two characters unless the T lines' own text shows they count it as one (the
trap of brat issue #853), and remapped either way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.core.errors import InputError
from annotator.core.ids import new_id
from annotator.core.model import AnnotatedDocument, Relation, Span
from annotator.core.text import OffsetMap, decode_bytes, normalize_newlines
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.spanio import make_document, safe_name

LAYERS_FILE = "annotator-layers.json"

_NO_SPACE = re.compile(r"^\S+$")


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of [start, end) between newlines (brat draws no span over a newline)."""
    out = []
    pos = start
    for piece in text[start:end].split("\n"):
        s, e = pos, pos + len(piece)
        pos = e + 1
        # leave out the whitespace at the cut so each fragment starts and ends on text
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out or [(start, end)]


def ann_lines(rec: AnnotatedDocument) -> list[str]:
    text = rec.document.text
    lines: list[str] = []
    tid: dict[str | None, str] = {}
    a_n = note_n = 0
    for i, span in enumerate(sorted(rec.spans, key=lambda s: (s.start, s.end, s.label)), 1):
        t = f"T{i}"
        tid[span.id] = t
        frags = _fragments(text, span.start, span.end)
        where = ";".join(f"{s} {e}" for s, e in frags)
        shown = " ".join(text[s:e] for s, e in frags)
        lines.append(f"{t}\t{span.label} {where}\t{shown}")
        for name, value in span.attrs.items():
            if value is None or value is False or value == "":
                continue
            if value is True:
                a_n += 1
                lines.append(f"A{a_n}\t{name} {t}")
            elif _NO_SPACE.match(str(value)) and name != "note":
                a_n += 1
                lines.append(f"A{a_n}\t{name} {t} {value}")
            else:
                note_n += 1
                body = str(value).replace("\r", " ").replace("\n", " ")
                shown_note = body if name == "note" else f"{name}: {body}"
                lines.append(f"#{note_n}\tAnnotatorNotes {t}\t{shown_note}")
    for k, rel in enumerate(rec.relations, 1):
        if rel.head in tid and rel.child in tid:
            lines.append(f"R{k}\t{rel.label} Arg1:{tid[rel.head]} Arg2:{tid[rel.child]}")
    return lines


def annotation_conf(ctx: ExportContext, labels: set[str]) -> str:
    schema = ctx.schema
    names = schema.label_names + sorted(labels - set(schema.label_names))
    out = ["[entities]", *names, "", "[relations]"]
    for rel in schema.relations:
        out.append(f"{rel.name}\tArg1:{rel.head or '<ENTITY>'}, Arg2:{rel.child or '<ENTITY>'}")
    out += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", "",
            "[attributes]"]
    for lab in schema.labels:
        for attr in lab.attributes:
            if attr.values:
                out.append(f"{attr.name}\tArg:{lab.name}, Value:{'|'.join(attr.values)}")
    return "\n".join(out) + "\n"


def write(records: Iterable[AnnotatedDocument], out: BinaryIO | None,
          ctx: ExportContext) -> None:
    if ctx.path is None:
        raise InputError(None, "brat writes a folder: give -o FOLDER")
    root = ctx.path
    report = ctx.report
    used: set[Path] = set()
    labels: set[str] = set()
    layers: dict[str, str] = {}  # sub-folder -> analyst, so an import gives layers back
    for rec in records:
        folder = root / safe_name(rec.annotator) if rec.annotator else root
        if rec.annotator:
            layers[folder.name] = rec.annotator
        folder.mkdir(parents=True, exist_ok=True)
        stem = safe_name(rec.document.id)
        base, n = folder / stem, 1
        while base in used:
            n += 1
            base = folder / f"{stem}-{n}"
        used.add(base)
        lines = ann_lines(rec)
        base.with_name(base.name + ".txt").write_bytes(rec.document.text.encode("utf-8"))
        base.with_name(base.name + ".ann").write_bytes(
            ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
        labels.update(s.label for s in rec.spans)
        report.documents += 1
        report.spans += len(rec.spans)
        report.relations += sum(1 for ln in lines if ln.startswith("R"))
    (root / "annotation.conf").write_text(annotation_conf(ctx, labels), encoding="utf-8",
                                          newline="\n")
    if layers:
        (root / LAYERS_FILE).write_text(json.dumps(layers, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")


# -- import -------------------------------------------------------------------------


def _offset_basis(raw: str, entries: list[tuple]) -> bool:
    """True when offsets count `\r\n` as two characters (so they need remapping)."""
    if "\r\n" not in raw:
        return False
    flat = normalize_newlines(raw)
    as_raw = as_flat = 0
    for _line, _tid, _label, frags, shown in entries:
        if not shown:
            continue
        s, e = frags[0][0], frags[-1][1]
        want = shown.replace("\n", " ")
        as_raw += raw[s:e].replace("\r\n", " ").replace("\n", " ").startswith(want[:10])
        as_flat += flat[s:e].replace("\n", " ").startswith(want[:10])
    return as_raw >= as_flat


def read_pair(ann: Path, txt: Path, ctx: ImportContext | None) -> AnnotatedDocument:
    raw = decode_bytes(txt.read_bytes(), txt)
    text = normalize_newlines(raw)
    if not text.strip():
        raise InputError(txt, "empty file")
    notes = ctx.notes if ctx is not None else []
    entries, rel_lines, attr_lines, note_lines = [], [], [], []
    ann_text = decode_bytes(ann.read_bytes(), ann)
    for n, line in enumerate(ann_text.replace("\r\n", "\n").split("\n"), 1):
        if not line.strip():
            continue
        kind = line[0]
        fields = line.split("\t")
        if kind == "T":
            if len(fields) < 2:
                raise InputError(ann, "a T line needs 'T1<TAB>LABEL START END<TAB>TEXT'", n)
            label, _, where = fields[1].partition(" ")
            try:
                frags = [tuple(int(x) for x in part.split()) for part in where.split(";")]
            except ValueError:
                raise InputError(ann, f"offsets {where!r} are not integers", n) from None
            if not frags or any(len(f) != 2 for f in frags):
                raise InputError(ann, f"offsets {where!r} are not 'START END[;START END]'", n)
            entries.append((n, fields[0], label, frags, fields[2] if len(fields) > 2 else ""))
        elif kind == "R":
            rel_lines.append((n, fields))
        elif kind in "AM":
            attr_lines.append((n, fields))
        elif kind == "#":
            note_lines.append((n, fields))
        elif kind in "E*N":
            notes.append(f"{ann}:{n}: brat {kind} lines (events, equivalences, "
                         "normalizations) are not imported")
        else:
            raise InputError(ann, f"unknown brat line {line[:30]!r}", n)
    remap = OffsetMap(raw) if _offset_basis(raw, entries) else (lambda x: x)
    spans: list[Span] = []
    by_tid: dict[str, Span] = {}
    for n, tid, label, frags, _shown in entries:
        pieces = []
        for s, e in frags:
            s, e = remap(s), remap(e)
            if not (0 <= s < e <= len(text)):
                raise InputError(ann, f"{tid} ({label} {s}-{e}) lies outside the text of "
                                 f"{txt.name} (length {len(text)})", n)
            if pieces and not text[pieces[-1][1]:s].strip():
                pieces[-1] = (pieces[-1][0], e)  # only whitespace between: one span
            else:
                pieces.append((s, e))
        if len(pieces) > 1:
            notes.append(f"{ann}:{n}: {tid} is discontinuous "
                         f"({';'.join(f'{s} {e}' for s, e in frags)}): imported as "
                         f"{len(pieces)} separate spans")
        for k, (s, e) in enumerate(pieces):
            span = Span(s, e, label, new_id())
            spans.append(span)
            if k == 0:
                by_tid[tid] = span
    relations = []
    for n, fields in rel_lines:
        parts = fields[1].split() if len(fields) > 1 else []
        args = dict(p.split(":", 1) for p in parts[1:] if ":" in p)
        ends = list(args.values())
        if len(parts) < 3 or len(ends) < 2:
            raise InputError(ann, "an R line needs 'R1<TAB>TYPE Arg1:T1 Arg2:T2'", n)
        head, child = by_tid.get(ends[0]), by_tid.get(ends[1])
        if head is None or child is None:
            raise InputError(ann, f"relation {fields[0]} names an unknown span", n)
        relations.append(Relation(head.id, child.id, parts[0]))
    for n, fields in attr_lines:
        parts = fields[1].split() if len(fields) > 1 else []
        if len(parts) < 2 or parts[1] not in by_tid:
            raise InputError(ann, "an A line needs 'A1<TAB>NAME T1 [VALUE]'", n)
        by_tid[parts[1]].attrs[parts[0]] = " ".join(parts[2:]) if len(parts) > 2 else True
    for n, fields in note_lines:
        parts = fields[1].split() if len(fields) > 1 else []
        if len(parts) < 2 or parts[0] != "AnnotatorNotes":
            continue  # other comment lines carry nothing we keep
        span = by_tid.get(parts[1])
        if span is None:
            raise InputError(ann, f"note on unknown span {parts[1]!r}", n)
        body = fields[2] if len(fields) > 2 else ""
        name, sep, value = body.partition(": ")
        label = ctx.schema.label(span.label) if ctx is not None else None
        if sep and label is not None and label.attribute(name) is not None:
            span.attrs[name] = value
        else:
            span.attrs["note"] = (span.attrs["note"] + "\n" + body
                                  if "note" in span.attrs else body)
    doc = make_document(text, txt.stem, {"file": txt.name})
    return AnnotatedDocument(doc, None, None, spans, relations, None, str(ann))


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    path = Path(path)
    if path.is_file():
        anns = [path.with_suffix(".ann")] if path.suffix in (".ann", ".txt") else []
    else:
        anns = sorted(p for p in path.rglob("*.ann")
                      if not any(part.startswith(".") for part in p.relative_to(path).parts))
    if not anns:
        raise InputError(path, "no .ann files found (brat reads a folder of .txt + .ann)")
    layers = _read_layers(path) if path.is_dir() else {}
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            raise InputError(ann, f"no matching {txt.name} beside it")
        rec = read_pair(ann, txt, ctx)
        if ann.parent != path and ann.parent.parent == path:
            rec.annotator = layers.get(ann.parent.name)
        yield rec


def _read_layers(root: Path) -> dict[str, str]:
    """Which sub-folder holds whose layer, as our export wrote it (absent in other tools'
    collections, whose sub-folders are just folders)."""
    marker = root / LAYERS_FILE
    if not marker.is_file():
        return {}
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(marker, f"unreadable layer list ({exc})") from None
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in data.items()):
        raise InputError(marker, "expected an object of folder name -> analyst name")
    return data
