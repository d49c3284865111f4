"""Counts for `annotator stats` and the checks of `annotator check`."""

from __future__ import annotations

import sqlite3
from typing import Any

from annotator.core.ids import text_hash
from annotator.core.model import STATUSES
from annotator.store.near_duplicate_marks import count_marked
from annotator.store.store import Store


def collect_stats(store: Store) -> dict[str, Any]:
    conn = store.conn
    per_label = dict(conn.execute(
        "SELECT label, count(*) FROM spans WHERE deleted = 0 GROUP BY label ORDER BY label"))
    per_annotator: dict[str, Any] = {}
    for annotator, docs in conn.execute(
            "SELECT annotator, count(*) FROM layers GROUP BY annotator ORDER BY annotator"):
        per_annotator[annotator] = {"documents": docs, "spans": 0, "relations": 0,
                                    "status": dict.fromkeys(STATUSES, 0)}
    for annotator, n in conn.execute(
            "SELECT annotator, count(*) FROM spans WHERE deleted = 0 GROUP BY annotator"):
        per_annotator.setdefault(annotator, {"documents": 0, "spans": 0, "relations": 0,
                                             "status": dict.fromkeys(STATUSES, 0)})["spans"] = n
    for annotator, n in conn.execute(
            "SELECT annotator, count(*) FROM relations WHERE deleted = 0 GROUP BY annotator"):
        if annotator in per_annotator:
            per_annotator[annotator]["relations"] = n
    status_counts = dict.fromkeys(STATUSES, 0)
    for annotator, status, n in conn.execute(
            "SELECT annotator, status, count(*) FROM layers GROUP BY annotator, status"):
        per_annotator[annotator]["status"][status] = n
        status_counts[status] += n
    documents = store.count_documents()
    untouched = conn.execute(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS "
        "(SELECT 1 FROM layers l WHERE l.doc = d.pk)").fetchone()[0]
    status_counts["new"] += untouched
    return {
        "documents": documents,
        "spans": sum(per_label.values()),
        "relations": conn.execute(
            "SELECT count(*) FROM relations WHERE deleted = 0").fetchone()[0],
        "spans_per_label": per_label,
        "per_annotator": per_annotator,
        "status": status_counts,
        "untouched_documents": untouched,
        "near_duplicates": count_marked(conn),
    }


def format_stats(stats: dict[str, Any]) -> str:
    lines = [f"documents: {stats['documents']}", f"spans: {stats['spans']}",
             f"relations: {stats['relations']}"]
    if stats.get("near_duplicates"):
        lines.append(f"near-duplicates: {stats['near_duplicates']}")
    if stats["spans_per_label"]:
        lines.append("spans per label:")
        lines += [f"  {lab}: {n}" for lab, n in stats["spans_per_label"].items()]
    lines.append("status (per document and analyst; untouched documents count as new):")
    lines += [f"  {s}: {n}" for s, n in stats["status"].items()]
    if stats["per_annotator"]:
        lines.append("per analyst:")
        for name, info in stats["per_annotator"].items():
            st = ", ".join(f"{k} {v}" for k, v in info["status"].items())
            lines.append(f"  {name}: {info['documents']} document(s), {info['spans']} span(s), "
                         f"{info['relations']} relation(s) ({st})")
    return "\n".join(lines)


def check_database(store: Store) -> list[str]:
    """Everything wrong with the database, one message each; empty when sound."""
    conn = store.conn
    where = str(store.path)
    problems: list[str] = []
    try:
        for (msg,) in conn.execute("PRAGMA integrity_check"):
            if msg != "ok":
                problems.append(f"{where}: integrity: {msg}")
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"{where}: {table} row {rowid} points at a missing {parent} row")
    except sqlite3.DatabaseError as exc:
        return [f"{where}: integrity check failed: {exc}"]
    for pk, did, text, sha in conn.execute("SELECT pk, id, text, sha256 FROM documents"):
        if text_hash(text) != sha:
            problems.append(f"{where}: document {did}: text does not match its SHA-256")
    for sid, did, start, end, length in conn.execute(
            'SELECT s.id, d.id, s.start, s."end", length(d.text) FROM spans s '
            'JOIN documents d ON d.pk = s.doc WHERE s.deleted = 0 AND '
            '(s.start < 0 OR s."end" > length(d.text) OR s.start >= s."end")'):
        problems.append(f"{where}: document {did}: span {sid} ({start}-{end}) lies outside "
                        f"its text (length {length})")
    for rid, did in conn.execute(
            "SELECT r.id, d.id FROM relations r JOIN documents d ON d.pk = r.doc "
            "WHERE r.deleted = 0 AND (NOT EXISTS (SELECT 1 FROM spans s WHERE s.id = r.head "
            "AND s.deleted = 0) OR NOT EXISTS (SELECT 1 FROM spans s WHERE s.id = r.child "
            "AND s.deleted = 0))"):
        problems.append(f"{where}: document {did}: relation {rid} points at a missing span")
    known = set(store.schema().label_names)
    for label, n in conn.execute(
            "SELECT label, count(*) FROM spans WHERE deleted = 0 GROUP BY label"):
        if label not in known:
            problems.append(f"{where}: {n} span(s) use label {label} missing from the schema")
    from annotator.store.required_attrs import unset_in_done_layers

    for label, attr, n in unset_in_done_layers(store):
        problems.append(f"{where}: {n} {label} span(s) in layers marked done leave the "
                        f"required attribute {attr} unset")
    try:
        conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        problems.append(f"{where}: the search index is out of step with the documents ({exc})")
    return problems
