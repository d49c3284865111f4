"""Crawl archives: WARC and WARC.gz files (warcio).

Every HTML response record becomes a document through the same extractor as saved pages
(`webpage.py`), with the record's target URI and date. Records are read one at a time from
the stream: memory stays flat whatever the archive's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument
from annotator.core.text import normalize_newlines, open_input
from annotator.formats.base import ImportContext
from annotator.formats.charsets import codec_for_label, decode, display_name, note

_HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = 64 * 1024 * 1024  # a page bigger than this is not an article


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return codec_for_label(value.strip().strip("\"'"))
    return None


def _decode(body: bytes, content_type: str, where: str) -> tuple[str, str | None]:
    """The page's text by its HTTP charset, else what the page declares or shows."""
    declared = _charset(content_type)
    if declared and declared not in ("utf_8", "utf_8_sig"):
        try:
            return body.decode(declared), f"read from {display_name(declared)} (declared)"
        except UnicodeDecodeError:
            pass
    decoded = decode(body, where, "html")
    return decoded.text, note(decoded)


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from annotator.formats.html import page_document
    from annotator.formats.webpage import extract

    skipped = 0
    with open_input(path) as fh:
        try:
            for n, record in enumerate(ArchiveIterator(fh), 1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode() or ""
                content_type = record.http_headers.get_header("Content-Type") or ""
                if not status.startswith("2") or not any(
                        t in content_type.lower() for t in _HTML_TYPES):
                    skipped += 1
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
                where = f"{path} ({uri})"
                body = record.content_stream().read(MAX_RECORD_BYTES)
                try:
                    markup, key = _decode(body, content_type, where)
                except InputError as exc:
                    raise InputError(path, f"record {n} ({uri}): {exc.reason}") from None
                page = extract(normalize_newlines(markup), uri)
                if page is None:
                    skipped += 1
                    continue
                if key and ctx is not None:
                    ctx.tally(f"archived page(s) {key}")
                meta = {"file": path.name, "warc_target_uri": uri, "warc_date": date}
                doc = page_document(page, meta, ctx)
                if not doc.meta.get("url"):
                    doc.meta["url"] = uri
                if not doc.published and date:
                    doc.published = date[:10]
                yield AnnotatedDocument(doc, line=n, source_path=str(path))
        except ArchiveLoadFailed as exc:
            raise InputError(path, f"not a readable WARC file ({exc})") from None
    if skipped and ctx is not None:
        ctx.tally("archive records that are not HTML pages, skipped", skipped)
