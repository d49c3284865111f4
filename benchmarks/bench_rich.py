"""Rich annotation at scale (prints numbers; not a test): token patterns with operators on
a 1 MB article, actor search per keystroke over a large registry, and leaving out what a
busy layer already labelled.

Run: python benchmarks/bench_rich.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from annotator.core.model import Span
from annotator.core.suggest import Suggester
from annotator.core.suggest_base import drop_existing
from annotator.core.suggest_patterns import parse_pattern
from annotator.store import Store
from annotator.store.entities import search_entities

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def _text() -> str:
    base = "\n".join(p.read_text(encoding="utf-8").replace("\r\n", "\n")
                     for p in sorted(DATA.glob("*.txt")))
    return (base + "\n") * (1_000_000 // len(base) + 1)


def patterns_bench(text: str) -> None:
    anchored = [parse_pattern({"label": "ACTOR", "pattern": [
        {"lower": {"IN": ["us", "u.s.", "iran", "iraq"]}}, {"is_title": True, "OP": "*"}],
        "id": "state"})]
    free = anchored + [
        parse_pattern({"label": "NUM", "pattern": [{"like_num": True},
                                                   {"is_alpha": True, "OP": "?"}]}),
        parse_pattern({"label": "ACTOR", "pattern": [{"is_title": True, "OP": "+"},
                                                     {"lower": "group"}]}),
        parse_pattern({"label": "W", "pattern": [{"shape": "Xxxxx", "LENGTH": {">=": 8}}]}),
    ]
    for name, pats in (("anchored (first word fixed)", anchored),
                       ("unanchored (every line tokenized)", free)):
        suggester = Suggester((), [("bench", pats)], quotes=False)
        suggester.suggest("warm up")
        t0 = time.perf_counter()
        found = suggester.suggest(text)
        print(f"patterns, {name}: {time.perf_counter() - t0:.3f} s on {len(text):,} code "
              f"points -> {len(found):,} suggestions")


def search_bench(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.sqlite") as store:
        with store.write() as conn:
            conn.executemany(
                "INSERT INTO entities (id, name, kind, aliases, created_at, updated_at) "
                "VALUES (?, ?, NULL, ?, '', '')",
                [(str(i), f"The Actor {i} Brigade", f'["AB{i}", "Group {i} of the North"]')
                 for i in range(n)])
        t0 = time.perf_counter()
        search_entities(store, "x", 10)
        print(f"first search over {n:,} actors (normalizes every name once): "
              f"{(time.perf_counter() - t0) * 1000:.1f} ms")
        for query in ("t", "the actor 12", "north", "brigade 9"):
            t0 = time.perf_counter()
            for _ in range(5):
                found = search_entities(store, query, 10)
            per = (time.perf_counter() - t0) / 5
            print(f"search over {n:,} actors for {query!r}: {per * 1000:.1f} ms "
                  f"({len(found)} shown)")


def drop_bench(text: str) -> None:
    suggester = Suggester()
    found = suggester.suggest(text)
    spans = [Span(s.start, s.end, s.label) for s in found[::2]]
    t0 = time.perf_counter()
    kept = drop_existing(found, spans, {s.key for s in found[1::4]})
    print(f"leaving out labelled/rejected: {len(found):,} suggestions against "
          f"{len(spans):,} spans in {(time.perf_counter() - t0) * 1000:.1f} ms "
          f"-> {len(kept):,} kept")


def main() -> None:
    text = _text()
    patterns_bench(text)
    for n in (1_000, 20_000):
        search_bench(n)
    drop_bench(text)


if __name__ == "__main__":
    main()
