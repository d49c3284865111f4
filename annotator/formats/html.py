"""HTML pages (`.html`, `.htm`): the article's main text and metadata, by trafilatura.

The extraction itself lives in `webpage.py` (the feed and crawl-archive readers share it);
this module reads a saved page in its character set and makes the document. A page where
no article is found is imported whole, with a note in the summary and in `meta.extraction`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.ids import text_hash
from annotator.core.model import AnnotatedDocument, Document
from annotator.formats import boilerplate, language
from annotator.formats.base import ImportContext
from annotator.formats.charsets import read_file
from annotator.formats.webpage import Page, extract

WHOLE_PAGE_NOTE = "no article found: the whole page's text"


def page_document(page: Page, meta: dict, ctx: ImportContext | None = None,
                  source: str | None = None) -> Document:
    """A Document from an extracted page; `meta` holds what the caller knows already."""
    text = page.text
    if not page.whole_page and (ctx is None or not ctx.keep_boilerplate):
        trimmed = boilerplate.trim(text)
        if trimmed.lines_removed and ctx is not None:
            ctx.tally("boilerplate line(s) trimmed", trimmed.lines_removed)
        text = trimmed.text
    fields = {"author": page.author, "site_name": page.site_name, "url": page.url}
    meta.update({k: v for k, v in fields.items() if v and not meta.get(k)})
    meta["lang"] = language.detect(text, page.lang_hint)
    if page.whole_page:
        meta["extraction"] = WHOLE_PAGE_NOTE
        if ctx is not None:
            ctx.tally("page(s) where no article was found, imported whole")
    return Document(text_hash(text)[:16], text, page.title, source or page.site_name,
                    page.published, {k: v for k, v in meta.items() if v is not None})


def html_to_document(markup: str, path: Path | None = None,
                     ctx: ImportContext | None = None, url: str | None = None) -> Document:
    """The document of one page's markup; an error when the page has no text at all."""
    page = extract(markup, url)
    if page is None:
        raise InputError(path, "the HTML page has no readable text")
    meta = {"file": path.name} if path is not None else {}
    return page_document(page, meta, ctx)


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    markup = read_file(path, "html", ctx)
    yield AnnotatedDocument(html_to_document(markup, path, ctx), line=1, source_path=str(path))
