"""Fixtures for the interchange-format tests."""

from __future__ import annotations

import pytest
from format_samples import sample_records


@pytest.fixture
def annotated_store(store):
    store.ingest(sample_records(), "nobody")
    return store
