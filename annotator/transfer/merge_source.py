"""Reading the other file of a merge: another analyst's database or native JSONL export.

A database is read by the store (`store.merge_read.read_database`); a JSONL export is
parsed by `formats.jsonl` and laid out as the store's merge rows here, so neither of the two
layers needs the other. `merge_file` is the whole merge, as the command line runs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.ids import text_hash
from annotator.core.model import GOLD, REVIEW_STATUSES
from annotator.formats.jsonl import iter_json_lines, parse_record
from annotator.store import file_guard, review_log
from annotator.store.db import SQLITE_MAGIC
from annotator.store.merge import MergeSummary, apply
from annotator.store.merge_read import Incoming, InDocument, read_database
from annotator.store.rows import EMPTY_OBJ, LayerRow, RelationRow, SpanRow, dump
from annotator.store.store import Store


def read_source(path: str | Path) -> Incoming:
    """The other file's contents; refuses what is not an annotator database or native JSONL."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    if file_guard.is_open_here(path):
        # Reading it would also drop this process's SQLite locks on it (file_guard).
        raise InputError(path, "is the database open here; a database cannot be merged "
                         "into itself")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head == SQLITE_MAGIC:
        return read_database(path)
    if path.suffix.lower() in (".sqlite", ".sqlite3", ".db"):
        raise InputError(path, "not an annotator database (not an SQLite file)")
    return read_jsonl(path)


def read_jsonl(path: Path) -> Incoming:
    """Read a native JSONL export: no update times, so rows are stamped at merge time."""
    inc = Incoming(path, stamp_now=True)
    docs: dict[Any, InDocument] = {}
    for line, obj in iter_json_lines(path):
        rec = parse_record(obj, path, line)
        doc = rec.document
        key = ("id", doc.id) if doc.id is not None else ("sha", text_hash(doc.text))
        known = docs.get(key)
        if known is None:
            docs[key] = InDocument(key, doc.id, doc.text, doc.title, doc.source,
                                   doc.published, dict(doc.meta))
            inc.line_of[key] = line
        elif known.text != doc.text:
            raise InputError(path, f"document {doc.id!r} appears with two different texts",
                             line)
        if rec.annotator == GOLD:
            _review_of(obj, docs[key], inc, path, line)
        if rec.annotator is None:
            if rec.spans or rec.relations:
                raise InputError(path, "a record with spans needs an 'annotator' (whose "
                                 "layer they are)", line)
            continue
        span_ids = set()
        for s in rec.spans:
            sid = s.id or None
            span_ids.add(sid)
            inc.spans.append(SpanRow(sid, key, rec.annotator, s.start, s.end, s.label,
                                     dump(s.attrs), s.entity, None, None, None, 0))
        for r in rec.relations:
            for end_id in (r.head, r.child):
                if end_id not in span_ids:
                    raise InputError(path, f"relation {r.label} points at unknown span "
                                     f"{end_id!r}", line)
            inc.relations.append(RelationRow(r.id or None, key, rec.annotator, r.head,
                                             r.child, r.label, EMPTY_OBJ, None, None, None, 0))
        if rec.status is not None:
            inc.layers.append(LayerRow(key, rec.annotator, rec.status, None))
        elif rec.spans:
            inc.layers.append(LayerRow(key, rec.annotator, None, None))
    inc.documents = list(docs.values())
    return inc


def _review_of(obj: dict, doc: InDocument, inc: Incoming, path: Path, line: int) -> None:
    """A gold record's review status and decision log (`store.review_log`), if it has them."""
    review = obj.get("review")
    if isinstance(review, dict) and review.get("status") in REVIEW_STATUSES:
        doc.review = (review["status"], review.get("reviewer"), review.get("reviewed_at"))
    if obj.get("decisions"):
        rows = review_log.rows_from_entries(doc.key, obj["decisions"])
        if isinstance(rows, str):
            raise InputError(path, rows, line)
        inc.review_log.extend(rows)


def merge_file(store: Store, path: str | Path) -> MergeSummary:
    """Merge another analyst's file into `store` in ONE transaction."""
    return apply(store, read_source(path))
