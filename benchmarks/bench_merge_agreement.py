"""Merging two analysts' databases of 10,000 articles each, and agreement over them.

alice labels the generated articles as generated; bob works from the same lead's file and
mostly agrees: he drops some spans, moves some boundaries, relabels a few and adds his own.
Both mark every article done. Timed (best of --repeat):
- merge alice.sqlite into a copy of bob.sqlite (10,000 documents matched, alice's layer in);
- merge both into a fresh database (10,000 documents added, then matched);
- the same merge again (nothing new: the idempotent case);
- agreement over the merged database (store read + every figure), and `annotator agreement
  --json` as a user runs it.
Goal: each within a few seconds.

    python benchmarks/bench_merge_agreement.py            # 10,000 articles
    python benchmarks/bench_merge_agreement.py -n 1000 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate

from annotator.formats.jsonl import parse_record
from annotator.store import Store
from annotator.store.review import agreement, agreement_input
from annotator.store.rows import REL_ROW_SQL as REL_SQL
from annotator.store.rows import SPAN_ROW_SQL as SPAN_SQL
from annotator.transfer.merge_source import merge_file


def _bob(rec: dict, rng: random.Random) -> dict:
    """bob's version of an article: mostly alice's spans, some changed, his own ids."""
    text = rec["text"]
    spans = []
    for s in rec["spans"]:
        roll = rng.random()
        if roll < 0.08:
            continue  # missed it
        start, end, label = s["start"], s["end"], s["label"]
        if roll < 0.16:  # a boundary one word shorter or longer
            cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
        elif roll < 0.20:
            label = rng.choice([lab for lab in ("ACTOR", "EVENT", "QUOTE") if lab != label])
        spans.append({"id": str(uuid.UUID(int=rng.getrandbits(128))), "start": start,
                      "end": end, "label": label, "attrs": s.get("attrs") or {}})
    return {**rec, "annotator": "bob", "status": "done", "spans": spans, "relations": []}


def build(folder: Path, count: int) -> tuple[Path, Path]:
    rng = random.Random(7)
    alice_recs, bob_recs = [], []
    for n, rec in enumerate(generate.articles(count, seed=1)):
        mine = {**rec, "annotator": "alice", "status": "done"}
        alice_recs.append(parse_record(mine, Path("alice.jsonl"), n + 1))
        bob_recs.append(parse_record(_bob(mine, rng), Path("bob.jsonl"), n + 1))
    paths = []
    for name, recs in (("alice", alice_recs), ("bob", bob_recs)):
        path = folder / f"{name}.sqlite"
        with Store(path) as store:
            store.ingest(recs, name)
        paths.append(path)
    return paths[0], paths[1]


def floor(target: Path, other: Path) -> None:
    """The least a merge can do: copy the other file's rows across in one statement each."""
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("ATTACH DATABASE ? AS other", (str(other),))
    conn.execute("BEGIN IMMEDIATE")
    for table, cols in (("spans", SPAN_SQL), ("relations", REL_SQL)):
        picked = ", ".join("d.pk" if c.strip() == "doc" else f"o.{c.strip()}"
                           for c in cols.split(","))
        conn.execute(f"INSERT INTO {table} ({cols}) SELECT {picked} FROM other.{table} o "
                     "JOIN other.documents od ON od.pk = o.doc JOIN documents d ON d.id = od.id")
    conn.execute("COMMIT")
    conn.close()


def best(repeat: int, setup, run) -> tuple[str, object]:
    """Best of `repeat` runs as "wall s (cpu s)": CPU time says more on a busy machine."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        arg = setup()
        w0, c0 = time.perf_counter(), time.process_time()
        result = run(arg)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return f"{min(walls):6.2f} s (cpu {min(cpus):5.2f} s)", result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", metavar="DIR",
                        help="keep (or reuse) alice.sqlite and bob.sqlite in DIR")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        kept = Path(args.files) if args.files else None
        if kept is not None and (kept / "alice.sqlite").exists() and (kept / "bob.sqlite").exists():
            alice, bob = kept / "alice.sqlite", kept / "bob.sqlite"
        else:
            if kept is not None:
                kept.mkdir(parents=True, exist_ok=True)
            alice, bob = build(kept or folder, args.count)
        with Store(alice) as store:
            spans = store.conn.execute("SELECT count(*) FROM spans").fetchone()[0]
        with Store(alice) as store:
            count = store.count_documents()
        print(f"{count} articles, {spans} spans per analyst "
              f"(built in {time.perf_counter() - t0:.1f} s)")

        def copy_of(src: Path | None):
            def setup() -> Path:
                target = folder / f"target-{uuid.uuid4().hex}.sqlite"
                if src is not None:
                    shutil.copy(src, target)
                return target
            return setup

        inner: list[float] = []

        def merge_into(files):
            def run(target: Path):
                with Store(target) as store:
                    t0 = time.perf_counter()
                    out = [merge_file(store, f) for f in files]
                    inner.append(time.perf_counter() - t0)
                return out
            return run

        def show(what: str, secs: str, note: str) -> None:
            print(f"{what:<34}{secs}  (in the transaction {min(inner):.2f} s; {note})")
            inner.clear()

        secs, _ = best(args.repeat, copy_of(bob), lambda target: floor(target, alice))
        print(f"{'floor: raw SQL copy of the rows:':<34}{secs}  (ATTACH + INSERT ... "
              "SELECT of alice's spans and links into bob's file: no checks, no merge)")
        secs, res = best(args.repeat, copy_of(bob), merge_into([alice]))
        show("merge alice into bob's file:", secs, f"{res[0].documents_matched} matched, "
             f"{res[0].spans['alice'].added} spans added")
        secs, res = best(args.repeat, copy_of(None), merge_into([alice]))
        show("merge alice into a fresh file:", secs, f"{res[0].documents_added} documents added")
        merged = folder / "merged.sqlite"
        merge_into([alice, bob])(merged)
        inner.clear()
        secs, res = best(args.repeat, lambda: merged, merge_into([bob]))
        show("merge bob again (nothing new):", secs, f"changed: {res[0].changed}")

        def agree(_):
            with Store(merged) as store:
                return agreement(store)

        def read_only(_):
            with Store(merged) as store:
                return agreement_input(store)

        secs_read, _ = best(args.repeat, lambda: None, read_only)
        secs, report = best(args.repeat, lambda: None, agree)
        (pair,) = report.pairs
        print(f"{'agreement (store read + figures):':<34}{secs}  (read alone "
              f"{secs_read.strip()}; {pair.documents} documents, exact F1 {pair.exact_f1:.3f}, "
              f"partial F1 {pair.partial_f1:.3f}, kappa {pair.cohen_kappa:.3f}, "
              f"alpha {report.krippendorff_alpha:.3f})")
        env = {**os.environ, "ANNOTATOR_HOME": str(folder / "home")}
        t0 = time.perf_counter()
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "annotator", "--db", str(merged), "agreement",
                        "--json"], check=True, env=env, stdout=subprocess.DEVNULL)
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
        print(f"{'`annotator agreement --json`:':<34}{time.perf_counter() - t0:6.2f} s "
              f"(cpu {cpu:5.2f} s)  (a fresh process, start-up included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
