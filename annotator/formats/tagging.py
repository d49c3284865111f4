"""Per-token IOB2 tags for a record, shared by the CoNLL and Hugging Face writers.

One tag per token cannot hold overlaps: the longest non-overlapping spans are kept and the
rest counted per label in the export report, as are spans snapped onto token boundaries.
"""

from __future__ import annotations

from annotator.core.model import AnnotatedDocument
from annotator.core.overlaps import fit_spans
from annotator.core.tokenize import Tokens, document_words
from annotator.formats.base import ExportContext


def tag_record(rec: AnnotatedDocument, ctx: ExportContext, tokens: Tokens | None = None,
               fmt: str = "this format") -> tuple[Tokens, list[str], int]:
    """(word tokens, their IOB2 tags, spans kept) for one record; the report is updated.
    `tokens`: the file's own tokens when the document came with them (else ours)."""
    if tokens is None:
        tokens = document_words(rec.document.text)
    count_unheld(rec, ctx, fmt)
    kept, dropped, snapped, unplaced = fit_spans(tokens, rec.spans)
    report = ctx.report
    report.dropped_overlaps.update(dropped)
    report.snapped += snapped
    report.lose("span(s) covering only whitespace", unplaced)
    tags = ["O"] * len(tokens)
    for ts in kept:
        tags[ts.token_start] = "B-" + ts.label
        inside = "I-" + ts.label
        for k in range(ts.token_start + 1, ts.token_end + 1):
            tags[k] = inside
    return tokens, tags, len(kept)


def count_unheld(rec: AnnotatedDocument, ctx: ExportContext, fmt: str) -> None:
    """Relations, attributes and actor links a tags-only format cannot hold, counted."""
    report = ctx.report
    report.lose(f"relation(s) ({fmt} holds none)", len(rec.relations))
    report.lose(f"span attribute value(s) ({fmt} holds none)",
                sum(len(s.attrs) for s in rec.spans))
    report.lose(f"actor link(s) ({fmt} holds none)", sum(1 for s in rec.spans if s.entity))
