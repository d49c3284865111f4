"""The sample articles a new user finds in the window's default database."""

from __future__ import annotations

from annotator.assets import sample_paths
from annotator.store.store import ImportSummary, Store


def load_samples_if_empty(store: Store, annotator: str) -> ImportSummary | None:
    """Import the shipped samples into an empty database; None when it holds documents."""
    if store.count_documents():
        return None
    from annotator.transfer.pipeline import import_paths

    return import_paths(store, sample_paths(), "text", annotator)
