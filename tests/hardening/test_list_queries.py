"""The document list's filters, each path of `document_pks` checked against a plain filter
in Python (the search path is driven by the search index for speed at 100,000 articles)."""

from __future__ import annotations

import itertools

import pytest

from annotator.core.model import Document


@pytest.fixture
def listed(store):
    texts = ["Kataib Hezbollah said no.", "قال مسؤول in Baghdad 😀", "Baghdad talks «stalled»",
             "Nothing to see", "Kataib in Baghdad again"]
    pks = [store.add_document(Document(f"d{i}", t, title=f"T{i}")) for i, t in enumerate(texts)]
    store.set_status(pks[0], "alice", "done")
    store.set_status(pks[2], "alice", "in_progress")
    store.conn.execute("UPDATE documents SET review_status = 'reviewed' WHERE pk = ?",
                       (pks[4],))
    return store, dict(zip(pks, texts, strict=True))


@pytest.mark.parametrize("search,statuses,review", list(itertools.product(
    [None, "Baghdad", "kataib", "مسؤول", "bagh"], [[], ["new"], ["done", "in_progress"]],
    [[], ["unreviewed"], ["reviewed"]])))
def test_document_pks_filters(listed, search, statuses, review):
    store, texts = listed
    expected = [
        pk for pk, text in texts.items()
        if (search is None or any(w.lower().startswith(search.lower())
                                  for w in text.replace(".", " ").split()))
        and (not statuses or store.status(pk, "alice") in statuses)
        and (not review or store.conn.execute("SELECT review_status FROM documents WHERE pk = ?",
                                              (pk,)).fetchone()[0] in review)]
    got = store.document_pks(annotator="alice", statuses=statuses, search=search,
                             review=review)
    assert got == expected
