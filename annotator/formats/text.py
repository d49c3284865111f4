"""Plain text and Markdown articles, one a file.

A first line that is only a date ("Sunday, February 11, 2024") becomes `published` and the
next non-empty line the title; otherwise the first non-empty line is the title. The text is
stored exactly as read (after the offset rule's newline normalization): HTML-looking text in
a .txt file stays text, character for character.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.dates import parse_date
from annotator.core.ids import text_hash
from annotator.core.model import AnnotatedDocument, Document
from annotator.core.text import read_text_file
from annotator.formats.base import ImportContext


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
    return Document(text_hash(text)[:16], text, title, None, published, meta)


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    text = read_text_file(path)
    yield AnnotatedDocument(document_from_text(text, path), line=1, source_path=str(path))
