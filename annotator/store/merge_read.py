"""What the other file of a merge brings, and reading it when it is an annotator database.

`Incoming` holds the other file's rows in this database's named row types (`rows`), with
documents keyed by the other file's own keys. A native JSONL export is read by
`transfer.merge_source`, which fills the same `Incoming`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.store import review_log
from annotator.store.migrations import MIGRATION_SET, known_names
from annotator.store.rows import (
    DEC_ROW_SQL,
    ENT_ROW_SQL,
    REL_ROW_SQL,
    SPAN_ROW_SQL,
    DecisionRow,
    EntityRow,
    LayerRow,
    RelationRow,
    SpanRow,
    load_obj,
    make_rows,
)


@dataclass(slots=True)
class InDocument:
    """A document as the other file has it; `key` is how its rows refer to it."""

    key: Any
    id: str | None
    text: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    review: tuple[str, str | None, str | None] | None = None  # status, reviewer, reviewed_at


@dataclass(slots=True)
class Incoming:
    """Everything the other file brings; each row's `doc` is an `InDocument.key`. Rows
    may come as plain tuples in the row types' field order: `merge.apply` names them."""

    path: Path
    documents: list[InDocument] = field(default_factory=list)
    spans: list[SpanRow] = field(default_factory=list)
    relations: list[RelationRow] = field(default_factory=list)
    layers: list[LayerRow] = field(default_factory=list)
    entities: list[EntityRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)
    review_log: list[tuple] = field(default_factory=list)  # store.review_log.ROW_COLS
    stamp_now: bool = False  # JSONL: no update times; equal content is skipped, else "now"
    line_of: dict[Any, int] = field(default_factory=dict)  # doc key -> JSONL line


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _select(conn: sqlite3.Connection, table: str, wanted: str) -> list[tuple]:
    """Rows with the wanted columns; columns an older schema lacks come back NULL."""
    have = _columns(conn, table)
    cols = []
    for c in (c.strip() for c in wanted.split(",")):
        name = c.strip('"')
        cols.append(c if name in have else "NULL")
    return conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()


def read_database(path: Path) -> Incoming:
    """Read another annotator database, opened read-only; refuse foreign and newer ones."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise InputError(path, f"cannot open it ({exc})") from None
    try:
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "_sqlite_migrations" not in tables:
            raise InputError(path, "not an annotator database (no schema history)")
        names = {r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))}
        if "0001_initial" not in names:
            raise InputError(path, "not an annotator database (foreign schema history)")
        unknown = sorted(names - known_names())
        if unknown:
            raise InputError(path, f"written by a newer version of annotator (schema step "
                             f"{unknown[0]}); upgrade the app to merge it")
        inc = Incoming(path)
        for pk, did, text, title, source, published, meta, rstatus, reviewer, reviewed_at in \
                _select(conn, "documents", "pk, id, text, title, source, published, meta, "
                                           "review_status, reviewer, reviewed_at"):
            inc.documents.append(InDocument(
                pk, did, text, title, source, published, load_obj(meta),
                (rstatus or "unreviewed", reviewer, reviewed_at)))
        inc.spans = make_rows(SpanRow, _select(conn, "spans", SPAN_ROW_SQL))
        inc.relations = make_rows(RelationRow, _select(conn, "relations", REL_ROW_SQL))
        inc.layers = make_rows(LayerRow, _select(conn, "layers",
                                                 "doc, annotator, status, updated_at"))
        inc.entities = make_rows(EntityRow, _select(conn, "entities", ENT_ROW_SQL))
        if "review_decisions" in tables:
            inc.decisions = make_rows(DecisionRow,
                                      _select(conn, "review_decisions", DEC_ROW_SQL))
        if "review_log" in tables:
            inc.review_log = review_log.read_rows(conn)
        return inc
    except sqlite3.DatabaseError as exc:
        raise InputError(path, f"cannot read it as an annotator database ({exc})") from None
    finally:
        conn.close()
