"""How long the suggesters take on a 1 MB article (prints numbers; not a test).

Run: python benchmarks/suggest_speed.py
"""

from __future__ import annotations

import time
from pathlib import Path

from annotator.core.model import Entity
from annotator.core.suggest import Suggester
from annotator.core.suggest_patterns import parse_pattern

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def main() -> None:
    base = "\n".join(p.read_text(encoding="utf-8").replace("\r\n", "\n")
                     for p in sorted(DATA.glob("*.txt")))
    text = (base + "\n") * (1_000_000 // len(base) + 1)
    entities = [Entity(f"Actor {i} Name", None, [f"Alias{i}", f"A{i} Group"], str(i))
                for i in range(5000)] + [Entity("Iraq", "state", ["Iraqi government"], "iq")]
    patterns = [parse_pattern({"label": "ACTOR", "pattern": f"Militia Number {i}"})
                for i in range(2000)]
    patterns.append(parse_pattern({"label": "ACTOR",
                                   "pattern": [{"lower": "kataib"}, {"lower": "hezbollah"}]}))
    t0 = time.perf_counter()
    suggester = Suggester(entities, [("bench", patterns)])
    t1 = time.perf_counter()
    suggester.suggest("warm the tokenizer up")
    t2 = time.perf_counter()
    found = suggester.suggest(text)
    t3 = time.perf_counter()
    by_source: dict[str, int] = {}
    for s in found:
        by_source[s.source] = by_source.get(s.source, 0) + 1
    print(f"text: {len(text):,} code points; 5,001 registry actors, 2,001 patterns")
    print(f"build: {t1 - t0:.3f} s; first call (tokenizer tables): {t2 - t1:.3f} s")
    print(f"suggest: {t3 - t2:.3f} s -> {len(found):,} suggestions {by_source}")


if __name__ == "__main__":
    main()
