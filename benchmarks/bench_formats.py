"""Export of 10,000 generated articles (~5 KB, ~20 spans each) in every interchange format.

The articles come from `generate.py`, are imported once into a fresh database, then each
format is exported through the same path as `annotator export` (store -> layers -> writer),
timed per format, with the output size. Not a test: it prints numbers.

    python benchmarks/bench_formats.py                 # 10,000 articles
    python benchmarks/bench_formats.py -n 1000 --formats prodigy conll
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate

FORMATS = {"jsonl": "out.jsonl", "prodigy": "out.jsonl", "doccano": "out.jsonl",
           "labelstudio": "out.json", "brat": "out", "conll": "out.conll", "hf": "out.jsonl",
           "spacy": "out.spacy"}


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("--formats", nargs="*", default=list(FORMATS))
    args = parser.parse_args(argv)

    from annotator.core.tokenize import tokenize
    from annotator.store import Store
    from annotator.store.layers import LayerFilter
    from annotator.transfer.pipeline import ExportRequest, export, import_paths

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        os.environ["ANNOTATOR_HOME"] = str(tmp_path / "home")
        src = generate.write(tmp_path / "articles.jsonl", args.count)
        store = Store(tmp_path / "bench.sqlite")
        t0 = time.perf_counter()
        summary = import_paths(store, [src], "jsonl", "bench")
        print(f"setup: imported {args.count} articles ({summary.spans_added} spans) "
              f"in {time.perf_counter() - t0:.1f} s")
        texts = [row[0] for row in store.conn.execute("SELECT text FROM documents")]
        t0 = time.perf_counter()
        n_tokens = sum(len(tokenize(t)) for t in texts)
        took = time.perf_counter() - t0
        print(f"tokenize alone: {n_tokens} tokens in {took:.2f} s "
              f"({n_tokens / took / 1e6:.2f} M tokens/s)")
        print(f"{'format':<12} {'seconds':>8} {'docs/s':>8} {'MB':>8}  notes")
        for fmt in args.formats:
            out = tmp_path / fmt / FORMATS[fmt]
            out.parent.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            report = export(store, ExportRequest(fmt, str(out), LayerFilter()))
            took = time.perf_counter() - t0
            notes = "; ".join(report.lines())[:90]
            print(f"{fmt:<12} {took:8.2f} {report.documents / took:8.0f} "
                  f"{_size(out) / 1e6:8.1f}  {notes}", flush=True)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
