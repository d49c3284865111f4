"""Training benchmark: `annotator train` on the CoNLL-2003 excerpt of the shared corpus and
on the 10,000-article benchmark corpus (capped by --max-minutes), each in a fresh process.
Prints wall time, CPU time, peak resident memory and the held-out micro F1.

    python benchmarks/bench_train.py                      # both, 10,000 capped at 5 minutes
    python benchmarks/bench_train.py -n 2000 --max-minutes 2
    python benchmarks/bench_train.py --conll PATH.txt     # any CoNLL-2003 file or folder

The CoNLL excerpt is found in `shared/corpus/realworld/conll/` beside the repository (or
above it); a CoNLL import arrives in progress, so the command learns from those layers
and says so.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def find_conll() -> Path | None:
    for base in [ROOT, *ROOT.parents]:
        found = base / "shared" / "corpus" / "realworld" / "conll"
        if found.is_dir():
            return found
    return None


def run(argv: list[str]) -> tuple[float, float, float, str, str]:
    """(wall s, CPU s, peak RSS MB, stdout, stderr) of `python -m annotator ARGV`."""
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "annotator", *argv], stdout=out,
                                stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise SystemExit(f"annotator {' '.join(argv)} failed:\n{stderr}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout, stderr


def bench(name: str, db: Path, sources: list[str], fmt: str, train_args: list[str]) -> None:
    wall, _cpu, _rss, _o, _e = run(["--db", str(db), "import", "--format", fmt, *sources])
    print(f"\n== {name}\nimport: {wall:.1f} s")
    wall, cpu, rss, stdout, stderr = run(["--db", str(db), "train", "--json", *train_args])
    result = json.loads(stdout)
    micro = result["micro"]
    print(f"train: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss:.0f} MB; "
          f"{result['train_docs']} training / {result['eval_docs']} held-out documents")
    print(f"held-out micro P/R/F1: {micro['p']:.3f} / {micro['r']:.3f} / {micro['f']:.3f}")
    for label, fig in result["labels"].items():
        print(f"  {label:<8} P {fig['p']:.3f}  R {fig['r']:.3f}  F1 {fig['f']:.3f}  "
              f"support {fig['support']}")
    notes = [ln for ln in stderr.splitlines() if ln.startswith("note:")]
    for note in notes:
        print(f"  {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="benchmark articles (10,000)")
    parser.add_argument("--max-minutes", type=float, default=5.0,
                        help="training budget on the large corpus (5)")
    parser.add_argument("--conll", type=Path, default=None, help="a CoNLL-2003 file/folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        conll = args.conll or find_conll()
        if conll is None:
            print("CoNLL excerpt not found (shared/corpus/realworld/conll): skipped")
        else:
            files = sorted(str(p) for p in conll.glob("*")) if conll.is_dir() else [str(conll)]
            bench(f"CoNLL-2003 excerpt ({', '.join(Path(f).name for f in files)})",
                  tmp / "conll.sqlite", files, "conll",
                  ["--seed", str(args.seed), "--eval-split", "0.34"])
        if not args.skip_large:
            from generate import write

            started = time.monotonic()
            corpus = write(tmp / "articles.jsonl", args.n, seed=1)
            print(f"\n(generated {args.n:,} articles in {time.monotonic() - started:.1f} s)")
            bench(f"{args.n:,} benchmark articles (ACTOR/EVENT/QUOTE), capped at "
                  f"{args.max_minutes:g} min", tmp / "large.sqlite", [str(corpus)], "jsonl",
                  ["--seed", str(args.seed), "--max-minutes", str(args.max_minutes)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
