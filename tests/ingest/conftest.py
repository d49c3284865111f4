"""Shared by the article-ingest tests: what an import stored, read back from the database."""

from __future__ import annotations

import orjson
import pytest


@pytest.fixture
def stored():
    """`stored(store)`: every document as a dict (id, text, title, source, published, meta)."""

    def read(store) -> list[dict]:
        rows = store.conn.execute(
            "SELECT id, text, title, source, published, meta FROM documents ORDER BY pk")
        return [{"id": r[0], "text": r[1], "title": r[2], "source": r[3], "published": r[4],
                 "meta": orjson.loads(r[5])} for r in rows]

    return read
