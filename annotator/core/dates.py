"""Recognising a publication date written the ways news articles write it."""

from __future__ import annotations

import re
from datetime import datetime

_FORMATS = (
    "%A, %B %d, %Y", "%A %B %d, %Y", "%B %d, %Y", "%b %d, %Y", "%A, %d %B %Y", "%d %B %Y",
    "%d %b %Y", "%a, %d %b %Y", "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%A, %b %d, %Y",
)
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


def parse_date(line: str) -> str | None:
    """The ISO date (YYYY-MM-DD) a line states, or None when the line is not just a date."""
    s = " ".join(line.strip().split())
    if not s or len(s) > 40:
        return None
    m = _ISO_PREFIX.match(s)
    if m:
        s = m.group(1)
    for fmt in _FORMATS:
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    return None
