"""Reading brat standoff (`.ann` beside `.txt`): every line type brat writes.

T lines become spans (fragments in any order; fragments separated only by whitespace join
into one span, others become separate spans, said once per kind). E lines (events) become
their trigger span plus one relation per role argument, role name as the label, trigger as
head (an argument that is itself an event points at that event's trigger). R lines become
relations. A and M lines on T and E ids become attribute values of the span (or trigger);
AnnotatorNotes on T and E ids its `note`. What the database has no place for (attributes
and notes on relations, other note types, equivalences, normalizations) is kept with the
document with the `.ann` as written, so an unchanged document exports as it came.

Offsets are checked against the text each T line carries: CRLF counted as two characters
(brat issue #853) and UTF-16 units are recognized and converted; anything else that does not
match is an error naming the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.ids import new_id
from annotator.core.model import AnnotatedDocument, Relation, Span
from annotator.core.text import OffsetMap, decode_bytes, normalize_newlines
from annotator.formats import extras
from annotator.formats.base import ImportContext
from annotator.formats.spanio import make_document

NAME = "brat"


class _Lines:
    """The .ann parsed into its kinds, each with its line number."""

    def __init__(self, ann: Path, source: str):
        self.t: list[tuple[int, str, str, list[tuple[int, int]], str]] = []
        self.e: list[tuple[int, str, str, list[tuple[str, str]]]] = []
        self.r: list[tuple[int, str, str, str, str]] = []
        self.a: list[tuple[int, str, str, str, str | bool]] = []
        self.notes: list[tuple[int, str, str, str]] = []
        self.other: dict[str, int] = {}
        for n, line in enumerate(source.replace("\r\n", "\n").split("\n"), 1):
            if line.strip():
                self._line(ann, n, line)

    def _line(self, ann: Path, n: int, line: str) -> None:
        kind = line[0]
        fields = line.split("\t")
        body = fields[1] if len(fields) > 1 else ""
        parts = body.split()
        if kind == "T":
            if len(fields) < 2 or len(parts) < 3:
                raise InputError(ann, "a T line needs 'T1<TAB>LABEL START END<TAB>TEXT'", n)
            label, _, where = body.partition(" ")
            try:
                frags = [tuple(int(x) for x in part.split()) for part in where.split(";")]
            except ValueError:
                raise InputError(ann, f"offsets {where!r} are not integers", n) from None
            if not frags or any(len(f) != 2 for f in frags):
                raise InputError(ann, f"offsets {where!r} are not 'START END[;START END]'", n)
            self.t.append((n, fields[0], label, sorted(frags),
                           fields[2] if len(fields) > 2 else ""))
        elif kind == "E":
            head = parts[0].split(":", 1) if parts else []
            if len(head) != 2 or not all(head):
                raise InputError(ann, "an E line needs 'E1<TAB>TYPE:T1 [ROLE:ID...]'", n)
            args = [tuple(p.split(":", 1)) for p in parts[1:]]
            if any(len(a) != 2 or not all(a) for a in args):
                raise InputError(ann, f"event arguments {' '.join(parts[1:])!r} are not "
                                 "'ROLE:ID'", n)
            self.e.append((n, fields[0], head[0], [(head[1], "")] + args))
        elif kind == "R":
            args = [p.split(":", 1) for p in parts[1:]]
            if len(parts) < 3 or any(len(a) != 2 for a in args):
                raise InputError(ann, "an R line needs 'R1<TAB>TYPE Arg1:T1 Arg2:T2'", n)
            self.r.append((n, fields[0], parts[0], args[0][1], args[1][1]))
        elif kind in "AM":
            if len(parts) < 2:
                raise InputError(ann, "an A line needs 'A1<TAB>NAME ID [VALUE]'", n)
            value: str | bool = " ".join(parts[2:]) if len(parts) > 2 else True
            self.a.append((n, fields[0], parts[0], parts[1], value))
        elif kind == "#":
            if len(parts) < 2:
                raise InputError(ann, "a note needs '#1<TAB>TYPE ID<TAB>TEXT'", n)
            self.notes.append((n, parts[0], parts[1], fields[2] if len(fields) > 2 else ""))
        elif kind in "*N":
            self.other[kind] = self.other.get(kind, 0) + 1
        else:
            raise InputError(ann, f"unknown brat line {line[:30]!r}", n)


def _utf16_map(text: str):
    """UTF-16 unit offset -> code point offset, for files counted as JavaScript does."""
    table, pos = {}, 0
    for i, ch in enumerate(text):
        table[pos] = i
        pos += 2 if ord(ch) > 0xFFFF else 1
    table[pos] = len(text)
    return lambda x: table.get(x, -1)


def _matches(text: str, remap, entries) -> bool:
    for _n, _tid, _label, frags, shown in entries:
        if not shown:
            continue
        got = " ".join(text[max(remap(s), 0):max(remap(e), 0)] for s, e in frags)
        if got.split() != shown.split():
            return False
    return True


def _offset_map(raw: str, text: str, lines: _Lines, ann: Path):
    """How the file counts offsets: code points of the text as read, of the CRLF text, or
    UTF-16 units; checked against the text of every T line."""
    candidates = [lambda x: x]
    if "\r\n" in raw:
        candidates.insert(0, OffsetMap(raw))
    if any(ord(ch) > 0xFFFF for ch in text):
        candidates.append(_utf16_map(text))
    for remap in candidates:
        if _matches(text, remap, lines.t):
            return remap
    remap = candidates[0]
    for n, tid, label, frags, shown in lines.t:  # name the first line that does not fit
        got = " ".join(text[max(remap(s), 0):max(remap(e), 0)] for s, e in frags)
        if shown and got.split() != shown.split():
            where = ";".join(f"{s} {e}" for s, e in frags)
            raise InputError(ann, f"{tid} ({label} {where}) covers {got[:40]!r} in the text, "
                             f"not {shown[:40]!r}", n)
    return remap


def read_pair(ann: Path, txt: Path, ctx: ImportContext | None, doc_id: str
              ) -> AnnotatedDocument | None:
    raw = decode_bytes(txt.read_bytes(), txt)
    text = normalize_newlines(raw)
    source = decode_bytes(ann.read_bytes(), ann)
    lines = _Lines(ann, source)
    if not text.strip():
        if lines.t:
            raise InputError(txt, "empty file, but its .ann has annotations")
        if ctx is not None:
            ctx.lose("empty document(s) (nothing to label), skipped")
        return None
    remap = _offset_map(raw, text, lines, ann)
    spans: list[Span] = []
    by_id: dict[str, Span] = {}
    groups: list[list[str]] = []
    split = 0
    for n, tid, label, frags, _shown in lines.t:
        pieces: list[tuple[int, int]] = []
        for s0, e0 in frags:
            s, e = remap(s0), remap(e0)
            if not (0 <= s < e <= len(text)):
                raise InputError(ann, f"{tid} ({label} {s0} {e0}) lies outside the text of "
                                 f"{txt.name} (length {len(text)})", n)
            if pieces and not text[pieces[-1][1]:s].strip():
                pieces[-1] = (pieces[-1][0], max(e, pieces[-1][1]))  # only whitespace between
            else:
                pieces.append((s, e))
        made = [Span(s, e, label, new_id()) for s, e in pieces]
        if len(made) > 1:
            split += 1
            groups.append([extras.span_key(sp) for sp in made])
        spans.extend(made)
        by_id[tid] = made[0]
    if split and ctx is not None:
        ctx.said("discontinuous brat span(s) imported as separate spans (exported again "
                 "as one)", split)
    relations: list[Relation] = []
    events: dict[str, str] = {}  # trigger span key -> event type
    triggers: dict[str, Span] = {}
    for n, eid, etype, args in lines.e:
        trigger = by_id.get(args[0][0])
        if trigger is None:
            raise InputError(ann, f"event {eid} names an unknown trigger {args[0][0]!r}", n)
        triggers[eid] = trigger
        events[extras.span_key(trigger)] = etype
    for n, eid, _etype, args in lines.e:
        for role, target in args[1:]:
            child = by_id.get(target) or triggers.get(target)
            if child is None:
                raise InputError(ann, f"event {eid}: argument {role}:{target} names an "
                                 "unknown annotation", n)
            relations.append(Relation(triggers[eid].id, child.id, role, new_id()))
    rel_ids = set()
    for n, rid, label, a1, a2 in lines.r:
        head, child = by_id.get(a1), by_id.get(a2)
        if head is None or child is None:
            raise InputError(ann, f"relation {rid} names an unknown span", n)
        relations.append(Relation(head.id, child.id, label, new_id()))
        rel_ids.add(rid)
    kept = _attach(ann, lines, by_id, triggers, rel_ids, ctx)
    doc = make_document(text, doc_id, {"file": txt.name})
    layer: dict[str, Any] = {"ann": source, "sig": extras.signature(spans, relations)}
    if events:
        layer["events"] = events
    if groups:
        layer["groups"] = groups
    if ctx is not None:
        for kind, n in kept.items():
            ctx.keep(kind, n)
    key = ctx.default_annotator if ctx is not None else None
    extras.attach(doc, NAME, None, key, layer)
    return AnnotatedDocument(doc, None, None, spans, relations, None, str(ann))


def _attach(ann: Path, lines: _Lines, by_id: dict[str, Span], triggers: dict[str, Span],
            rel_ids: set[str], ctx: ImportContext | None) -> dict[str, int]:
    """Attributes and notes onto their spans; what has no place is counted (kept)."""
    kept: dict[str, int] = {}

    def keep(kind: str) -> None:
        kept[kind] = kept.get(kind, 0) + 1

    for n, _aid, name, target, value in lines.a:
        span = by_id.get(target) or triggers.get(target)
        if span is not None:
            span.attrs[name] = value
        elif target in rel_ids:
            keep("brat attribute(s) on relations")
        else:
            raise InputError(ann, f"attribute {name} names an unknown annotation {target!r}",
                             n)
    for n, kind, target, body in lines.notes:
        span = by_id.get(target) or triggers.get(target)
        known = span is not None or target in rel_ids
        if not known:
            raise InputError(ann, f"note on unknown annotation {target!r}", n)
        if kind != "AnnotatorNotes" or span is None:
            keep(f"brat {kind} note(s)" + (" on relations" if span is None else ""))
            continue
        name, sep, value = body.partition(": ")
        label = ctx.schema.label(span.label) if ctx is not None else None
        if sep and label is not None and label.attribute(name) is not None:
            span.attrs[name] = value
        else:
            span.attrs["note"] = (span.attrs["note"] + "\n" + body
                                  if "note" in span.attrs else body)
    names = {"*": "brat equivalence(s) (*)", "N": "brat normalization(s) (N)"}
    for kind, n in lines.other.items():
        kept[names[kind]] = n
    return kept
