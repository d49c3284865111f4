"""RSS and Atom feeds (feedparser): one document per entry.

An entry's text is its full content (`content:encoded`, Atom `<content>`) where present,
else its summary; HTML in it becomes paragraphs of text. The entry's link, title, author
and date are kept, the feed's title as the source. The file is decoded by `charsets` first
(declared encoding, else detected), so a feed that claims UTF-8 and is not is an error.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.ids import text_hash
from annotator.core.model import AnnotatedDocument, Document
from annotator.formats import boilerplate, language
from annotator.formats.base import ImportContext
from annotator.formats.charsets import read_file

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def _iso_date(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _entry_html(entry) -> tuple[str, str]:
    """(value, MIME type) of the entry's fullest text: content, else summary."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        return best["value"], best.get("type") or "text/html"
    detail = entry.get("summary_detail") or {}
    return entry.get("summary") or "", detail.get("type") or "text/html"


def entry_text(value: str, mime: str) -> str:
    """The entry's text with a blank line between paragraphs."""
    if not any(t in mime for t in _HTML_TYPES) or "<" not in value:
        return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", value)
                           if p.strip())
    from lxml import html

    from annotator.formats.webpage import whole_page_text

    try:
        tree = html.document_fromstring(f"<html><body>{value}</body></html>")
    except ValueError:
        return " ".join(value.split())
    return whole_page_text(tree)


def parse(markup: str, path: Path | None = None):
    """feedparser's result for the feed's text (already decoded: the declaration goes)."""
    import feedparser

    data = _XML_DECL.sub("", markup, count=1).encode("utf-8")
    # A stream, never a string: feedparser would take a string that looks like a URL
    # as one to fetch, and the import must not touch the network.
    result = feedparser.parse(io.BytesIO(data), sanitize_html=True,
                              response_headers={"content-type": "application/xml; "
                                                                "charset=utf-8"})
    if not result.entries and (result.bozo or not result.get("version")):
        exc = result.get("bozo_exception")
        line = exc.getLineNumber() if hasattr(exc, "getLineNumber") else None
        reason = f" ({exc})" if exc else ""
        raise InputError(path, f"not a readable RSS or Atom feed{reason}", line)
    return result


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    result = parse(read_file(path, "xml", ctx), path)
    if result.bozo and ctx is not None:
        ctx.tally("feed(s) not well-formed, read leniently")
    feed = result.feed
    feed_title = " ".join((feed.get("title") or "").split()) or None
    feed_lang = feed.get("language")
    empty = 0
    for n, entry in enumerate(result.entries, 1):
        value, mime = _entry_html(entry)
        text = entry_text(value, mime)
        if not text:
            empty += 1
            continue
        if ctx is None or not ctx.keep_boilerplate:
            trimmed = boilerplate.trim(text)
            if trimmed.lines_removed and ctx is not None:
                ctx.tally("boilerplate line(s) trimmed", trimmed.lines_removed)
            text = trimmed.text
        title = " ".join((entry.get("title") or "").split()) or None
        meta = {"file": path.name, "url": entry.get("link"), "author": entry.get("author"),
                "feed": feed_title, "entry_id": entry.get("id"),
                "lang": language.detect(text, entry.get("language") or feed_lang)}
        published = _iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        doc = Document(text_hash(text)[:16], text, title, feed_title, published,
                       {k: v for k, v in meta.items() if v})
        yield AnnotatedDocument(doc, line=n, source_path=str(path))
    if empty and ctx is not None:
        ctx.tally("feed entries without text, skipped", empty)
