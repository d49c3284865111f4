"""CSV (or TSV) files with one article a row: a text column, optional title, source, date.

Other columns go into the document's free metadata. A row without text is refused with its
line number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from annotator.core.dates import parse_date
from annotator.core.errors import InputError
from annotator.core.ids import text_hash
from annotator.core.model import AnnotatedDocument, Document
from annotator.core.text import normalize_newlines, read_text_file
from annotator.formats.base import ImportContext

TEXT_COLUMNS = ("text", "body", "content", "article", "full_text")
TITLE_COLUMNS = ("title", "headline")
SOURCE_COLUMNS = ("source", "publisher", "outlet", "url")
DATE_COLUMNS = ("published", "date", "published_at", "pubdate")
ID_COLUMNS = ("id", "doc_id", "uid")


def _pick(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    return next((lowered[n] for n in names if n in lowered), None)


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    raw = read_text_file(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    if delimiter == ",":
        try:
            delimiter = csv.Sniffer().sniff(raw[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(raw, newline=""), delimiter=delimiter)
    header = reader.fieldnames or []
    text_col = _pick(header, TEXT_COLUMNS)
    if text_col is None:
        raise InputError(path, f"no text column (expected one of {', '.join(TEXT_COLUMNS)})", 1)
    title_col = _pick(header, TITLE_COLUMNS)
    source_col = _pick(header, SOURCE_COLUMNS)
    date_col = _pick(header, DATE_COLUMNS)
    id_col = _pick(header, ID_COLUMNS)
    used = {c for c in (text_col, title_col, source_col, date_col, id_col) if c}
    start_line = 2
    try:
        for row in reader:
            line = start_line
            start_line = reader.line_num + 1
            if None in row:
                raise InputError(path, "row has more fields than the header", line)
            text = normalize_newlines(row.get(text_col) or "")
            if not text.strip():
                raise InputError(path, f"empty '{text_col}'", line)
            date_raw = (row.get(date_col) or "").strip() if date_col else ""
            published = parse_date(date_raw) or (date_raw or None)
            meta = {k: v for k, v in row.items() if k not in used and v not in (None, "")}
            doc_id = (row.get(id_col) or "").strip() if id_col else ""
            doc = Document(doc_id or text_hash(text)[:16], text,
                           (row.get(title_col) or "").strip() or None if title_col else None,
                           (row.get(source_col) or "").strip() or None if source_col else None,
                           published, meta)
            yield AnnotatedDocument(doc, line=line, source_path=str(path))
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})", reader.line_num) from None
