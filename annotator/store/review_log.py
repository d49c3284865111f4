"""The review log of a document: who decided what, when, and why (no Qt).

Every accept, reject, undo, note and review-status change appends one row to `review_log`
(migration 0007): the item it concerns (a review item id, a link item id, or None for the
document), the action, what the item was (kind, label, bounds, text, attributes, link ends),
an optional note, the reviewer and the time. Rows are never rewritten: an undo appends an
"undone" row. The note of a decision is the latest note given for its item.

`export --gold` writes the log with each gold record (see `review_record`):
    "review": {"status", "reviewer", "reviewed_at"},
    "decisions": [{"at", "reviewer", "action", "item", "note", ...what}]  (oldest first)
A merge carries the log (from another database, or from the gold records of a native JSONL
export): rows are joined by content, so merging twice, or in any order, adds each row once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from annotator.core.ids import now
from annotator.store.changes import ChangeKind
from annotator.store.store import Store

# actions
ACCEPTED, REJECTED, UNDONE, NOTE, STATUS = "accepted", "rejected", "undone", "note", "status"


def write(conn: sqlite3.Connection, doc: int, item: str | None, action: str,
          what: dict[str, Any] | None, reviewer: str, note: str | None = None) -> int:
    """Append one row inside the caller's transaction; returns its id."""
    cur = conn.execute(
        "INSERT INTO review_log (doc, item, action, what, note, reviewer, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (doc, item, action, orjson.dumps(what or {}).decode(), note or None, reviewer, now()))
    return cur.lastrowid


def entries(store: Store, doc: int) -> list[dict[str, Any]]:
    """The log of a document, oldest first, as exported."""
    out = []
    for at, reviewer, action, item, note, what in store.conn.execute(
            "SELECT at, reviewer, action, item, note, what FROM review_log WHERE doc = ? "
            "ORDER BY at, id", (doc,)):
        row = {"at": at, "reviewer": reviewer, "action": action, "item": item, "note": note}
        row.update(orjson.loads(what))
        out.append(row)
    return out


def notes(store: Store, doc: int) -> dict[str, str]:
    """item -> its latest note (an empty note clears it)."""
    out: dict[str, str] = {}
    for item, note in store.conn.execute(
            "SELECT item, note FROM review_log WHERE doc = ? AND item IS NOT NULL AND "
            "(note IS NOT NULL OR action = ?) ORDER BY at, id", (doc, NOTE)):
        if note:
            out[item] = note
        else:
            out.pop(item, None)
    return out


def set_note(store: Store, doc: int, item: str, note: str, reviewer: str) -> None:
    """Give an item's decision a note (or clear it with an empty one), as a log row."""
    with store.write() as conn:
        write(conn, doc, item, NOTE, None, reviewer, note.strip())
        store.announce(ChangeKind.STATUS, doc)


def review_record(store: Store, doc: int) -> dict[str, Any]:
    """The keys `export --gold` adds to a gold JSONL record."""
    row = store.conn.execute("SELECT review_status, reviewer, reviewed_at FROM documents "
                             "WHERE pk = ?", (doc,)).fetchone()
    status, reviewer, reviewed_at = row if row else ("unreviewed", None, None)
    return {"review": {"status": status, "reviewer": reviewer, "reviewed_at": reviewed_at},
            "decisions": entries(store, doc)}


# -- merging ---------------------------------------------------------------------------

ROW_COLS = "doc, item, action, what, note, reviewer, at"  # doc: the source's document key
ENTRY_KEYS = ("at", "reviewer", "action", "item", "note")


def read_rows(conn: sqlite3.Connection) -> list[tuple]:
    """Every log row of another database (doc = its document row)."""
    return [tuple(r) for r in conn.execute(f"SELECT {ROW_COLS} FROM review_log ORDER BY id")]


def rows_from_entries(doc_key: Any, entries_: Any) -> list[tuple] | str:
    """Log rows from an exported "decisions" list, or the reason it is malformed."""
    if not isinstance(entries_, list):
        return "'decisions' must be a list"
    out = []
    for i, e in enumerate(entries_):
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) and e.get(k)
                                              for k in ("at", "reviewer", "action")):
            return f"decision {i}: needs 'at', 'reviewer' and 'action' as text"
        if not isinstance(e.get("item"), (str, type(None))) or \
                not isinstance(e.get("note"), (str, type(None))):
            return f"decision {i}: 'item' and 'note' must be text or null"
        what = {k: v for k, v in e.items() if k not in ENTRY_KEYS}
        out.append((doc_key, e.get("item"), e["action"], orjson.dumps(what).decode(),
                    e.get("note"), e["reviewer"], e["at"]))
    return out


def merge_rows(conn: sqlite3.Connection, rows: Iterable[tuple],
               doc_map: Mapping[Any, int]) -> int:
    """Add the rows this database lacks (same content = same row); returns how many."""
    fresh = []
    seen: dict[int, set[tuple]] = {}
    for doc_key, *rest in rows:
        doc = doc_map.get(doc_key)
        if doc is None:
            continue
        if doc not in seen:
            seen[doc] = {tuple(r) for r in conn.execute(
                "SELECT item, action, what, note, reviewer, at FROM review_log WHERE doc = ?",
                (doc,))}
        row = tuple(rest)
        if row not in seen[doc]:
            seen[doc].add(row)
            fresh.append((doc, *row))
    fresh.sort(key=lambda r: (r[6], r[0]))
    conn.executemany(f"INSERT INTO review_log ({ROW_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)", fresh)
    return len(fresh)
