"""Building replicas for the hub tests: a lead's documents, analysts' edits, comparisons."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.assets import resource_path
from annotator.cli import main
from annotator.store import Store
from annotator.store.merge import snapshot

TEXTS = {
    "a.txt": "Iraq said the strike on Baghdad was a violation of its sovereignty.\n",
    "b.txt": "Kataib Hezbollah denied it; the Pentagon said the raid hit a depot.\n",
    "c.txt": "Protesters gathered outside the embassy in Baghdad on Monday.\n",
}


def lead_with_documents(tmp_path: Path, hub) -> Path:
    """The lead's database with four articles (one with emoji, Arabic and CRLF), synced."""
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copy(resource_path("samples/unicode-crlf-sample.txt"), folder / "d.txt")
    db = tmp_path / "lena.sqlite"
    assert run_cli(db, "lena", "import", str(folder)) == 0
    assert run_cli(db, "lena", "sync", hub.url("lena")) == 0
    return db


def doc_pk(db: Path, name_part: str) -> int:
    with Store(db) as store:
        for pk, title, text in store.conn.execute("SELECT pk, title, text FROM documents"):
            if name_part in (title or "") or name_part in text:
                return pk
    raise AssertionError(f"no document with {name_part!r}")


def spans_of(db: Path, annotator: str | None = None, live: bool = True) -> list[tuple]:
    """(document id, annotator, start, end, label, text) of each span, sorted."""
    conn = sqlite3.connect(db)
    try:
        sql = ('SELECT d.id, s.annotator, s.start, s."end", s.label, '
               'substr(d.text, s.start + 1, s."end" - s.start) FROM spans s '
               "JOIN documents d ON d.pk = s.doc WHERE 1")
        args = []
        if live:
            sql += " AND s.deleted = 0"
        if annotator:
            sql += " AND s.annotator = ?"
            args.append(annotator)
        return sorted(conn.execute(sql, args).fetchall())
    finally:
        conn.close()


def state(db: Path) -> dict:
    """Everything merge compares, for equality checks between replicas."""
    conn = sqlite3.connect(db)
    try:
        return snapshot(conn)
    finally:
        conn.close()


def layer_state(db: Path, annotator: str) -> dict:
    snap = state(db)
    return {"spans": [r for r in snap["spans"] if r[2] == annotator],
            "relations": [r for r in snap["relations"] if r[2] == annotator],
            "layers": [r for r in snap["layers"] if r[1] == annotator]}


def dump(db: Path) -> list:
    """Every row of every table (the hub's local state included)."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'documents_fts%' ORDER BY name")]
        return [(t, sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr))
                for t in tables]
    finally:
        conn.close()


def run_cli(db: Path, who: str, *args: str) -> int:
    return main(["--db", str(db), "--annotator", who, *args])


def cli_process(db: Path, who: str, *args: str, env: dict | None = None) -> subprocess.Popen:
    """The command line in its own process (for tests that kill it)."""
    return subprocess.Popen([sys.executable, "-m", "annotator", "--db", str(db),
                             "--annotator", who, *args], stderr=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
