"""Export format `events`: a CSV table of events for analysts (a spreadsheet, pandas), not
for models.

One row per EVENT span of each exported layer: the document's id, date and title, the
analyst, the event's text and offsets, one column per EVENT attribute of the schema (named
`event_date` where an attribute's name is a column's already; others
found on a span go to `other_attributes` as `name=value; ...`), the AGENT and TARGET actors
linked to it (by registry name when the ACTOR span is linked to a registry actor, else the
span's text; several joined with `; `), and the sentence the event stands in.

Plain RFC 4180 CSV in UTF-8 with a header row: `pandas.read_csv(path)` and spreadsheets
read it as it is (`keep_default_na=False` keeps empty cells as empty strings).
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any, BinaryIO

from annotator.core.model import AnnotatedDocument, Span
from annotator.core.tokenize import document_tokens, sentence_starts
from annotator.formats.base import ExportContext

EVENT = "EVENT"
ROLES = ("AGENT", "TARGET")


def _sentence(text: str, cuts: list[int], span: Span) -> str:
    """The sentence (or sentences, when the span crosses a cut) holding the span."""
    i = max(bisect_right(cuts, span.start) - 1, 0)
    j = bisect_right(cuts, max(span.end - 1, span.start))
    start = cuts[i] if cuts else 0
    end = cuts[j] if j < len(cuts) else len(text)
    return " ".join(text[start:end].split())


def _cuts(text: str) -> list[int]:
    tokens = document_tokens(text)
    return [tokens[i].start for i in sentence_starts(text, tokens)] or [0]


def _actor(span: Span, text: str, ctx: ExportContext) -> str:
    if span.entity and ctx.entity_name is not None:
        name = ctx.entity_name(span.entity)
        if name:
            return name
    return " ".join(text[span.start:span.end].split())


def _value(value: Any) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "yes"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    label = ctx.schema.label(EVENT)
    attr_names = [a.name for a in label.attributes] if label is not None else []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    fixed = {"document_id", "date", "title", "analyst", "event", "start", "end",
             "other_attributes", "agent", "target", "sentence"}
    writer.writerow(["document_id", "date", "title", "analyst", "event", "start", "end",
                     *(f"event_{n}" if n in fixed else n for n in attr_names),
                     "other_attributes", "agent", "target", "sentence"])
    report = ctx.report
    for rec in records:
        report.documents += 1
        events = sorted((s for s in rec.spans if s.label == EVENT),
                        key=lambda s: (s.start, s.end))
        if not events:
            continue
        doc = rec.document
        text = doc.text
        cuts = _cuts(text)
        by_id = {s.id: s for s in rec.spans}
        links: dict[tuple[str | None, str], list[str]] = {}
        for rel in rec.relations:
            child = by_id.get(rel.child)
            if rel.label in ROLES and child is not None:
                links.setdefault((rel.head, rel.label), []).append(_actor(child, text, ctx))
        for span in events:
            other = "; ".join(f"{k}={_value(v)}" for k, v in span.attrs.items()
                              if k not in attr_names and _value(v))
            writer.writerow([
                doc.id, doc.published or "", doc.title or "", rec.annotator or "",
                text[span.start:span.end], span.start, span.end,
                *(_value(span.attrs.get(name)) for name in attr_names), other,
                "; ".join(links.get((span.id, "AGENT"), ())),
                "; ".join(links.get((span.id, "TARGET"), ())),
                _sentence(text, cuts, span)])
            report.spans += 1
            report.relations += sum(len(links.get((span.id, r), ())) for r in ROLES)
        out.write(buffer.getvalue().encode("utf-8"))
        buffer.seek(0)
        buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    report.notes.append("one row per EVENT span (other labels are not rows of this table)")
