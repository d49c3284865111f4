"""A newsroom archive: 100,000 articles (about 5 KB and 20 spans each), measured against
the goals of issue 7.

- search (`Store.document_pks(search=...)`): median <= 100 ms
- switching documents (`document` + `spans` + `relations`): median <= 50 ms
- the document list's first page (`document_pks` + `document_rows` for 100 rows)
- export streaming: peak memory (ru_maxrss of a fresh `annotator export`) < 200 MB

The database is built once with `Store.ingest` from `generate.py`'s seeded articles and
cached under `benchmarks/out/` (git-ignored); later runs reuse it.

    python benchmarks/bench_scale.py                 # 100,000 articles
    python benchmarks/bench_scale.py -n 20000        # a quicker look
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate

from annotator.core.model import AnnotatedDocument
from annotator.formats.jsonl import parse_record
from annotator.store import Store

OUT = HERE / "out"
SEARCHES = ["Baghdad", "Kataib Hezbollah", "drone strike", "ceasefire talks", "Rasool",
            "يحيى", "minist", "Zoë", "nothingmatchesthis"]


def build(db: Path, count: int, batch: int = 5000) -> float:
    """Ingest `count` seeded articles in batches (one transaction each); seconds taken."""
    t0 = time.perf_counter()
    source = Path("generated.jsonl")
    records: Iterator[AnnotatedDocument] = (
        parse_record(obj, source, n) for n, obj in enumerate(generate.articles(count), 1))
    with Store(db) as store:
        done = 0
        while True:
            chunk = list(islice(records, batch))
            if not chunk:
                break
            store.ingest(chunk, "alice")
            done += len(chunk)
            print(f"\r  built {done}/{count}", end="", file=sys.stderr, flush=True)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(file=sys.stderr)
    return time.perf_counter() - t0


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, max) milliseconds of `runs` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


# Linux carries a process's peak RSS across exec, so a child forked straight from this
# (large) process would report our peak, not its own. A small wrapper process forks the
# export instead and reports the export's own rusage, as /usr/bin/time does.
WRAPPER = """
import os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), time.perf_counter() - t0, usage.ru_maxrss)
"""


def export_peak(db: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak MB) of `annotator export --format jsonl` in a fresh process."""
    done = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", "annotator",
                           "--db", str(db), "export", "--format", "jsonl", "-o", str(out)],
                          check=True, capture_output=True, text=True)
    code, seconds, peak = done.stdout.split()
    if code != "0":
        raise SystemExit(f"export failed with status {code}")
    peak_kb = int(peak)  # KB on Linux, bytes on macOS
    return float(seconds), peak_kb / 1024 if sys.platform != "darwin" else peak_kb / 2**20


def verdict(value: float, goal: float) -> str:
    return "ok" if value <= goal else "OVER"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-export", action="store_true", help="skip the export run")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    db = OUT / f"scale-{args.count}.sqlite"
    if not db.exists():
        print(f"building {db.name} ({args.count} articles)...", file=sys.stderr)
        partial = db.with_suffix(".partial.sqlite")
        for p in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            p.unlink(missing_ok=True)
        seconds = build(partial, args.count)
        partial.rename(db)
        print(f"built in {seconds:.0f} s ({args.count / seconds:.0f} articles/s)")
    size_mb = db.stat().st_size / 2**20
    rng = random.Random(5)
    with Store(db) as store:
        n_docs = store.count_documents()
        n_spans = store.conn.execute("SELECT count(*) FROM spans").fetchone()[0]
        print(f"database: {n_docs} documents, {n_spans} spans, {size_mb:.0f} MB")

        print("\nsearch (document_pks(search=...)), goal: median <= 100 ms")
        for query in SEARCHES:
            hits = len(store.document_pks(search=query))
            med, worst = median_ms(lambda q=query: store.document_pks(search=q), args.runs)
            print(f"  {query!r:<24} {hits:>7} hits  median {med:7.1f} ms  max {worst:7.1f} ms"
                  f"  {verdict(med, 100)}")
        med, worst = median_ms(lambda: store.document_pks(search="Baghdad", annotator="alice",
                                                         statuses=["done"]), args.runs)
        print(f"  'Baghdad' + status done   median {med:7.1f} ms  max {worst:7.1f} ms"
              f"  {verdict(med, 100)}")

        pks = store.document_pks()
        sample = rng.sample(pks, min(len(pks), 200))
        it = iter(sample * 2)

        def switch() -> None:
            pk = next(it)
            store.document(pk)
            store.spans(pk)
            store.relations(pk)

        med, worst = median_ms(switch, min(len(sample), 150))
        print("\nswitching documents (document + spans + relations), goal: median <= 50 ms")
        print(f"  median {med:.2f} ms  max {worst:.2f} ms  {verdict(med, 50)}")

        print("\ndocument list, first page (document_pks + document_rows for 100 rows)")

        def first_page(**filters) -> None:
            rows = store.document_pks(**filters)
            store.document_rows(rows[:100], "alice")

        for label, filters in [("all documents", {}),
                               ("alice, status done", {"annotator": "alice",
                                                       "statuses": ["done"]}),
                               ("alice, status new", {"annotator": "alice",
                                                      "statuses": ["new"]}),
                               ("search 'Baghdad'", {"search": "Baghdad"})]:
            med, worst = median_ms(lambda f=filters: first_page(**f), max(5, args.runs // 3))
            print(f"  {label:<22} median {med:7.1f} ms  max {worst:7.1f} ms")

    if not args.no_export:
        out = OUT / f"scale-{args.count}.export.jsonl"
        seconds, peak = export_peak(db, out)
        print("\nexport --format jsonl (fresh process), goal: peak memory < 200 MB")
        print(f"  {seconds:.1f} s, {out.stat().st_size / 2**20:.0f} MB written, "
              f"peak RSS {peak:.0f} MB  {verdict(peak, 200)}")
        out.unlink()


if __name__ == "__main__":
    main()
