"""The local side of sync: which rows the hub lacks, and what the hub is known to hold.

`hub_marks` keeps, per row, the version the hub holds (as far as this copy knows). A row
whose current version differs from its mark is a local change to push. Versions are one
SQL expression per kind, computed by SQLite both over the local tables and over the rows
received from the hub, so the two never disagree on formatting.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.core.ids import now


@dataclass(frozen=True)
class Kind:
    """One kind of row: its hub table, local rows in the hub's layout, key and version."""

    name: str
    columns: tuple[str, ...]  # the hub table's columns, in order
    select: str  # local columns in that layout, named as above
    source: str  # FROM ... of the local rows
    dirty_key: str  # the key the local triggers log in hub_dirty (over `source`)
    key: str  # SQL over the hub layout's names
    version: str  # SQL over the hub layout's names
    conflict: str  # the hub table's unique key

    def column_list(self) -> str:
        return ", ".join(f'"{c}"' for c in self.columns)

    @property
    def local_sql(self) -> str:
        return f"SELECT {self.select} {self.source}"

    def dirty_sql(self, extra: str = "") -> str:
        return (f"SELECT {self.select}{extra} {self.source} WHERE {self.dirty_key} IN "
                f"(SELECT key FROM hub_dirty WHERE kind = '{self.name}')")


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("documents",
         ("id", "text", "sha256", "title", "source", "published", "meta", "review_status",
          "reviewer", "reviewed_at"),
         "d.id AS id, d.text AS text, d.sha256 AS sha256, d.title AS title, "
         "d.source AS source, d.published AS published, d.meta AS meta, "
         "d.review_status AS review_status, d.reviewer AS reviewer, "
         "d.reviewed_at AS reviewed_at", "FROM documents d", "CAST(d.pk AS TEXT)",
         "id", "json_array(review_status, reviewer, reviewed_at)", "id"),
    Kind("entities",
         ("id", "name", "kind", "aliases", "merged_into", "created_at", "updated_at",
          "deleted"),
         "e.id AS id, e.name AS name, e.kind AS kind, e.aliases AS aliases, "
         "e.merged_into AS merged_into, e.created_at AS created_at, "
         "e.updated_at AS updated_at, e.deleted AS deleted", "FROM entities e", "e.id",
         "id", "json_array(name, kind, aliases, merged_into, updated_at, deleted)", "id"),
    Kind("layers", ("doc", "annotator", "status", "updated_at"),
         "d.id AS doc, l.annotator AS annotator, l.status AS status, "
         "l.updated_at AS updated_at", "FROM layers l JOIN documents d ON d.pk = l.doc",
         "(l.doc || char(31) || l.annotator)",
         "doc || char(31) || annotator", "json_array(status, updated_at)", "doc, annotator"),
    Kind("spans",
         ("id", "doc", "annotator", "start", "end", "label", "attrs", "entity", "origin",
          "created_at", "updated_at", "deleted"),
         's.id AS id, d.id AS doc, s.annotator AS annotator, s.start AS start, '
         's."end" AS "end", s.label AS label, s.attrs AS attrs, s.entity AS entity, '
         "s.origin AS origin, s.created_at AS created_at, s.updated_at AS updated_at, "
         "s.deleted AS deleted", "FROM spans s JOIN documents d ON d.pk = s.doc", "s.id",
         "id", 'json_array(start, "end", label, attrs, entity, origin, updated_at, deleted)',
         "id"),
    Kind("relations",
         ("id", "doc", "annotator", "head", "child", "label", "attrs", "origin",
          "created_at", "updated_at", "deleted"),
         "r.id AS id, d.id AS doc, r.annotator AS annotator, r.head AS head, "
         "r.child AS child, r.label AS label, r.attrs AS attrs, r.origin AS origin, "
         "r.created_at AS created_at, r.updated_at AS updated_at, r.deleted AS deleted",
         "FROM relations r JOIN documents d ON d.pk = r.doc", "r.id",
         "id", "json_array(head, child, label, attrs, origin, updated_at, deleted)", "id"),
    Kind("decisions",
         ("item", "doc", "kind", "decision", "gold", "reviewer", "updated_at"),
         "x.item AS item, d.id AS doc, x.kind AS kind, x.decision AS decision, "
         "x.gold AS gold, x.reviewer AS reviewer, x.updated_at AS updated_at",
         "FROM review_decisions x JOIN documents d ON d.pk = x.doc", "x.item",
         "item", "json_array(decision, gold, reviewer, updated_at)", "item"),
)}
PUSH_ORDER = ("documents", "entities", "layers", "spans", "relations", "decisions")
SCHEMA_KIND = "label_schema"


def _rows_sql(conn: sqlite3.Connection, kind: Kind, extra: str = "") -> str | None:
    """The local rows to look at: those the triggers logged (None when there are none),
    or every row when most are logged (a scan is then cheaper than a lookup per key)."""
    logged = conn.execute("SELECT count(*) FROM hub_dirty WHERE kind = ?",
                          (kind.name,)).fetchone()[0]
    if not logged:
        return None
    table = kind.source.split()[1]
    total = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    if logged * 4 >= total:
        return f"SELECT {kind.select}{extra} {kind.source}"
    return kind.dirty_sql(extra)


def changed_rows(conn: sqlite3.Connection, kind: Kind, everything: bool = False) -> list[tuple]:
    """Rows changed here (logged by the triggers) whose version the hub is not known to
    hold: (*row in the hub's layout, key, version). `everything`: every row (for a hub
    this copy has not synced with yet)."""
    if everything:
        return conn.execute(f"SELECT x.*, {_on('x', kind.key)}, {_on('x', kind.version)} "
                            f"FROM ({kind.local_sql}) x").fetchall()
    rows = _rows_sql(conn, kind)
    if rows is None:
        return []
    return conn.execute(
        f"SELECT x.*, {_on('x', kind.key)}, {_on('x', kind.version)} "
        f"FROM ({rows}) x LEFT JOIN hub_marks m "
        f"ON m.kind = ? AND m.key = {_on('x', kind.key)} "
        f"WHERE m.version IS NOT {_on('x', kind.version)}", (kind.name,)).fetchall()


def settle(conn: sqlite3.Connection) -> None:
    """Drop from the change log the rows whose version the hub holds."""
    for kind in KINDS.values():
        rows = _rows_sql(conn, kind, f", {kind.dirty_key} AS dk")
        if rows is None:
            continue
        conn.execute(
            f"DELETE FROM hub_dirty WHERE kind = ? AND key IN (SELECT x.dk FROM "
            f"({rows}) x JOIN hub_marks m "
            f"ON m.kind = ? AND m.key = {_on('x', kind.key)} "
            f"AND m.version = {_on('x', kind.version)})", (kind.name, kind.name))


def log_unmarked(conn: sqlite3.Connection) -> None:
    """Log every row whose version differs from its mark (one scan per kind): after a
    first push, the rows changed meanwhile or refused by the hub."""
    for kind in KINDS.values():
        conn.execute(
            f"INSERT OR IGNORE INTO hub_dirty (kind, key) SELECT ?, x.dk FROM "
            f"(SELECT {kind.select}, {kind.dirty_key} AS dk {kind.source}) x "
            f"LEFT JOIN hub_marks m ON m.kind = ? AND m.key = {_on('x', kind.key)} "
            f"WHERE m.version IS NOT {_on('x', kind.version)}", (kind.name, kind.name))


def log_everything(conn: sqlite3.Connection) -> None:
    """A newly attached hub has none of this copy's rows: all of them are changes."""
    for kind in KINDS.values():
        conn.execute(f"INSERT OR IGNORE INTO hub_dirty (kind, key) "
                     f"SELECT ?, {kind.dirty_key} {kind.source}", (kind.name,))


def _on(alias: str, expr: str) -> str:
    """`expr` with its column names qualified by `alias` (names are plain or quoted)."""
    import re

    def qualify(m: re.Match) -> str:
        word = m.group(0)
        if word in ("json_array", "char", "AS"):
            return word
        return f"{alias}.{word}"

    return re.sub(r'"[a-z_]+"|\b[a-z_]+\b(?!\()', qualify, expr)


def mark(conn: sqlite3.Connection, kind: str, pairs: Iterable[tuple[str, str]]) -> None:
    conn.executemany("INSERT OR REPLACE INTO hub_marks (kind, key, version) VALUES (?, ?, ?)",
                     [(kind, k, v) for k, v in pairs])


def mark_received(conn: sqlite3.Connection, kind: Kind, rows: list[tuple]) -> None:
    """Mark rows received from the hub with their versions, computed by the same SQL."""
    if not rows:
        return
    temp = f"temp.hub_in_{kind.name}"
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS hub_in_{kind.name} AS "
                 f"SELECT * FROM ({kind.local_sql}) WHERE 0")
    conn.execute(f"DELETE FROM {temp}")
    conn.executemany(f"INSERT INTO {temp} VALUES ({', '.join('?' * len(kind.columns))})",
                     rows)
    conn.execute(f"INSERT OR REPLACE INTO hub_marks (kind, key, version) "
                 f"SELECT ?, {kind.key}, {kind.version} FROM {temp}", (kind.name,))
    conn.execute(f"DELETE FROM {temp}")


def forget_marks(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM hub_marks")
    conn.execute("DELETE FROM hub_dirty")


def get_state(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM hub_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_state(conn: sqlite3.Connection, **values: str | None) -> None:
    conn.executemany("INSERT OR REPLACE INTO hub_state (key, value) VALUES (?, ?)",
                     list(values.items()))


def schema_mark(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT version FROM hub_marks WHERE kind = ? AND key = '1'",
                       (SCHEMA_KIND,)).fetchone()
    return row[0] if row else None


def add_assignments(conn: sqlite3.Connection, rows: Iterable[tuple[str, str]]) -> None:
    conn.executemany("INSERT OR IGNORE INTO hub_assignments (doc, analyst) VALUES (?, ?)",
                     list(rows))


def assigned_documents(conn: sqlite3.Connection, analyst: str) -> set[int]:
    """Local document pks assigned to `analyst` on the hub (for the window's filter)."""
    return {r[0] for r in conn.execute(
        "SELECT d.pk FROM hub_assignments a JOIN documents d ON d.id = a.doc "
        "WHERE a.analyst = ?", (analyst,))}


def last_sync(conn: sqlite3.Connection) -> str | None:
    try:
        return get_state(conn, "last_sync")
    except sqlite3.OperationalError:  # an old database opened read-only
        return None


def stamp() -> str:
    return now()
