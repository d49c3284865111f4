"""Which annotations a model learns from, and the held-out split by document.

A training example is one finished layer of one document. The layer is chosen like an
export's: `--gold`, `--from NAME`, or by default the gold layer where any gold document is
finished, else every analyst's finished layers. "Finished" is status `done` (a gold layer
also counts once its document is reviewed). When the chosen layers hold no finished
document at all, the annotated (in progress) ones are taken instead, with a note: a CoNLL
or Hugging Face import arrives fully labelled but in progress.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.core.errors import DataError
from annotator.core.model import GOLD
from annotator.store import Store


@dataclass(slots=True)
class LabeledDoc:
    """One layer of one document: the text and its spans as (start, end, label)."""

    doc_id: str
    text: str
    layer: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    lang: str | None = None  # the document's meta.lang (which language to train for)


@dataclass(slots=True)
class Selection:
    examples: list[LabeledDoc]
    layers: list[str]  # whose layers were read ("gold", or analysts' names)
    notes: list[str] = field(default_factory=list)


def _layer_rows(store: Store, annotators: Sequence[str] | None, statuses: Sequence[str],
                reviewed_gold: bool) -> list[tuple[int, str]]:
    """(doc pk, annotator) of the wanted layers, in document order."""
    marks = ",".join("?" * len(statuses))
    sql = f"SELECT l.doc, l.annotator FROM layers l WHERE (l.status IN ({marks})"
    args: list = list(statuses)
    if reviewed_gold:
        sql += (" OR (l.annotator = 'gold' AND l.doc IN "
                "(SELECT pk FROM documents WHERE review_status = 'reviewed'))")
    sql += ")"
    if annotators is not None:
        sql += f" AND l.annotator IN ({','.join('?' * len(annotators))})"
        args += list(annotators)
    else:
        sql += " AND l.annotator != 'gold'"
    sql += " ORDER BY l.doc, l.annotator"
    return [(r[0], r[1]) for r in store.conn.execute(sql, args)]


def choose_layers(store: Store, from_: Sequence[str] | None, gold: bool
                  ) -> tuple[list[tuple[int, str]], list[str], list[str]]:
    """The (doc, layer) pairs to learn from, the layers' owners and notes for the user."""
    notes: list[str] = []
    if gold:
        wanted: list[str] | None = [GOLD]
    elif from_:
        wanted = list(from_)
    else:
        gold_rows = _layer_rows(store, [GOLD], ["done"], True)
        wanted = [GOLD] if gold_rows else None
    rows = _layer_rows(store, wanted, ["done"], wanted == [GOLD])
    if not rows:
        rows = [r for r in _layer_rows(store, wanted, ["in_progress"], False)
                if _has_spans(store, *r)]
        if rows:
            notes.append(f"no finished document in {_describe(wanted)}: using the "
                         f"{len(rows)} annotated layer(s) in progress")
    owners = sorted({a for _d, a in rows})
    return rows, owners, notes


def _describe(wanted: Sequence[str] | None) -> str:
    if wanted is None:
        return "any analyst's layer"
    return "the layer(s) " + ", ".join(wanted)


def _has_spans(store: Store, doc: int, annotator: str) -> bool:
    return store.conn.execute(
        "SELECT 1 FROM spans WHERE doc = ? AND annotator = ? AND deleted = 0 LIMIT 1",
        (doc, annotator)).fetchone() is not None


def load_examples(store: Store, rows: Iterable[tuple[int, str]],
                  labels: Sequence[str] | None = None) -> list[LabeledDoc]:
    """The texts and spans of these layers (only `labels`, when given)."""
    keep = set(labels) if labels else None
    out: list[LabeledDoc] = []
    texts: dict[int, tuple[str, str, str | None]] = {}
    for pk, annotator in rows:
        if pk not in texts:
            doc = store.document(pk)
            lang = doc.meta.get("lang")
            # layers of one document come together
            texts = {pk: (doc.id, doc.text, lang if isinstance(lang, str) else None)}
        doc_id, text, lang = texts[pk]
        spans = sorted({(s.start, s.end, s.label) for s in store.spans(pk, annotator)
                        if keep is None or s.label in keep})
        out.append(LabeledDoc(doc_id, text, annotator, spans, lang))
    return out


def select(store: Store, from_: Sequence[str] | None = None, gold: bool = False,
           labels: Sequence[str] | None = None) -> Selection:
    rows, owners, notes = choose_layers(store, from_, gold)
    return Selection(load_examples(store, rows, labels), owners, notes)


def document_languages(examples: Iterable[LabeledDoc]) -> list[str | None]:
    """Each chosen document's `meta.lang` once (a document two analysts finished counts
    once)."""
    return list({e.doc_id: e.lang for e in examples}.values())


def split_by_document(examples: Sequence[LabeledDoc], eval_fraction: float, seed: int
                      ) -> tuple[list[LabeledDoc], list[LabeledDoc]]:
    """(train, held out): every layer of a document falls on the same side. The same
    documents, fraction and seed always give the same split, whatever their order."""
    if not 0.0 <= eval_fraction < 1.0:
        raise DataError(f"--eval-split must be at least 0 and below 1, not {eval_fraction}")
    ids = sorted({e.doc_id for e in examples})
    random.Random(seed).shuffle(ids)
    n_eval = round(len(ids) * eval_fraction)
    if eval_fraction > 0 and len(ids) >= 2:
        n_eval = min(max(n_eval, 1), len(ids) - 1)
    held = set(ids[:n_eval])
    train = [e for e in examples if e.doc_id not in held]
    evaluation = [e for e in examples if e.doc_id in held]
    return train, evaluation


def label_tiers(examples: Iterable[LabeledDoc], labels: Sequence[str]) -> list[list[str]]:
    """Labels in groups whose spans never overlap each other in the data, so each group can
    be one NER component (a QUOTE that holds an ACTOR puts them in different groups).
    Greedy colouring, labels in the order given."""
    clash: dict[str, set[str]] = {lab: set() for lab in labels}
    for ex in examples:
        spans = sorted(s for s in ex.spans if s[2] in clash)
        for i, (start, end, label) in enumerate(spans):
            for other_start, _other_end, other in spans[i + 1:]:
                if other_start >= end:
                    break
                if other != label:
                    clash[label].add(other)
                    clash[other].add(label)
    tiers: list[list[str]] = []
    for lab in labels:
        for tier in tiers:
            if not clash[lab] & set(tier):
                tier.append(lab)
                break
        else:
            tiers.append([lab])
    return tiers
