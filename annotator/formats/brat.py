"""brat standoff (docs/formats.md, "brat"): a folder of `doc.txt` + `doc.ann` pairs.

Export: one analyst's layer (one analyst, or --from/--gold) goes flat into the folder;
several layers go to a sub-folder per analyst (a brat collection each), untouched documents
to the top. A document imported from brat and unchanged since gets its `.ann` back as it
came (events, notes of every type, equivalences, normalizations, attributes on relations).
Otherwise: T lines for spans (a span crossing a newline becomes fragments `0 5;6 10`, as
brat draws it; the fragments of one imported discontinuous annotation become one T line
again), E lines for imported events (trigger plus its role relations), R lines for other
links, A lines for attribute values without spaces, `#` AnnotatorNotes for the others
(`name: value`). The `annotation.conf` declares every label, relation, event and attribute
used, so brat shows the collection without complaints. A document id with `/` (imported
from a sub-folder) goes back to that sub-folder.

Import: see brat_read.py. Documents are identified by their path under the folder, so equal
file names in different sub-folders are different documents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.core.errors import InputError
from annotator.core.format_extras import EXTRAS
from annotator.core.model import AnnotatedDocument
from annotator.formats import extras
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.brat_read import NAME, read_pair
from annotator.formats.spanio import safe_name

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
    entry = extras.layer(rec.document, NAME, rec.annotator) or {}
    events: dict[str, str] = entry.get("events") or {}
    groups = {key: g for g in entry.get("groups") or () for key in g}
    lines: list[str] = []
    tid: dict[str | None, str] = {}
    by_key: dict[str, str] = {}
    a_n = note_n = t_n = 0
    ordered = sorted(rec.spans, key=lambda s: (s.start, s.end, s.label))
    present = {extras.span_key(s): s for s in ordered}
    for span in ordered:
        key = extras.span_key(span)
        if key in by_key:  # a later fragment of a group already written
            tid[span.id] = by_key[key]
            continue
        group = [present[k] for k in groups.get(key, ()) if k in present]
        members = group if len(group) == len(groups.get(key, ())) and group else [span]
        t_n += 1
        t = f"T{t_n}"
        frags = [f for m in members for f in _fragments(text, m.start, m.end)]
        for m in members:
            tid[m.id] = t
            by_key[extras.span_key(m)] = t
        where = ";".join(f"{s} {e}" for s, e in frags)
        shown = " ".join(text[s:e] for s, e in frags)
        lines.append(f"{t}\t{span.label} {where}\t{shown}")
    e_of: dict[str, str] = {}
    for span in ordered:
        key = extras.span_key(span)
        if key in events and tid[span.id] not in e_of:
            e_of[tid[span.id]] = f"E{len(e_of) + 1}"
    targets = {t: e_of.get(t, t) for t in set(tid.values())}
    event_args: dict[str, list[str]] = {e: [] for e in e_of.values()}
    r_n = 0
    rel_lines = []
    for rel in rec.relations:
        if rel.head not in tid or rel.child not in tid:
            continue
        head = tid[rel.head]
        if head in e_of:
            event_args[e_of[head]].append(f"{rel.label}:{targets[tid[rel.child]]}")
        else:
            r_n += 1
            rel_lines.append(f"R{r_n}\t{rel.label} Arg1:{head} Arg2:{tid[rel.child]}\t")
    for span in ordered:
        t = tid[span.id]
        if t in e_of and not any(ln.startswith(f"{e_of[t]}\t") for ln in lines):
            etype = events[extras.span_key(span)]
            lines.append("\t".join([e_of[t], " ".join([f"{etype}:{t}", *event_args[e_of[t]]])]))
    lines += rel_lines
    for span in ordered:
        t = tid[span.id]
        target = e_of.get(t, t)
        for name, value in span.attrs.items():
            if value is None or value is False or value == "":
                continue
            if value is True:
                a_n += 1
                lines.append(f"A{a_n}\t{name} {target}")
            elif _NO_SPACE.match(str(value)) and name != "note":
                a_n += 1
                lines.append(f"A{a_n}\t{name} {target} {value}")
            else:
                note_n += 1
                body = str(value).replace("\r", " ").replace("\n", " ")
                shown_note = body if name == "note" else f"{name}: {body}"
                lines.append(f"#{note_n}\tAnnotatorNotes {target}\t{shown_note}")
    return lines


def annotation_conf(ctx: ExportContext, used: _Used) -> str:
    schema = ctx.schema
    entities = [n for n in schema.label_names if n not in used.events]
    entities += sorted(used.labels - set(schema.label_names) - set(used.events))
    out = ["[entities]", *entities, "", "[relations]"]
    declared = set()
    for rel in schema.relations:
        declared.add(rel.name)
        out.append(f"{rel.name}\tArg1:{rel.head or '<ENTITY>'}, Arg2:{rel.child or '<ENTITY>'}")
    for name in sorted(used.relations - declared):
        out.append(f"{name}\tArg1:<ANY>, Arg2:<ANY>")
    out += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]"]
    for etype, roles in sorted(used.events.items()):
        args = ", ".join(f"{role}*:<ANY>" for role in sorted(roles))
        out.append(f"{etype}\t{args}" if args else etype)
    out += ["", "[attributes]"]
    done = set()
    for lab in schema.labels:
        for attr in lab.attributes:
            if attr.values:
                done.add(attr.name)
                out.append(f"{attr.name}\tArg:{lab.name}, Value:{'|'.join(attr.values)}")
    for name, values in sorted(used.attributes.items()):
        if name in done or name == "note":
            continue
        kinds = "<ENTITY>|<EVENT>"
        out.append(f"{name}\tArg:{kinds}" + (f", Value:{'|'.join(sorted(values))}"
                                             if values else ""))
    return "\n".join(out) + "\n"


class _Used:
    """Every label, relation, event type (with roles) and attribute written."""

    def __init__(self) -> None:
        self.labels: set[str] = set()
        self.relations: set[str] = set()
        self.events: dict[str, set[str]] = {}
        self.attributes: dict[str, set[str]] = {}

    def add(self, rec: AnnotatedDocument, lines: list[str]) -> None:
        self.labels.update(s.label for s in rec.spans)
        for line in lines:
            kind, _, rest = line.partition("\t")
            parts = rest.split("\t")[0].split()
            if kind.startswith("R") and parts:
                self.relations.add(parts[0])
            elif kind.startswith("E") and parts:
                roles = self.events.setdefault(parts[0].split(":")[0], set())
                roles.update(p.split(":")[0] for p in parts[1:])
            elif kind[:1] in "AM" and len(parts) >= 2:
                values = self.attributes.setdefault(parts[0], set())
                if len(parts) > 2:
                    values.add(" ".join(parts[2:]))


def _target(root: Path, doc_id: str, used: set[Path]) -> Path:
    """Where a document's pair goes: its id's sub-folders kept (an id read from a
    sub-folder), each part made safe; a number added when two ids give one name."""
    parts = [safe_name(p) for p in doc_id.split("/") if p not in ("", ".", "..")] or ["doc"]
    base = root.joinpath(*parts)
    stem, n = base.name, 1
    while base in used:
        n += 1
        base = base.with_name(f"{stem}-{n}")
    used.add(base)
    base.parent.mkdir(parents=True, exist_ok=True)
    return base


def write(records: Iterable[AnnotatedDocument], out: BinaryIO | None,
          ctx: ExportContext) -> None:
    if ctx.path is None:
        raise InputError(None, "brat writes a folder: give -o FOLDER")
    root = ctx.path
    report = ctx.report
    used_paths: set[Path] = set()
    used = _Used()
    layers: dict[str, str] = {}  # sub-folder -> analyst, so an import gives layers back
    flat: str | None = None  # the one analyst seen so far, written flat into the folder
    flat_bases: list[tuple[str, Path]] = []
    for rec in records:
        if rec.annotator is not None and flat is None and not layers:
            flat = rec.annotator
        if rec.annotator is not None and rec.annotator != flat and flat is not None:
            _unflatten(root, flat, flat_bases, used_paths)  # a second analyst: sub-folders
            layers[safe_name(flat)] = flat
            flat = None
        if rec.annotator is None or rec.annotator == flat:
            folder = root
        else:
            folder = root / safe_name(rec.annotator)
            layers[folder.name] = rec.annotator
        base = _target(folder, rec.document.id, used_paths)
        if rec.annotator is not None and rec.annotator == flat:
            flat_bases.append((rec.document.id, base))
        entry = extras.layer(rec.document, NAME, rec.annotator)
        if extras.unchanged(entry, rec) and "ann" in entry:
            source = entry["ann"]
            lines = source.split("\n")
            body = source
        else:
            lines = ann_lines(rec)
            body = "\n".join(lines) + "\n" if lines else ""
        base.with_name(base.name + ".txt").write_bytes(rec.document.text.encode("utf-8"))
        base.with_name(base.name + ".ann").write_bytes(body.encode("utf-8"))
        used.add(rec, lines)
        report.documents += 1
        report.spans += len(rec.spans)
        report.relations += len(rec.relations)
    if flat is not None:
        layers = {".": flat}
    (root / "annotation.conf").write_text(annotation_conf(ctx, used), encoding="utf-8",
                                          newline="\n")
    if layers:
        (root / LAYERS_FILE).write_text(json.dumps(layers, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                        encoding="utf-8")


def _unflatten(root: Path, analyst: str, bases: list[tuple[str, Path]],
               used_paths: set[Path]) -> None:
    """A second analyst appeared: the first one's pairs move into its own sub-folder."""
    folder = root / safe_name(analyst)
    for doc_id, base in bases:
        used_paths.discard(base)
        target = _target(folder, doc_id, used_paths)
        for suffix in (".txt", ".ann"):
            base.with_name(base.name + suffix).replace(target.with_name(target.name + suffix))
    bases.clear()


# -- import -------------------------------------------------------------------------


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    path = Path(path)
    if path.is_file():
        anns = [path.with_suffix(".ann")] if path.suffix in (".ann", ".txt") else []
        root = path.parent
    else:
        anns = sorted(p for p in path.rglob("*.ann")
                      if not any(part.startswith(".") for part in p.relative_to(path).parts))
        root = path
    if not anns:
        raise InputError(path, "no .ann files found (brat reads a folder of .txt + .ann)")
    layers = _read_layers(path) if path.is_dir() else {}
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            raise InputError(ann, f"no matching {txt.name} beside it")
        rel = ann.relative_to(root).with_suffix("")
        annotator = layers.get(".")
        if len(rel.parts) > 1 and rel.parts[0] in layers:
            annotator = layers[rel.parts[0]]
            rel = Path(*rel.parts[1:])
        rec = read_pair(ann, txt, ctx, rel.as_posix())
        if ctx is not None:
            ctx.files += 1
        if rec is None:
            continue
        if annotator == layers.get(".") and not rec.spans:
            annotator = None  # a flat export's untouched document
        rec.annotator = annotator
        if annotator is not None:
            entry = (rec.document.meta.get(EXTRAS) or {}).get("layers") or {}
            if ctx is not None and ctx.default_annotator in entry:
                entry[annotator] = entry.pop(ctx.default_annotator)
        yield rec


def _read_layers(root: Path) -> dict[str, str]:
    """Which sub-folder holds whose layer, as our export wrote it (absent in other tools'
    collections, whose sub-folders are just folders; "." names the analyst of a flat one)."""
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
