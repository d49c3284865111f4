"""Small read queries the window needs beyond the Store's own methods (no Qt)."""

from __future__ import annotations

from annotator.core.model import Span
from annotator.store.store import SPAN_COLS, Store, _span_from_row


def live_span(store: Store, span_id: str) -> Span | None:
    """The span if it exists and is not deleted: after a change a view asks what to show."""
    row = store.conn.execute(f"SELECT {SPAN_COLS} FROM spans WHERE id = ? AND deleted = 0",
                             (span_id,)).fetchone()
    return _span_from_row(row) if row else None
