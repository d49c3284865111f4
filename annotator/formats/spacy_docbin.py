"""spaCy v3 DocBin (`.spacy`): one Doc per document and layer, built from OUR tokens
(`Doc(vocab, words, spaces)`) so its text and offsets are exactly the document's.

`doc.spans["sc"]` holds every span (snapped outward to tokens, counted); `doc.ents` the
longest non-overlapping ones (the rest counted per label). The document id, metadata and
analyst ride in `doc.user_data`, so an import brings them back. Needs the `spacy` extra.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.model import AnnotatedDocument, Span
from annotator.core.overlaps import longest_non_overlapping
from annotator.core.text import normalize_with_map, open_input
from annotator.core.tokenize import document_tokens, snap_spans, token_texts
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.spanio import document_meta, make_document, make_span

INSTALL_HINT = "install the spacy extra: pip install 'annotator[spacy]'"
GROUP = "sc"


def _spacy() -> Any:
    try:
        import spacy  # noqa: F401
        from spacy.tokens import Doc, DocBin
        from spacy.tokens import Span as SpacySpan
        from spacy.vocab import Vocab
    except ImportError:
        raise AnnotatorError(INSTALL_HINT) from None
    return Doc, DocBin, SpacySpan, Vocab


def require() -> None:
    """Fail early, before any output is written, when spaCy is missing."""
    _spacy()


def build_doc(rec: AnnotatedDocument, vocab: Any, ctx: ExportContext) -> Any:
    Doc, _DocBin, SpacySpan, _Vocab = _spacy()
    text = rec.document.text
    tokens = document_tokens(text)
    doc = Doc(vocab, words=token_texts(text, tokens), spaces=[t[2] for t in tokens])  # t.ws
    placed, snapped, unplaced = snap_spans(tokens, rec.spans)
    report = ctx.report
    report.snapped += snapped
    if unplaced:
        report.notes.append(f"{rec.document.id}: {unplaced} span(s) cover only whitespace "
                            "and were left out")
    doc.spans[GROUP] = [SpacySpan(doc, ts.token_start, ts.token_end + 1, label=ts.label)
                        for ts in placed]
    kept, dropped = longest_non_overlapping(placed)
    report.dropped_overlaps.update(dropped)
    doc.ents = [SpacySpan(doc, ts.token_start, ts.token_end + 1, label=ts.label)
                for ts in kept]
    doc.user_data["annotator"] = rec.annotator
    doc.user_data["status"] = rec.status
    doc.user_data["meta"] = document_meta(rec.document)
    doc.user_data["attrs"] = [[ts.start, ts.end, ts.label, ts.span.attrs]
                              for ts in placed if ts.span.attrs]
    return doc


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    _Doc, DocBin, _SpacySpan, Vocab = _spacy()
    vocab = Vocab()
    docbin = DocBin(store_user_data=True)
    report = ctx.report
    for rec in records:
        doc = build_doc(rec, vocab, ctx)
        docbin.add(doc)
        report.documents += 1
        report.spans += len(doc.spans[GROUP])
    out.write(docbin.to_bytes())


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    _Doc, DocBin, _SpacySpan, Vocab = _spacy()
    with open_input(path) as fh:
        data = fh.read()
    try:
        docbin = DocBin(store_user_data=True).from_bytes(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(path, f"not a spaCy DocBin ({exc})") from None
    for n, doc in enumerate(docbin.get_docs(Vocab()), 1):
        text, remap = normalize_with_map(doc.text)
        if not text.strip():
            raise InputError(path, f"document {n} has no text")
        data = doc.user_data if isinstance(doc.user_data, dict) else {}
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        found = list(doc.spans[GROUP]) if GROUP in doc.spans else []
        found += list(doc.ents)
        spans: list[Span] = []
        seen: set[tuple] = set()
        for k, s in enumerate(found):
            key = (s.start_char, s.end_char, s.label_)
            if key in seen:
                continue
            seen.add(key)
            spans.append(make_span(path, None, text, remap, s.start_char, s.end_char, s.label_,
                                   f"document {n}, span {k}"))
        attrs = {(a[0], a[1], a[2]): a[3] for a in data.get("attrs") or []
                 if isinstance(a, (list, tuple)) and len(a) == 4 and isinstance(a[3], dict)}
        for span in spans:
            span.attrs = dict(attrs.get((span.start, span.end, span.label), {}))
        annotator = data.get("annotator") if isinstance(data.get("annotator"), str) else None
        status = data.get("status") if data.get("status") in ("new", "in_progress", "done") \
            else None
        yield AnnotatedDocument(make_document(text, meta.get("id"), meta), annotator, status,
                                spans, [], None, str(path))
