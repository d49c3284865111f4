"""CoNLL-2003-style IOB2 (docs/formats.md): one `TOKEN TAG` line per token, a blank line between
sentences, `-DOCSTART- O` before each document.

Sentences come from the simple rule in `core.tokenize.sentence_starts`, never cutting a
span in two (so every I- tag follows its B-). Import rebuilds each document's text from its
tokens (single spaces; sentences on their own lines): the format keeps no spacing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument
from annotator.core.text import read_text_file
from annotator.core.tokenize import sentence_starts, token_texts
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.spanio import join_tokens, make_document, spans_from_tags
from annotator.formats.tagging import tag_record

DOCSTART = "-DOCSTART-"


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    report = ctx.report
    for rec in records:
        text = rec.document.text
        tokens, tags, kept = tag_record(rec, ctx)
        starts = {i for i in sentence_starts(text, tokens) if not tags[i].startswith("I-")}
        lines = list(map("{} {}\n".format, token_texts(text, tokens), tags))
        parts = [DOCSTART + " O\n"]
        prev = 0
        for i in sorted(starts):  # a blank line before each sentence
            parts += ("".join(lines[prev:i]), "\n")
            prev = i
        parts += ("".join(lines[prev:]), "\n")
        out.write("".join(parts).encode("utf-8"))
        report.documents += 1
        report.spans += kept


def _documents(path: Path) -> Iterator[tuple[int, list[list[tuple[str, str, int]]]]]:
    """(line where the document starts, its sentences of (token, tag, line))."""
    text = read_text_file(path)
    lines = text.split("\n")
    has_docstart = any(ln.split(maxsplit=1)[:1] == [DOCSTART] for ln in lines)
    doc_line: int | None = None
    sentences: list[list[tuple[str, str, int]]] = []
    current: list[tuple[str, str, int]] = []
    for n, raw in enumerate(lines, 1):
        cols = raw.split()
        if not cols or cols[0] == DOCSTART:
            if current:
                sentences.append(current)
                current = []
            if sentences and (cols or not has_docstart):
                yield doc_line or n, sentences  # no markers at all: a sentence a document
                sentences, doc_line = [], None
            continue
        if cols[0] == "#" and len(cols) >= 3 and cols[2] == "=":
            continue  # a comment such as "# id = 17"
        if len(cols) < 2:
            raise InputError(path, f"expected 'TOKEN TAG', found {raw.strip()!r}", n)
        if doc_line is None:
            doc_line = n
        current.append((cols[0], cols[-1], n))
    if current:
        sentences.append(current)
    if sentences:
        yield doc_line or 1, sentences


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    found = False
    for line, sentences in _documents(path):
        found = True
        parts, offsets, tags, lines = [], [], [], []
        pos = 0
        for sentence in sentences:
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
        spans = spans_from_tags(tags, offsets, path, lines)
        yield AnnotatedDocument(make_document(text), None, None, spans, [], line, str(path))
    if not found:
        raise InputError(path, "no tokens found (expected 'TOKEN TAG' lines)")
