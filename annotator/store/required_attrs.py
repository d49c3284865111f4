"""Required attributes in the data: which spans leave a required attribute unset.

The schema marks an attribute `required`; spans are made without it while an analyst
works, so it is a rule of finished work: `annotator check` reports it for layers marked
done, and the window lists the spans of the open layer that still lack one.
"""

from __future__ import annotations

import orjson

from annotator.core.schema_rules import missing_required
from annotator.store.store import Store


def spans_missing_required(store: Store, doc: int, annotator: str) -> dict[str, list[str]]:
    """Span id -> the required attributes it leaves unset, for one layer."""
    schema = store.schema()
    out = {}
    for span in store.spans(doc, annotator):
        missing = missing_required(schema, span.label, span.attrs)
        if missing:
            out[span.id] = missing
    return out


def unset_in_done_layers(store: Store) -> list[tuple[str, str, int]]:
    """(label, attribute, how many spans) left unset in layers marked done."""
    schema = store.schema()
    required = {lab.name: [a.name for a in lab.attributes if a.required]
                for lab in schema.labels}
    required = {k: v for k, v in required.items() if v}
    if not required:
        return []
    counts: dict[tuple[str, str], int] = {}
    marks = ",".join("?" * len(required))
    rows = store.conn.execute(
        f"SELECT s.label, s.attrs FROM spans s JOIN layers l ON l.doc = s.doc AND "
        f"l.annotator = s.annotator WHERE s.deleted = 0 AND l.status = 'done' AND "
        f"s.label IN ({marks})", list(required))
    for label, attrs in rows:
        for name in missing_required(schema, label, orjson.loads(attrs)):
            counts[(label, name)] = counts.get((label, name), 0) + 1
    return [(label, name, n) for (label, name), n in sorted(counts.items())]
