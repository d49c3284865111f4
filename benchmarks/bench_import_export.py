"""Import and export of 10,000 realistic articles, against a raw sqlite3 + json floor.

The floor is the least a script can do for the same work: parse each JSONL line with
`json`, insert the document and its spans with `sqlite3` in one transaction, then read them
back in order and write one JSON line per document. annotator does more on top (SHA-256,
FTS5 index, UUIDs, layers, relations, validation, CRLF remapping), and the goal is to stay
within 1.5x of the floor on import and 1.25x on export. Export memory is measured in a fresh
process at two sizes to show it stays flat.

    python benchmarks/bench_import_export.py            # 10,000 articles, best of 3
    python benchmarks/bench_import_export.py -n 2000 --repeat 1 --no-cli
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate

# -- the floor: raw sqlite3 + json --------------------------------------------------------


def floor_import(src: Path, db: Path) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE documents (pk INTEGER PRIMARY KEY, id TEXT UNIQUE, text TEXT, "
                 "title TEXT, source TEXT, published TEXT, meta TEXT)")
    conn.execute('CREATE TABLE spans (id TEXT PRIMARY KEY, doc INTEGER, annotator TEXT, '
                 'start INTEGER, "end" INTEGER, label TEXT, attrs TEXT)')
    conn.execute('CREATE INDEX spans_doc ON spans (doc, start, "end", label)')
    conn.execute("BEGIN")
    with src.open("rb") as fh:
        for raw in fh:
            obj = json.loads(raw)
            meta = obj["meta"]
            text = obj["text"].replace("\r\n", "\n")
            pk = conn.execute(
                "INSERT INTO documents (id, text, title, source, published, meta) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (obj["id"], text, meta.get("title"), meta.get("source"),
                 meta.get("published"), "{}")).lastrowid
            conn.executemany(
                'INSERT INTO spans (id, doc, annotator, start, "end", label, attrs) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(s["id"], pk, obj["annotator"], s["start"], s["end"], s["label"],
                  json.dumps(s["attrs"])) for s in obj["spans"]])
    conn.execute("COMMIT")
    conn.close()


def floor_export(db: Path, out: Path) -> None:
    conn = sqlite3.connect(db)
    spans = conn.execute('SELECT doc, annotator, id, start, "end", label, attrs FROM spans '
                         'ORDER BY doc, start, "end", label')
    pending = next(spans, None)
    with out.open("wb") as fh:
        for pk, did, text, title, source, published, meta in conn.execute(
                "SELECT pk, id, text, title, source, published, meta FROM documents "
                "ORDER BY pk"):
            doc_spans, annotator = [], None
            while pending is not None and pending[0] == pk:
                _, annotator, sid, s, e, label, attrs = pending
                doc_spans.append({"id": sid, "start": s, "end": e, "label": label,
                                  "text": text[s:e], "attrs": json.loads(attrs)})
                pending = next(spans, None)
            fh.write(json.dumps({"id": did, "text": text, "meta": {
                "title": title, "source": source, "published": published},
                "annotator": annotator, "spans": doc_spans}, ensure_ascii=False).encode())
            fh.write(b"\n")
    conn.close()


# -- annotator, in process ------------------------------------------------------------------


def annotator_import(src: Path, db: Path) -> None:
    from annotator.store import Store
    from annotator.transfer.pipeline import import_paths

    with Store(db) as store:
        import_paths(store, [src], annotator="bench")


def annotator_export(db: Path, out: Path) -> None:
    from annotator.store import Store
    from annotator.store.layers import LayerFilter
    from annotator.transfer.pipeline import ExportRequest, export

    with Store(db) as store:
        export(store, ExportRequest("jsonl", str(out), LayerFilter()))


def _fresh(path: Path) -> Path:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if p.exists():
            p.unlink()
    return path


def timed(fn, *args) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process). CPU time is the steadier figure on a
    shared machine; both are printed."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


MEMORY_PROBE = """
import sys, tracemalloc
from annotator.transfer.pipeline import ExportRequest, export
from annotator.store import Store
from annotator.store.layers import LayerFilter
trace = sys.argv[3] == "trace"
if trace:
    tracemalloc.start()
with Store(sys.argv[1]) as store:
    export(store, ExportRequest("jsonl", sys.argv[2], LayerFilter()))
peak = tracemalloc.get_traced_memory()[1] if trace else 0
# VmHWM (peak resident set) belongs to this process image; ru_maxrss would carry over the
# parent's peak across fork and exec.
hwm = next(int(line.split()[1]) for line in open("/proc/self/status")
           if line.startswith("VmHWM:"))
print(peak, hwm)
"""


def export_memory(db: Path, out: Path) -> tuple[float, float]:
    """(peak traced Python memory MB, max RSS MB) of an export in a fresh process."""
    figures = []
    for mode in ("trace", "rss"):
        result = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(db), str(out), mode],
                                capture_output=True, text=True, check=True)
        figures.append([int(x) for x in result.stdout.split()])
    return figures[0][0] / 1e6, figures[1][1] / 1024


def cli_run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annotator", *args], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=2_000, help="size of the memory baseline")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-cli", action="store_true", help="skip the subprocess CLI run")
    parser.add_argument("--workdir", help="keep files here (default: a temporary folder)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.workdir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        src = work / "articles.jsonl"
        t, _ = timed(generate.write, src, args.count, args.seed)
        size_mb = src.stat().st_size / 1e6
        print(f"generated {args.count} articles, {size_mb:.1f} MB, in {t:.1f} s")

        # Warm up: the first store opened imports sqlite-utils (and pandas, when installed)
        # to run the schema steps; a one-off cost that is not per-article work.
        warm = work / "warm.jsonl"
        with src.open("rb") as fh:
            warm.write_bytes(fh.readline())
        annotator_import(warm, _fresh(work / "warm.sqlite"))

        # Floor and annotator alternate, so a busy spell of the machine hits both.
        results: dict[str, list[tuple[float, float]]] = {k: [] for k in (
            "floor import", "annotator import", "floor export", "annotator export")}
        floor_db, ours_db = work / "floor.sqlite", work / "ours.sqlite"
        for _ in range(args.repeat):
            results["floor import"].append(timed(floor_import, src, _fresh(floor_db)))
            results["annotator import"].append(timed(annotator_import, src, _fresh(ours_db)))
            results["floor export"].append(timed(floor_export, floor_db, work / "floor.jsonl"))
            results["annotator export"].append(
                timed(annotator_export, ours_db, work / "ours.jsonl"))
        wall = {k: min(w for w, _ in v) for k, v in results.items()}
        cpu = {k: min(c for _, c in v) for k, v in results.items()}
        print(f"best of {args.repeat}: {'wall s':>8} {'CPU s':>8}   (all runs, wall)")
        for k, v in results.items():
            print(f"{k:18s} {wall[k]:8.2f} {cpu[k]:8.2f}   "
                  f"({', '.join(f'{w:.2f}' for w, _ in v)})")
        for what, goal in (("import", 1.5), ("export", 1.25)):
            ours, floor = f"annotator {what}", f"floor {what}"
            print(f"{what} ratio: wall {wall[ours] / wall[floor]:.2f}x, "
                  f"CPU {cpu[ours] / cpu[floor]:.2f}x (goal <= {goal}x)")
        print(f"annotator import {args.count / wall['annotator import']:,.0f} articles/s, "
              f"export {args.count / wall['annotator export']:,.0f} articles/s (wall)")

        if not args.no_cli:
            env = dict(os.environ, ANNOTATOR_HOME=str(work / "home"))
            cli_db = _fresh(work / "cli.sqlite")
            t_imp = cli_run(["--db", str(cli_db), "import", str(src)], env)
            t_exp = cli_run(["--db", str(cli_db), "export", "--format", "jsonl", "-o",
                             str(work / "cli.jsonl")], env)
            same = (work / "cli.jsonl").read_bytes() == (work / "ours.jsonl").read_bytes()
            print(f"CLI subprocess: import {t_imp:.2f} s, export {t_exp:.2f} s "
                  f"(same bytes as in-process: {same})")

        small_src = work / "small.jsonl"
        with src.open("rb") as fh, small_src.open("wb") as out:
            for i, line in enumerate(fh):
                if i >= args.small:
                    break
                out.write(line)
        small_db = _fresh(work / "small.sqlite")
        annotator_import(small_src, small_db)
        for label, db in ((f"{args.small:>6} docs", small_db), (f"{args.count:>6} docs", ours_db)):
            traced, rss = export_memory(db, work / "mem.jsonl")
            print(f"export memory {label}: peak Python heap {traced:6.1f} MB, "
                  f"max RSS {rss:6.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
