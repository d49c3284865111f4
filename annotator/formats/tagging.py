"""Per-token IOB2 tags for a record, shared by the CoNLL and Hugging Face writers.

One tag per token cannot hold overlaps: the longest non-overlapping spans are kept and the
rest counted per label in the export report, as are spans snapped onto token boundaries.
"""

from __future__ import annotations

from annotator.core.model import AnnotatedDocument
from annotator.core.overlaps import fit_spans
from annotator.core.tokenize import Tokens, document_words
from annotator.formats.base import ExportContext


def tag_record(rec: AnnotatedDocument, ctx: ExportContext) -> tuple[Tokens, list[str], int]:
    """(word tokens, their IOB2 tags, spans kept) for one record; the report is updated."""
    tokens = document_words(rec.document.text)
    kept, dropped, snapped, unplaced = fit_spans(tokens, rec.spans)
    report = ctx.report
    report.dropped_overlaps.update(dropped)
    report.snapped += snapped
    if unplaced:
        report.notes.append(f"{rec.document.id}: {unplaced} span(s) cover only whitespace "
                            "and were left out")
    tags = ["O"] * len(tokens)
    for ts in kept:
        tags[ts.token_start] = "B-" + ts.label
        inside = "I-" + ts.label
        for k in range(ts.token_start + 1, ts.token_end + 1):
            tags[k] = inside
    return tokens, tags, len(kept)
