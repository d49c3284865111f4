"""Small read queries the window needs beyond the Store's own methods (no Qt)."""

from __future__ import annotations

from annotator.core.model import Span
from annotator.store.store import Store


def live_span(store: Store, span_id: str) -> Span | None:
    """The span if it exists and is not deleted: after a change a view asks what to show."""
    return store.live_span(span_id)
