"""What `meta.lang` costs an import: the detector alone per article, and the import of
10,000 native JSONL articles (which carry no language, so every one is detected).

Run it on two checkouts to compare an import with and without the detection (the figures
in benchmarks/README.md were taken that way), or read the detector's share directly.

    python benchmarks/bench_language.py                # 10,000 articles, best of 3
    python benchmarks/bench_language.py -n 2000 --repeat 1
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from annotator.store import Store
    from annotator.transfer.pipeline import import_paths

    with tempfile.TemporaryDirectory() as tmp:
        src = generate.write(Path(tmp) / "articles.jsonl", args.count)
        texts = [a["text"] for a in generate.articles(min(args.count, 2000))]
        try:
            from annotator.formats import language
        except ImportError:
            language = None
        if language is not None:
            started = time.perf_counter()
            language.detect("a warm-up sentence")
            load = time.perf_counter() - started
            started = time.perf_counter()
            langs = [language.detect(t) for t in texts]
            per = (time.perf_counter() - started) / len(texts)
            print(f"detector: model load {load * 1000:.0f} ms (once a process); "
                  f"{per * 1000:.3f} ms an article ({len(texts)} articles of "
                  f"~{sum(map(len, texts)) // len(texts):,} characters; "
                  f"{langs.count('en')} detected en)")
        best_wall = best_cpu = float("inf")
        for i in range(args.repeat):
            db = Path(tmp) / f"run{i}.sqlite"
            wall, cpu = time.perf_counter(), time.process_time()
            with Store(db) as store:
                summary = import_paths(store, [src], "jsonl", "bench")
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
            with Store(db) as store:
                with_lang = store.conn.execute(
                    "SELECT count(*) FROM documents WHERE json_extract(meta, '$.lang') "
                    "IS NOT NULL").fetchone()[0]
        print(f"import of {summary.documents_added:,} JSONL articles: best of {args.repeat} "
              f"{best_wall:.2f} s wall, {best_cpu:.2f} s CPU; {with_lang:,} with meta.lang")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
