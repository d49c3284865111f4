"""Helpers of the hardening tests (a unique module name: every test folder has a conftest)."""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

WORDS = ("Kataib", "Hezbollah", "said", "the", "coalition", "strike", "Baghdad", "on",
         "Sunday", "«officials»", "مسؤول", "😀", "حزب", "would", "stop", "attacks", "after")


def article_text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def native_record(rng: random.Random, i: int, words: int = 60, spans: int = 4,
                  prefix: str = "doc") -> dict:
    """One native JSONL line: a document with a few spans on word boundaries."""
    text = f"Article {i}. " + article_text(rng, words)
    starts = [m for m in range(1, len(text)) if text[m - 1] == " " and text[m] != " "]
    out_spans = []
    for start in sorted(rng.sample(starts, min(spans, len(starts)))):
        end = text.find(" ", start)
        end = len(text) if end == -1 else end
        out_spans.append({"start": start, "end": end, "label": rng.choice(["ACTOR", "EVENT"]),
                          "text": text[start:end]})
    return {"id": f"{prefix}-{i}", "text": text, "meta": {"title": f"Article {i}"},
            "annotator": "alice", "status": "in_progress", "spans": out_spans}


def cli_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "annotator", *map(str, args)]


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()
