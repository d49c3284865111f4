"""Agreement over the store: which layers count as analysts, and the report (no Qt).

An analyst's layer counts on a document when it is marked done and holds at least one span:
the gold layer never counts, nor does a layer someone marked done without labeling anything
(a reviewer's own empty layer, say), which would otherwise add pairs with F1 0.
"""

from __future__ import annotations

from annotator.core.agreement import AgreementReport, DocLayers, compare
from annotator.core.errors import DataError
from annotator.core.model import GOLD
from annotator.store.store import Store


def agreement_input(store: Store) -> tuple[list[DocLayers], list[str]]:
    """Documents with at least two analysts' layers marked done (and not empty), and every
    analyst who labeled anything."""
    conn = store.conn
    done: dict[int, list[str]] = {}
    for doc, annotator in conn.execute(
            "SELECT doc, annotator FROM layers l WHERE status = 'done' AND annotator != ? "
            "AND EXISTS (SELECT 1 FROM spans s WHERE s.doc = l.doc AND "
            "s.annotator = l.annotator AND s.deleted = 0) ORDER BY doc, annotator", (GOLD,)):
        done.setdefault(doc, []).append(annotator)
    shared = {d: a for d, a in done.items() if len(a) >= 2}
    out: dict[int, DocLayers] = {}
    for pk, did, text in conn.execute("SELECT pk, id, text FROM documents ORDER BY pk"):
        if pk in shared:
            out[pk] = DocLayers(did, text, {a: [] for a in shared[pk]})
    for doc, annotator, start, end, label in conn.execute(
            'SELECT doc, annotator, start, "end", label FROM spans WHERE deleted = 0 '
            "AND annotator != ?", (GOLD,)):
        d = out.get(doc)
        if d is not None and annotator in d.layers:
            d.layers[annotator].append((start, end, label))
    everyone = [r[0] for r in conn.execute(
        "SELECT DISTINCT annotator FROM spans WHERE deleted = 0 AND annotator != ? "
        "ORDER BY annotator", (GOLD,))]
    return list(out.values()), everyone


def agreement(store: Store, label: str | None = None) -> AgreementReport:
    """Agreement of every pair of analysts (and alpha over all) in this database."""
    if label is not None and store.schema().label(label) is None:
        raise DataError(f"unknown label {label!r} (labels: "
                        f"{', '.join(store.schema().label_names)})")
    docs, everyone = agreement_input(store)
    return compare(docs, everyone, label)
