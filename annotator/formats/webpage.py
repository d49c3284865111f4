"""One web page's article: its main text and metadata, through trafilatura.

trafilatura (with htmldate for the date) is the extractor the field measures others by: it
drops navigation, ads, share rows and comment sections, and keeps the article's paragraphs.
We keep each of its paragraphs as one paragraph of our text (a blank line between), take
the title from the page's <h1> when the <title> only adds the site's name to it, and the
URL from the page's canonical link. A page where it finds no article is imported whole
(every block of visible text), marked `whole_page`, never dropped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from annotator.core.dates import parse_date

_BLOCK = ("p", "div", "section", "article", "header", "main", "aside", "blockquote", "pre",
          "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "figure",
          "figcaption", "dl", "dt", "dd", "hr", "address", "details", "summary", "caption",
          "nav", "footer", "form", "td", "th")
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "head", "button",
              "select", "textarea", "object", "embed", "canvas")
# The libraries log what they skip; our summary reports it, so keep stderr to our lines.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-\u2013\u2014:\u00b7\u2022»]+\s+")


@dataclass(slots=True)
class Page:
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    url: str | None = None
    lang_hint: str | None = None  # <html lang>
    whole_page: bool = False  # no article found: the page's whole visible text


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _first(tree, xpath: str) -> str | None:
    for value in tree.xpath(xpath):
        value = _clean(value)
        if value:
            return value
    return None


def _paragraphs(text: str) -> str:
    """trafilatura's lines (one per paragraph, heading or list item) as paragraphs."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def whole_page_text(tree) -> str:
    """Every block of visible text of a page, one paragraph each (the fallback)."""
    from lxml import etree

    body = tree.find(".//body")
    root = body if body is not None else tree
    etree.strip_elements(root, *_INVISIBLE, etree.Comment, etree.ProcessingInstruction,
                         with_tail=False)
    for el in root.iter(*_BLOCK):
        el.text = "\n\n" + (el.text or "")
        el.tail = "\n\n" + (el.tail or "")
    for br in root.iter("br"):
        br.tail = " " + (br.tail or "")
    raw = "".join(root.itertext())
    blocks = (" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(raw))
    return "\n\n".join(b for b in blocks if b)


def _title(found: str | None, headings: list[str], site: str | None) -> str | None:
    """The headline: an <h1> the <title> starts with (the rest is the site's name, a date),
    else the <title> without a trailing part naming the site."""
    if not found:
        return headings[0] if headings else None
    folded = found.casefold()
    for heading in headings:
        if len(heading) >= 8 and folded.startswith(heading.casefold()):
            return heading
    parts = _TITLE_SEPARATORS.split(found)
    if len(parts) > 1 and site:
        site_key = re.sub(r"\W", "", site.casefold().removeprefix("www."))
        kept = [p for p in parts
                if re.sub(r"\W", "", p.casefold()) not in (site_key, site_key + "com")]
        if kept and len(kept) < len(parts) and len(" ".join(kept)) >= 8:
            return " - ".join(kept)
    return found


def _parse(markup: str):
    """An lxml tree of the page; fragments ("<p>...</p>") too, which trafilatura refuses."""
    import trafilatura

    tree = trafilatura.load_html(markup)
    if tree is None and markup.strip():
        from lxml import etree, html

        try:
            tree = html.document_fromstring(markup)
        except (etree.ParserError, ValueError):
            return None
    return tree


def extract(markup: str, url: str | None = None) -> Page | None:
    """The page's article and metadata; None when the page holds no text at all."""
    import trafilatura

    tree = _parse(markup)
    if tree is None:
        return None
    canonical = _first(tree, "//link[contains(concat(' ', normalize-space(@rel), ' '),"
                             " ' canonical ')]/@href")
    og_url = _first(tree, "//meta[@property='og:url']/@content")
    headings = [h for h in (_clean(" ".join(el.itertext())) for el in tree.iter("h1")) if h]
    lang_hint = _first(tree, "/html/@lang | /html/@xml:lang"
                             " | //meta[@http-equiv='content-language']/@content")
    result = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False)
    text = _paragraphs(result.text or "") if result is not None else ""
    whole = not text
    meta = result
    if whole:
        from trafilatura.metadata import extract_metadata

        fallback = _parse(markup)
        text = whole_page_text(fallback) if fallback is not None else ""
        if not text:
            return None
        if meta is None:
            meta = extract_metadata(_parse(markup), default_url=url)
    site = _clean(getattr(meta, "sitename", None))
    date = _clean(getattr(meta, "date", None))
    return Page(
        text=text,
        title=_title(_clean(getattr(meta, "title", None)), headings, site),
        author=_clean(getattr(meta, "author", None)),
        published=parse_date(date) if date else None,
        site_name=site,
        url=canonical or og_url or _clean(getattr(meta, "url", None)) or url,
        lang_hint=lang_hint,
        whole_page=whole,
    )
