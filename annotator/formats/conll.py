"""CoNLL-2003-style IOB2 (docs/formats.md): one `TOKEN [COLUMNS...] TAG` line per token, a
blank line between sentences, `-DOCSTART-` before each document.

Import rebuilds each document's text from its tokens (single spaces; sentences on their own
lines): the format keeps no spacing. What the text cannot hold is kept with the document
(extras): the token cut, the middle columns (POS, chunk), the DOCSTART and blank lines, the
tags as written. So a file imported and exported again comes back byte for byte, and an edited
document keeps its tokens, columns and sentence breaks, with new tags.

Documents that came from elsewhere get our tokens and sentences (`core.tokenize`), never
cutting a span in two (so every I- tag follows its B-).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument
from annotator.core.text import read_text_file
from annotator.core.tokenize import sentence_starts, token_texts
from annotator.formats import extras
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.spanio import join_tokens, make_document, spans_from_tags
from annotator.formats.tagging import count_unheld, tag_record

DOCSTART = "-DOCSTART-"
NAME = "conll"
TAG = re.compile(r"^(O|[BIESLU]-\S+)$")


def _own_lines(rec: AnnotatedDocument, ctx: ExportContext) -> list[str] | None:
    """The document's lines with the file's own tokens, columns and layout, or None."""
    part = extras.doc_part(rec.document, NAME)
    if "tokens" not in part:
        return None
    text = rec.document.text
    pairs = extras.unpack_offsets(part["tokens"])
    entry = extras.layer(rec.document, NAME, rec.annotator)
    if extras.unchanged(entry, rec) and len(entry.get("tags", ())) == len(pairs):
        tags = entry["tags"]
        count_unheld(rec, ctx, "CoNLL")
    else:
        _tokens, tags, _kept = tag_record(rec, ctx, extras.as_tokens(pairs, text), "CoNLL")
    mids = part.get("mid")
    layout: dict[int, list[str]] = {}
    for index, line in part.get("layout", ()):
        layout.setdefault(index, []).append(line)
    lines: list[str] = []
    for i, (start, end) in enumerate(pairs):
        lines.extend(layout.get(i, ()))
        lines.append(f"{text[start:end]}{mids[i] if mids else ' '}{tags[i]}")
    lines.extend(layout.get(len(pairs), ()))
    return lines


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    report = ctx.report
    for rec in records:
        own = _own_lines(rec, ctx)
        report.documents += 1
        report.spans += len(rec.spans)
        if own is not None:
            out.write(("\n".join(own) + "\n").encode("utf-8"))
            continue
        text = rec.document.text
        tokens, tags, kept = tag_record(rec, ctx, None, "CoNLL")
        report.spans += kept - len(rec.spans)
        starts = {i for i in sentence_starts(text, tokens) if not tags[i].startswith("I-")}
        lines = list(map("{} {}\n".format, token_texts(text, tokens), tags))
        parts = [DOCSTART + " O\n"]
        prev = 0
        for i in sorted(starts):  # a blank line before each sentence
            parts += ("".join(lines[prev:i]), "\n")
            prev = i
        parts += ("".join(lines[prev:]), "\n")
        out.write("".join(parts).encode("utf-8"))


class _Doc:
    """One document as read: its tokens, tags and every other line, in file order."""

    def __init__(self, line: int):
        self.line = line
        self.sentences: list[list[tuple[str, str, int]]] = [[]]
        self.mids: list[str] = []
        self.layout: list[list[Any]] = []
        self.count = 0

    def token(self, token: str, mid: str, tag: str, n: int) -> None:
        self.sentences[-1].append((token, tag, n))
        self.mids.append(mid)
        self.count += 1

    def other(self, raw: str, breaks: bool) -> None:
        self.layout.append([self.count, raw])
        if breaks and self.sentences[-1]:
            self.sentences.append([])


def _split(raw: str, path: Path, n: int) -> tuple[str, str, str]:
    """(token, the columns between with their separators, tag) of one token line."""
    sep = "\t" if "\t" in raw else " "
    first, _, rest = raw.partition(sep)
    middle, _, tag = rest.rpartition(sep)
    if not first or not tag or not rest:
        raise InputError(path, f"expected 'TOKEN TAG', found {raw.strip()!r}", n)
    return first, sep + middle + sep if middle else sep, tag


def _documents(path: Path) -> Iterator[_Doc]:
    """The documents in file order. Each is handed on only once the next one has a token,
    so lines after the last token of the file (a closing -DOCSTART-, blank lines) stay
    with the last document and an export gives them back."""
    ready: _Doc | None = None
    for doc in _read_documents(path):
        if doc.count:
            if ready is not None:
                yield ready
            ready = doc
        elif ready is not None:
            ready.layout.extend([ready.count, line] for _i, line in doc.layout)
    if ready is not None:
        yield ready


def _read_documents(path: Path) -> Iterator[_Doc]:
    text = read_text_file(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the file
    has_docstart = any(ln.startswith(DOCSTART) for ln in lines)
    doc: _Doc | None = None
    for n, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if raw.startswith(DOCSTART):
            if doc is not None and doc.count:
                yield doc
                doc = None
            if doc is None:
                doc = _Doc(n)
            doc.other(raw, True)
            continue
        if not has_docstart and not stripped and doc is not None and doc.count:
            doc.other(raw, True)  # no markers at all: a sentence a document, with its blank
            yield doc
            doc = None
            continue
        if doc is None:
            doc = _Doc(n)
        if not stripped or stripped.startswith("# ") and "=" in stripped or stripped == "#":
            doc.other(raw, not stripped)  # blank lines end sentences; comments do not
            continue
        token, mid, tag = _split(raw.rstrip("\r"), path, n)
        doc.token(token, mid, tag, n)
    if doc is not None:
        yield doc


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    found = False
    layer_key = ctx.default_annotator if ctx is not None else None
    for doc_read in _documents(path):
        found = True
        parts, offsets, tags, lines = [], [], [], []
        pos = 0
        for sentence in doc_read.sentences:
            if not sentence:
                continue
            if parts:
                parts.append("\n")
                pos += 1
            piece, offs = join_tokens([tok for tok, _tag, _n in sentence])
            parts.append(piece)
            offsets.extend((s + pos, e + pos) for s, e in offs)
            tags.extend(tag for _tok, tag, _n in sentence)
            lines.extend(n for _tok, _tag, n in sentence)
            pos += len(piece)
        text = "".join(parts)
        names = ctx.labels if ctx is not None else None
        named = tags
        if names and any(t.isdigit() for t in tags):  # tag ids, named by --labels
            named = [_named(t, names, path, n) for t, n in zip(tags, lines, strict=True)]
        spans = spans_from_tags(named, offsets, path, lines)
        doc = make_document(text)
        part: dict[str, Any] = {"tokens": extras.pack_offsets(offsets),
                                "layout": doc_read.layout}
        if set(doc_read.mids) != {" "}:
            part["mid"] = doc_read.mids
            if ctx is not None:
                ctx.keep("token line(s) with extra columns (POS, chunk...)",
                         len(doc_read.mids))
        extras.attach(doc, NAME, part, layer_key,
                      {"tags": tags, "sig": extras.signature(spans, [])})
        yield AnnotatedDocument(doc, None, None, spans, [], doc_read.line, str(path))
    if not found:
        raise InputError(path, "no tokens found (expected 'TOKEN TAG' lines)")


def _named(tag: str, names: list[str], path: Path, line: int) -> str:
    if not tag.isdigit():
        return tag
    if int(tag) >= len(names):
        raise InputError(path, f"tag {tag} has no name ({len(names)} given with --labels)",
                         line)
    return names[int(tag)]


def looks_like_conll(head: str) -> bool:
    """Content sniffing for a `.txt`: a DOCSTART line, or token lines ending in IOB tags."""
    lines = [ln for ln in head.split("\n")[:200] if ln.strip()]
    if any(ln.startswith(DOCSTART) for ln in lines[:5]):
        return True
    sample = lines[:40]
    if len(sample) < 3:
        return False
    tagged = [ln.split()[-1] for ln in sample if len(ln.split()) >= 2]
    return (len(tagged) == len(sample) and all(TAG.match(t) for t in tagged)
            and any(t != "O" for t in tagged))
