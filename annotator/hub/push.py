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


@dataclass
class Pushed:
    marks: dict[str, list[tuple[str, str]]]
    before: int  # the hub's change number when the push took the lock
    after: int  # and when it was about to commit
    lost_at: int | None = None  # the oldest change number of a hub row newer than ours

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.marks.values())


def schema_body(conn: sqlite3.Connection) -> str:
    from annotator.store.schema_rows import read_schema

    return json.dumps(read_schema(conn).to_json(), sort_keys=True, ensure_ascii=False)


def collect(conn: sqlite3.Connection, session: Session, everything: bool = False) -> Outgoing:
    """The local changes this member may push; refuses (HubError) rows it may not write.
    `everything`: all rows (a hub this copy has not synced with yet)."""
    out = Outgoing()
    role, me = session.role, session.user
    for name in PUSH_ORDER:
        out.rows[name] = changed_rows(conn, KINDS[name], everything)
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
        if everything or body != schema_mark(conn):
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


def _hub_rows(session: Session, kind: Kind, keys: list[tuple]) -> dict[tuple, tuple]:
    """The hub's rows (that this member may see) with these keys, each with its change
    number last."""
    if not session.conn.execute(f"SELECT EXISTS (SELECT 1 FROM annotator.{kind.name})"
                                ).fetchone()[0]:
        return {}  # a first push: no key lookup needed
    cols = ", ".join(f"h.{c}" for c in kind.column_list().split(", "))
    if kind.name == "layers":
        found = session.conn.execute(
            f"SELECT {cols}, h.seq FROM annotator.layers h JOIN unnest(%s::text[], %s::text[]) "
            "AS k(doc, annotator) ON h.doc = k.doc AND h.annotator = k.annotator",
            ([k[0] for k in keys], [k[1] for k in keys]))
    else:
        keycol = kind.conflict
        found = session.conn.execute(
            f"SELECT {cols}, h.seq FROM annotator.{kind.name} h "
            f"WHERE h.{keycol} = ANY(%s::text[])",
            ([k[0] for k in keys],))
    return {_key_of(kind, r): tuple(r) for r in found}


def _copy(session: Session, table: str, kind: Kind, rows: list[tuple]) -> None:
    width = len(kind.columns)
    with session.conn.cursor().copy(f"COPY {table} ({kind.column_list()}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row(row[:width])


def _scratch(session: Session, kind: Kind, what: str, rows: list[tuple]) -> str:
    temp = f"hub_{what}_{kind.name}"
    session.conn.execute(f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS SELECT "
                         f"{kind.column_list()} FROM annotator.{kind.name} WITH NO DATA")
    _copy(session, temp, kind, rows)
    return temp


def _push_kind(session: Session, kind: Kind, rows: list[tuple],
               lost: list[int]) -> list[tuple[str, str]]:
    """Write the rows that win over the hub's; returns the (key, version) marks to keep.
    Rows the hub lacks are inserted, rows it has are updated (each from a COPY)."""
    conn = session.conn
    width = len(kind.columns)
    theirs = _hub_rows(session, kind, [_key_of(kind, r) for r in rows])
    keep, new, replace = [], [], []
    for row in rows:
        data = row[:width]
        found = theirs.get(_key_of(kind, row))
        hub = found[:width] if found is not None else None
        if hub is None:
            new.append(data)
        elif wins(kind.name, data, hub):
            replace.append(data)
        elif wins(kind.name, hub, data):
            lost.append(found[width])  # the hub's is newer: pull it (again) from there
            continue
        keep.append((row[width], row[width + 1]))
    if kind.name == "documents" and session.role != "lead":
        new = []  # only a lead adds documents (their rows stay local, see _docs_on_hub)
        keep = [(k, v) for k, v in keep if (k,) in theirs]
    cols = kind.column_list()
    if new:  # COPY cannot go into a table with row-level security: through a scratch table
        temp = _scratch(session, kind, "new", new)
        conn.execute(f"INSERT INTO annotator.{kind.name} ({cols}) SELECT {cols} FROM {temp}")
    if replace:
        temp = _scratch(session, kind, "old", replace)
        keycols = [c.strip() for c in kind.conflict.split(",")]
        if kind.name == "documents":  # a document's text never changes: its review may
            review = ("review_status", "reviewer", "reviewed_at")
            conn.execute("UPDATE annotator.documents h SET "
                         + ", ".join(f"{c} = t.{c}" for c in review)
                         + f" FROM {temp} t WHERE h.id = t.id")
        else:
            rest = [c for c in cols.split(", ") if c.strip('"') not in keycols]
            conn.execute(f"INSERT INTO annotator.{kind.name} ({cols}) SELECT {cols} "
                         f"FROM {temp} ON CONFLICT ({kind.conflict}) DO UPDATE SET "
                         + ", ".join(f"{c} = EXCLUDED.{c}" for c in rest))
    return keep


def push(session: Session, local: sqlite3.Connection, out: Outgoing,
         step=lambda name: None) -> Pushed:
    """Send `out` in one hub transaction; returns the marks to record locally and the
    change numbers this push took (no one else writes while it holds the lock)."""
    psycopg = psycopg_module()
    marks: dict[str, list[tuple[str, str]]] = {}
    lost: list[int] = []
    try:
        if out.count > 10_000:  # scratch tables stay in memory (set before their first use)
            session.conn.execute("SET temp_buffers = '256MB'")
        with session.conn.transaction():
            session.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            before = _high_water(session)
            _docs_on_hub(session, out)
            for name in PUSH_ORDER:
                rows = out.rows.get(name)
                if rows:
                    marks[name] = _push_kind(session, KINDS[name], rows, lost)
                step(f"push {name}")
            if out.schema is not None:
                session.conn.execute(
                    "INSERT INTO annotator.label_schema (id, body, updated_at) "
                    "VALUES (1, %s, now()::text) ON CONFLICT (id) DO UPDATE SET "
                    "body = EXCLUDED.body, updated_at = EXCLUDED.updated_at", (out.schema,))
                marks[SCHEMA_KIND] = [("1", out.schema)]
            session.conn.execute("UPDATE annotator.members SET last_sync = now() "
                                 "WHERE name = current_user")
            after = _high_water(session)
            step("push commit")
    except HubError:
        raise
    except psycopg.Error as exc:
        raise HubError(session.url, f"push refused by the hub ({first_line(exc)}); nothing "
                       "was changed") from None
    return Pushed(marks, before, after, min(lost) if lost else None)


def _high_water(session: Session) -> int:
    return session.conn.execute("SELECT annotator.high_water()").fetchone()[0]


def record(local: sqlite3.Connection, pushed: Pushed, session: Session) -> None:
    """Remember the hub (URL without password) and what it now holds, after its commit
    (redoing it is harmless). A hub new to this copy starts from scratch. When this copy
    had pulled everything before the push, the push's own change numbers need no pulling
    back: the cursor moves past them."""
    from annotator.hub.connect import redact
    from annotator.hub.local import forget_marks, get_state, log_unmarked, set_state, settle
    from annotator.store.db import write_transaction

    with write_transaction(local) as conn:
        new_hub = get_state(conn, "hub_id") != session.hub_id
        if new_hub:
            forget_marks(conn)
            conn.execute("DELETE FROM hub_assignments")
            set_state(conn, hub_id=session.hub_id, cursor="0")
        set_state(conn, url=redact(session.url), user=session.user)
        for name, pairs in pushed.marks.items():
            mark(conn, name, pairs)
        if new_hub:
            log_unmarked(conn)  # the change log starts now: what the hub lacks
        else:
            settle(conn)
        cursor = int(get_state(conn, "cursor") or 0)
        if pushed.lost_at is not None:  # (a clock behind the hub's) the pull fetches it
            set_state(conn, cursor=str(min(cursor, pushed.lost_at - 1)))
        elif cursor == pushed.before:
            set_state(conn, cursor=str(pushed.after))
