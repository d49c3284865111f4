"""The label schema as rows of the `labels` and `relation_types` tables.

Relation keys live in `relation_types.key`, added by step 0008; the first step writes the
default schema before that column exists, so writing checks for it.
"""

from __future__ import annotations

import sqlite3

import orjson

from annotator.core.schema import AttributeDef, LabelDef, LabelSchema, RelationDef


def read_schema(conn: sqlite3.Connection) -> LabelSchema:
    labels = [
        LabelDef(name, key, color, [AttributeDef.from_json(a) for a in orjson.loads(attrs)])
        for name, key, color, attrs in conn.execute(
            "SELECT name, key, color, attributes FROM labels ORDER BY position, name")
    ]
    relations = [
        RelationDef(name, head, child, key)
        for name, head, child, key in conn.execute(
            "SELECT name, head, child, key FROM relation_types ORDER BY position, name")
    ]
    return LabelSchema(labels, relations)


def write_schema(conn: sqlite3.Connection, schema: LabelSchema) -> None:
    """Replace the stored schema; the caller holds the write transaction."""
    conn.execute("DELETE FROM labels")
    conn.execute("DELETE FROM relation_types")
    conn.executemany(
        "INSERT INTO labels (name, position, key, color, attributes) VALUES (?, ?, ?, ?, ?)",
        [(lab.name, i, lab.key, lab.color,
          orjson.dumps([a.to_json() for a in lab.attributes]).decode())
         for i, lab in enumerate(schema.labels)])
    if _has_key_column(conn):
        conn.executemany(
            "INSERT INTO relation_types (name, position, head, child, key) "
            "VALUES (?, ?, ?, ?, ?)",
            [(r.name, i, r.head, r.child, r.key) for i, r in enumerate(schema.relations)])
    else:
        conn.executemany(
            "INSERT INTO relation_types (name, position, head, child) VALUES (?, ?, ?, ?)",
            [(r.name, i, r.head, r.child) for i, r in enumerate(schema.relations)])


def _has_key_column(conn: sqlite3.Connection) -> bool:
    return any(row[1] == "key" for row in conn.execute("PRAGMA table_info(relation_types)"))
