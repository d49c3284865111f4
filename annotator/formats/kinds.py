"""Telling a web page, a feed and a crawl archive apart by their first bytes, so a saved
page named `index.php`, a feed named `news.xml` or an archive without `.warc` import right.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

_HEAD = 4096
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML = re.compile(rb"<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_MARKUP = re.compile(rb"<(p|div|article|h1|h2|title|meta)[\s>/]", re.IGNORECASE)
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            data = fh.read(_HEAD)
            if data[:2] == b"\x1f\x8b":
                fh.seek(0)
                with gzip.GzipFile(fileobj=fh) as gz:
                    return gz.read(_HEAD)
    except (OSError, EOFError, gzip.BadGzipFile):
        return b""
    return data


def sniff(path: Path) -> str | None:
    """"warc", "feed" or "html" when the content says so; None when it does not."""
    head = _head(path)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if _FEED.search(head) and (start.startswith(b"<?xml") or _FEED.match(start)):
        return "feed"
    if _HTML.search(head) or start.startswith(b"<") and _MARKUP.search(head):
        return "html"
    return None


def is_archive_name(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)
