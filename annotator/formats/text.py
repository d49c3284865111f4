"""Plain text and Markdown articles, one a file.

A first line that is only a date ("Sunday, February 11, 2024") becomes `published` and the
next non-empty line the title; otherwise the first non-empty line is the title. Boilerplate
lines a blog or news platform put at the start or end ("No comments:", "Post a Comment",
share prompts, cookie notices) are trimmed and counted, unless `--keep-boilerplate`; the
rest is stored exactly as read (after the offset rule's newline normalization): HTML-looking
text in a .txt file stays text, character for character. Legacy character sets are read
by `charsets`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.dates import parse_date
from annotator.core.ids import text_hash
from annotator.core.model import AnnotatedDocument, Document
from annotator.formats import boilerplate, language
from annotator.formats.base import ImportContext
from annotator.formats.charsets import read_file


def title_and_date(text: str, markdown: bool = False) -> tuple[str | None, str | None]:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines:
        return None, None
    published = parse_date(lines[0])
    rest = lines[1:] if published else lines
    title = rest[0] if rest else None
    if title and markdown:
        title = title.lstrip("#").strip() or None
    return title, published


def document_from_text(text: str, path: Path | None = None) -> Document:
    markdown = path is not None and path.suffix.lower() in (".md", ".markdown")
    title, published = title_and_date(text, markdown)
    meta = {"file": path.name} if path is not None else {}
    lang = language.detect(text)
    if lang:
        meta["lang"] = lang
    return Document(text_hash(text)[:16], text, title, None, published, meta)


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    text = read_file(path, "text", ctx)
    if ctx is None or not ctx.keep_boilerplate:
        trimmed = boilerplate.trim(text)
        if trimmed.lines_removed and ctx is not None:
            ctx.tally("boilerplate line(s) trimmed", trimmed.lines_removed)
        text = trimmed.text
    yield AnnotatedDocument(document_from_text(text, path), line=1, source_path=str(path))
