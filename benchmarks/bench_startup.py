"""How fast the command line starts: `--version`, and `stats` on a small database.

Runs each command many times in fresh processes (like hyperfine) and prints the median.
Goals (issue 7): `annotator --version` under 150 ms; `annotator stats` never imports
PySide6 and does not pay for pandas/numpy even when they are installed.

    python benchmarks/bench_startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ("PySide6", "pandas", "numpy", "sqlite_utils")


def median_ms(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def loaded_modules(args: list[str], env: dict[str, str]) -> list[str]:
    """Which heavy modules a command imports (checked in its own process)."""
    probe = ("import sys, runpy; sys.argv = ['annotator', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('annotator', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.__stdout__)")
    out = subprocess.run([sys.executable, "-c", probe, *args], env=env, check=True,
                         capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("HEAVY="))
    return [m for m in line.removeprefix("HEAVY=").split(",") if m]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ANNOTATOR_HOME": tmp}
        db = str(Path(tmp) / "bench.sqlite")
        article = Path(tmp) / "a.txt"
        article.write_text("Kataib Hezbollah said on Sunday it would stop attacks.\n")
        subprocess.run([sys.executable, "-m", "annotator", "--db", db, "import", str(article)],
                       env=env, check=True, capture_output=True)
        for module in ("pandas", "numpy"):
            try:
                __import__(module)
                print(f"{module}: installed")
            except ImportError:
                print(f"{module}: not installed (the figures below do not include it)")
        commands = {
            "annotator --version": ["--version"],
            "annotator stats": ["--db", db, "stats"],
            "annotator export jsonl": ["--db", db, "export", "--format", "jsonl", "-o",
                                       str(Path(tmp) / "out.jsonl")],
        }
        print(f"{'command':<26}{'median ms':>10}  heavy modules imported")
        for label, argv in commands.items():
            ms = median_ms([sys.executable, "-m", "annotator", *argv], args.runs, env)
            heavy = loaded_modules(argv, env)
            print(f"{label:<26}{ms:>10.1f}  {', '.join(heavy) or 'none'}")
        base = median_ms([sys.executable, "-c", "pass"], args.runs, env)
        print(f"{'(python -c pass)':<26}{base:>10.1f}")


if __name__ == "__main__":
    main()
