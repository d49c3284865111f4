"""HTML pages turned into readable text: paragraphs kept, scripts and styles dropped,
entities decoded. The title comes from <h1> (else <title>), the date from article metadata."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from annotator.core.dates import parse_date
from annotator.core.errors import InputError
from annotator.core.ids import text_hash
from annotator.core.model import AnnotatedDocument, Document
from annotator.core.text import read_text_file
from annotator.formats.base import ImportContext

SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "nav", "footer",
        "form", "button", "select", "textarea"}
BLOCK = {"p", "div", "section", "article", "header", "main", "aside", "blockquote", "pre",
         "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "figure",
         "figcaption", "dl", "dt", "dd", "hr", "address", "details", "summary", "caption"}
DATE_META = {"article:published_time", "date", "pubdate", "publishdate", "og:published_time",
             "dc.date", "dcterms.date", "datepublished"}
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._in_h1 = False
        self.title_tag: list[str] = []
        self.h1: list[str] = []
        self.published: str | None = None

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._current).replace("\n", " ")).strip()
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name in DATE_META and not self.published:
                self.published = parse_date(a.get("content", ""))
            return
        if tag == "time" and not self.published and a.get("datetime"):
            self.published = parse_date(a["datetime"])
        if tag == "title":
            self._in_title = True
        if tag in SKIP:
            self._skip_depth += 1
            return
        if tag == "h1":
            self._in_h1 = True
        if tag == "br":
            self._current.append("\n")
        if tag in BLOCK:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag == "h1":
            self._in_h1 = False
        if tag in BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_tag.append(data)
        if self._skip_depth:
            return
        if self._in_h1:
            self.h1.append(data)
        self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_document(markup: str, path: Path | None = None) -> Document:
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    text = "\n\n".join(parser.blocks)
    if not text.strip():
        raise InputError(path, "the HTML page has no readable text")
    title = " ".join("".join(parser.h1).split()) or " ".join("".join(parser.title_tag).split())
    meta = {"file": path.name} if path is not None else {}
    return Document(text_hash(text)[:16], text, title or None, None, parser.published, meta)


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    markup = read_text_file(path)
    yield AnnotatedDocument(html_to_document(markup, path), line=1, source_path=str(path))
