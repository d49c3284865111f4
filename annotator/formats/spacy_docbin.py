"""spaCy v3 DocBin (`.spacy`): one Doc per document and layer.

Import reads `doc.ents` and every span group (`doc.spans[name]`, not only "sc"); a span in
several keeps them all. The DocBin's own tokens (words and spaces) and each span's groups
are kept with the document, so an export gives the same Docs back: the file's tokens (no
snapping), its groups by name, its entities.

Documents that came from elsewhere get OUR tokens (`Doc(vocab, words, spaces)`) so text and
offsets are exactly the document's: `doc.spans["sc"]` holds every span (snapped outward to
tokens, counted), `doc.ents` the longest non-overlapping ones (the rest counted per label).
The document id, metadata and analyst ride in `doc.user_data`, so an import brings them
back. Relations have no place in a Doc: they are counted as left out. Needs the `spacy`
extra.
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
from annotator.formats import extras
from annotator.formats.base import ExportContext, ImportContext
from annotator.formats.spanio import document_meta, make_document, make_span

RECORDS_CARRY_META = True  # each record has its own metadata: a lang import detects is marked

INSTALL_HINT = "install the spacy extra: pip install 'annotator[spacy]'"
GROUP = "sc"
NAME = "spacy"


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


def _own_groups(rec: AnnotatedDocument, entry: dict | None, placed: list
                ) -> tuple[dict[str, list], list]:
    """Token spans per group name and the entities, as the file had them when it did."""
    by_key = {f"{ts.start}:{ts.end}:{ts.label}": ts for ts in placed}
    groups: dict[str, list] = {}
    ents: list = []
    if entry is None or "groups" not in entry:
        return {GROUP: placed}, []  # the entities are chosen by the caller
    seen: set[str] = set()
    for name, keys in entry["groups"].items():
        groups[name] = [by_key[k] for k in keys if k in by_key]
        seen.update(keys)
    ents = [by_key[k] for k in entry.get("ents", ()) if k in by_key]
    seen.update(entry.get("ents", ()))
    new = [ts for key, ts in by_key.items() if key not in seen]
    if new:  # spans added since: into the first group (or "sc")
        groups.setdefault(next(iter(groups), GROUP), []).extend(new)
    return groups, ents


def build_doc(rec: AnnotatedDocument, vocab: Any, ctx: ExportContext) -> Any:
    Doc, _DocBin, SpacySpan, _Vocab = _spacy()
    text = rec.document.text
    part = extras.doc_part(rec.document, NAME)
    entry = extras.layer(rec.document, NAME, rec.annotator)
    if "tokens" in part:
        pairs = extras.unpack_offsets(part["tokens"])
        tokens = extras.as_tokens(pairs, text)
        spaces = [(pairs[i + 1][0] if i + 1 < len(pairs) else len(text)) > e
                  for i, (_s, e) in enumerate(pairs)]
    else:
        tokens = document_tokens(text)
        spaces = [t[2] for t in tokens]  # t.ws
    doc = Doc(vocab, words=token_texts(text, tokens), spaces=spaces)
    placed, snapped, unplaced = snap_spans(tokens, rec.spans)
    report = ctx.report
    report.snapped += snapped
    report.lose("span(s) covering only whitespace", unplaced)
    groups, ents = _own_groups(rec, entry, placed)
    for name, members in groups.items():
        doc.spans[name] = [SpacySpan(doc, ts.token_start, ts.token_end + 1, label=ts.label)
                           for ts in members]
    if entry is None or "groups" not in entry:
        kept, dropped = longest_non_overlapping(placed)
        report.dropped_overlaps.update(dropped)
        ents = kept
    doc.ents = [SpacySpan(doc, ts.token_start, ts.token_end + 1, label=ts.label)
                for ts in sorted(ents, key=lambda ts: ts.token_start)]
    report.lose("relation(s) (a spaCy Doc holds none)", len(rec.relations))
    report.spans += len(placed)
    if entry is None or "groups" not in entry:  # our own export: user_data brings it back
        doc.user_data["annotator"] = rec.annotator
        doc.user_data["status"] = rec.status
        doc.user_data["meta"] = document_meta(rec.document)
        doc.user_data["attrs"] = [[ts.start, ts.end, ts.label, ts.span.attrs]
                                  for ts in placed if ts.span.attrs]
    else:
        report.lose("span attribute value(s) (this DocBin keeps none)",
                    sum(len(s.attrs) for s in rec.spans))
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
    out.write(docbin.to_bytes())


def read(path: Path, ctx: ImportContext | None = None) -> Iterator[AnnotatedDocument]:
    _Doc, DocBin, _SpacySpan, Vocab = _spacy()
    with open_input(path) as fh:
        data = fh.read()
    try:
        docbin = DocBin(store_user_data=True).from_bytes(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(path, f"not a spaCy DocBin ({exc})") from None
    default = ctx.default_annotator if ctx is not None else None
    for n, doc in enumerate(docbin.get_docs(Vocab()), 1):
        text, remap = normalize_with_map(doc.text)
        if not text.strip():
            if ctx is not None:
                ctx.lose("Doc(s) with empty text (nothing to label), skipped")
            continue
        data = doc.user_data if isinstance(doc.user_data, dict) else {}
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        ours = "annotator" in data or "meta" in data  # written by our export
        spans: list[Span] = []
        seen: dict[tuple, Span] = {}
        groups: dict[str, list[str]] = {}
        ent_keys: list[str] = []
        found = [(name, s) for name in doc.spans for s in doc.spans[name]]
        found += [(None, s) for s in doc.ents]
        for k, (name, s) in enumerate(found):
            key = (s.start_char, s.end_char, s.label_)
            if key not in seen:
                span = make_span(path, None, text, remap, s.start_char, s.end_char, s.label_,
                                 f"document {n}, span {k}")
                seen[key] = span
                spans.append(span)
            skey = extras.span_key(seen[key])
            if name is None:
                ent_keys.append(skey)
            else:
                groups.setdefault(name, []).append(skey)
        for name in doc.spans:
            groups.setdefault(name, [])
        attrs = {(a[0], a[1], a[2]): a[3] for a in data.get("attrs") or []
                 if isinstance(a, (list, tuple)) and len(a) == 4 and isinstance(a[3], dict)}
        for span in spans:
            span.attrs = dict(attrs.get((span.start, span.end, span.label), {}))
        annotator = data.get("annotator") if isinstance(data.get("annotator"), str) else None
        status = data.get("status") if data.get("status") in ("new", "in_progress", "done") \
            else None
        document = make_document(text, meta.get("id"), meta)
        if not ours and remap.identity:
            extras.attach(document, NAME,
                          {"tokens": extras.pack_offsets((t.idx, t.idx + len(t.text))
                                                         for t in doc)},
                          annotator or default,
                          {"groups": groups, "ents": ent_keys,
                           "sig": extras.signature(spans, [])})
            if ctx is not None and set(groups) - {GROUP}:
                ctx.said("span(s) read from span groups other than 'sc' (names kept)",
                         sum(len(v) for k, v in groups.items() if k != GROUP))
        yield AnnotatedDocument(document, annotator, status, spans, [], None, str(path))
