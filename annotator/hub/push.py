"""Push: this copy's changed rows go to the hub in ONE PostgreSQL transaction.

Under the hub's write lock, each changed row is compared with the hub's version by merge's
rule and only the winners are written. Rows the role may not write refuse the whole push
before anything is sent (and PostgreSQL's row-level security refuses them anyway).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from annotator.hub.connect import HubError, first_line, psycopg_module
from annotator.hub.local import KINDS, PUSH_ORDER, SCHEMA_KIND, Kind, changed_rows, mark
from annotator.hub.schema import GOLD, WRITE_LOCK
from annotator.hub.session import Session
from annotator.hub.versions import wins

LAYERED = ("layers", "spans", "relations")


@dataclass
class Outgoing:
    """What this copy would push: per kind, rows in the hub's layout plus (key, version)."""

    rows: dict[str, list[tuple]] = field(default_factory=dict)
    schema: str | None = None  # the label schema's JSON, when a lead changed it
    held_back: int = 0  # rows on documents the hub does not have (they stay local)

    @property
    def count(self) -> int:
        return sum(len(r) for r in self.rows.values()) + (self.schema is not None)


def schema_body(conn: sqlite3.Connection) -> str:
    from annotator.store.schema_rows import read_schema

    return json.dumps(read_schema(conn).to_json(), sort_keys=True, ensure_ascii=False)


def collect(conn: sqlite3.Connection, session: Session) -> Outgoing:
    """The local changes this member may push; refuses (HubError) rows it may not write."""
    out = Outgoing()
    role, me = session.role, session.user
    for name in PUSH_ORDER:
        out.rows[name] = changed_rows(conn, KINDS[name])
    docs = out.rows["documents"]
    if role == "analyst":
        docs = []
    elif role == "reviewer":
        docs = [d for d in docs if d[9] is not None]  # review decisions on hub documents
    out.rows["documents"] = docs
    allowed = {me, GOLD} if role in ("reviewer", "lead") else {me}
    for name in LAYERED:
        for row in out.rows[name]:
            layer = row[1] if name == "layers" else row[2]
            if layer not in allowed:
                raise HubError(session.url, f"push refused: it holds rows of the layer "
                               f"'{layer}', which {me} ({role}) may not write; nothing "
                               "was changed")
    if out.rows["decisions"] and role not in ("reviewer", "lead"):
        raise HubError(session.url, f"push refused: it holds review decisions (the layer "
                       f"'{GOLD}'), which {me} ({role}) may not write; nothing was changed")
    if role == "lead":
        from annotator.hub.local import schema_mark

        body = schema_body(conn)
        if body != schema_mark(conn):
            out.schema = body
    return out


def _docs_on_hub(session: Session, out: Outgoing) -> None:
    """Rows on documents the hub lacks stay local (only a lead adds documents)."""
    ours = {d[0] for d in out.rows["documents"]} if session.role == "lead" else set()
    wanted = set()
    for name in ("layers", "spans", "relations", "decisions"):
        wanted |= {r[1] if name != "layers" else r[0] for r in out.rows[name]}
    wanted -= ours
    if not wanted:
        return
    known = {r[0] for r in session.conn.execute(
        "SELECT annotator.known_documents(%s)", (sorted(wanted),))}
    missing = wanted - known
    if not missing:
        return
    for name in ("layers", "spans", "relations", "decisions"):
        keep = [r for r in out.rows[name] if (r[0] if name == "layers" else r[1]) not in missing]
        out.held_back += len(out.rows[name]) - len(keep)
        out.rows[name] = keep


def _key_of(kind: Kind, row: tuple) -> tuple:
    return (row[0], row[1]) if kind.name == "layers" else (row[0],)


def _push_kind(session: Session, kind: Kind, rows: list[tuple]) -> list[tuple[str, str]]:
    """Write the rows that win over the hub's; returns the (key, version) marks to keep."""
    conn = session.conn
    width = len(kind.columns)
    cols = kind.column_list()
    temp = f"hub_out_{kind.name}"
    conn.execute(f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS "
                 f"SELECT {cols} FROM annotator.{kind.name} WITH NO DATA")
    with conn.cursor().copy(f"COPY {temp} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row[:width])
    keycols = [c.strip() for c in kind.conflict.split(",")]
    join = " AND ".join(f"h.{c} = t.{c}" for c in keycols)
    theirs = {_key_of(kind, r): r for r in conn.execute(
        f"SELECT {', '.join('h.' + c for c in cols.split(', '))} "
        f"FROM annotator.{kind.name} h JOIN {temp} t ON {join}")}
    keep, losers = [], []
    for row in rows:
        data, key = row[:width], _key_of(kind, row)
        hub = theirs.get(key)
        if hub is not None and kind.name == "documents":
            hub = tuple(hub)
        if wins(kind.name, data, hub):
            keep.append((row[width], row[width + 1]))
        else:
            losers.append(key)
            if hub is not None and (tuple(hub) == tuple(data)
                                    or not wins(kind.name, tuple(hub), data)):
                keep.append((row[width], row[width + 1]))  # the hub already holds ours
    if losers:
        arrays = list(zip(*losers))
        cond = " AND ".join(f"t.{c} = k.c{i}" for i, c in enumerate(keycols))
        unnest = ", ".join(f"%s::text[]" for _ in keycols)
        names = ", ".join(f"c{i}" for i in range(len(keycols)))
        conn.execute(f"DELETE FROM {temp} t USING unnest({unnest}) AS k({names}) "
                     f"WHERE {cond}", [list(a) for a in arrays])
    if kind.name == "documents":
        review = ("review_status", "reviewer", "reviewed_at")
        if session.role == "lead":
            conn.execute(f"INSERT INTO annotator.documents ({cols}) SELECT {cols} FROM {temp} "
                         "ON CONFLICT (id) DO UPDATE SET "
                         + ", ".join(f"{c} = EXCLUDED.{c}" for c in review))
        else:
            conn.execute("UPDATE annotator.documents h SET "
                         + ", ".join(f"{c} = t.{c}" for c in review)
                         + f" FROM {temp} t WHERE h.id = t.id")
            present = {r[0] for r in conn.execute(
                "SELECT annotator.known_documents(%s)", ([k for k, _ in keep],))}
            keep = [(k, v) for k, v in keep if k in present]
    else:
        rest = [c for c in kind.column_list().split(", ") if c.strip('"') not in keycols]
        conn.execute(f"INSERT INTO annotator.{kind.name} ({cols}) SELECT {cols} FROM {temp} "
                     f"ON CONFLICT ({kind.conflict}) DO UPDATE SET "
                     + ", ".join(f"{c} = EXCLUDED.{c}" for c in rest))
    return keep


def push(session: Session, local: sqlite3.Connection, out: Outgoing,
         step=lambda name: None) -> dict[str, list[tuple[str, str]]]:
    """Send `out` in one hub transaction; returns the marks to record locally."""
    psycopg = psycopg_module()
    marks: dict[str, list[tuple[str, str]]] = {}
    try:
        with session.conn.transaction():
            session.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            _docs_on_hub(session, out)
            for name in PUSH_ORDER:
                rows = out.rows.get(name)
                if rows:
                    marks[name] = _push_kind(session, KINDS[name], rows)
                step(f"push {name}")
            if out.schema is not None:
                session.conn.execute(
                    "INSERT INTO annotator.label_schema (id, body, updated_at) "
                    "VALUES (1, %s, now()::text) ON CONFLICT (id) DO UPDATE SET "
                    "body = EXCLUDED.body, updated_at = EXCLUDED.updated_at", (out.schema,))
                marks[SCHEMA_KIND] = [("1", out.schema)]
            session.conn.execute("UPDATE annotator.members SET last_sync = now() "
                                 "WHERE name = current_user")
            step("push commit")
    except HubError:
        raise
    except psycopg.Error as exc:
        raise HubError(session.url, f"push refused by the hub ({first_line(exc)}); nothing "
                       "was changed") from None
    return marks


def record(local: sqlite3.Connection, marks: dict[str, list[tuple[str, str]]]) -> None:
    """Remember what the hub now holds (after its commit; redoing it is harmless)."""
    from annotator.store.db import write_transaction

    with write_transaction(local) as conn:
        for name, pairs in marks.items():
            mark(conn, name, pairs)
