"""Round trips of the generated articles in every interchange format: export, import the
export into a fresh database, export again; time and peak memory per format.

Each format runs in its own process so its peak resident set (VmHWM) is its own. Not a
test: it prints numbers (and whether the second export equals the first).

    python benchmarks/bench_roundtrip.py                      # 10,000 articles
    python benchmarks/bench_roundtrip.py -n 1000 --formats conll hf
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

FORMATS = {"jsonl": "out.jsonl", "prodigy": "out.jsonl", "doccano": "out.jsonl",
           "labelstudio": "out.json", "brat": "out", "conll": "out.conll", "hf": "out.jsonl",
           "spacy": "out.spacy"}


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _same(a: Path, b: Path) -> bool:
    if a.is_dir():
        left = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
        right = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
        return left == right and all(filecmp.cmp(a / p, b / p, shallow=False) for p in left)
    return filecmp.cmp(a, b, shallow=False)


def one(fmt: str, db: Path, work: Path) -> None:
    """export -> import into a fresh database -> export again, in this process."""
    from annotator.store import Store
    from annotator.store.layers import LayerFilter
    from annotator.transfer.pipeline import ExportRequest, export, import_paths

    first, second = work / "1" / FORMATS[fmt], work / "2" / FORMATS[fmt]
    first.parent.mkdir(parents=True)
    second.parent.mkdir(parents=True)
    with Store(db) as store:
        t0 = time.perf_counter()
        export(store, ExportRequest(fmt, str(first), LayerFilter()))
        t_export = time.perf_counter() - t0
    with Store(work / "again.sqlite") as store:
        t0 = time.perf_counter()
        import_paths(store, [first], fmt, "bench")
        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        export(store, ExportRequest(fmt, str(second), LayerFilter()))
        t_export2 = time.perf_counter() - t0
    total = t_export + t_import + t_export2
    print(f"{fmt:<12} {t_export:8.2f} {t_import:8.2f} {t_export2:8.2f} {total:8.2f} "
          f"{_peak_mb():8.0f}  {'yes' if _same(first, second) else 'NO'}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("--formats", nargs="*", default=list(FORMATS))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        one(args.one, Path(args.db), Path(args.work))
        return 0

    import generate

    from annotator.store import Store
    from annotator.transfer.pipeline import import_paths

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        os.environ["ANNOTATOR_HOME"] = str(tmp_path / "home")
        src = generate.write(tmp_path / "articles.jsonl", args.count)
        db = tmp_path / "bench.sqlite"
        with Store(db) as store:
            import_paths(store, [src], "jsonl", "bench")
        print(f"{args.count} articles; seconds per step, peak resident MB of the process")
        print(f"{'format':<12} {'export':>8} {'import':>8} {'export2':>8} {'total':>8} "
              f"{'peak MB':>8}  export2 == export")
        for fmt in args.formats:
            work = tmp_path / fmt
            work.mkdir()
            subprocess.run([sys.executable, __file__, "--one", fmt, "--db", str(db),
                            "--work", str(work)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
