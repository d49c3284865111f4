"""Shared set-up of the rich-annotation tests: the sample articles stored as documents."""

from __future__ import annotations

import pytest

from annotator.transfer.pipeline import import_paths


@pytest.fixture
def article(store, sample_article):
    """The Iraq article in the store: (document row, its text)."""
    import_paths(store, [sample_article])
    doc = store.document(store.document_pks()[0])
    return doc.pk, doc.text


@pytest.fixture
def crlf_doc(store, crlf_sample):
    """The CRLF/Arabic/emoji sample as stored (newlines normalized): (row, text)."""
    import_paths(store, [crlf_sample])
    doc = store.document(store.document_pks()[-1])
    return doc.pk, doc.text
