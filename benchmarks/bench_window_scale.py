"""The window on a newsroom-sized database (issue 7): open, search, switch documents.

Uses the 100,000-article database that `bench_scale.py` builds and caches in
`benchmarks/out/` (run that first). Prints medians against the goals; not a test.

    python benchmarks/bench_window_scale.py [--db benchmarks/out/scale-100000.sqlite]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
QUERIES = ["airstrike", "Kataib Hezbollah", "ministry", "coalition forces", "Baghdad",
           "negotiation", "protest", "statement"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=HERE / "out" / "scale-100000.sqlite")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} is missing: run benchmarks/bench_scale.py first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as home:
        os.environ["ANNOTATOR_HOME"] = home  # fresh settings: no remembered document
        from annotator.app import build_window
        from annotator.settings import save_settings
        from annotator.ui.shell.application import make_application

        save_settings({"first_start_seen": True})
        app = make_application(sys.argv[:1])
        db = Path(home) / "copy.sqlite"
        shutil.copy(args.db, db)  # the window may write settings-like rows; keep the cache
        opens = []
        for _ in range(3):
            t0 = time.perf_counter()
            window = build_window(db, "alice")
            window.show()
            app.processEvents()
            opens.append(time.perf_counter() - t0)
            rows = window.documents.model.rowCount()
            if _ < 2:
                window.close()
        print(f"open window on {rows:,} documents: median {statistics.median(opens) * 1000:.0f} ms"
              f" (runs {', '.join(f'{t * 1000:.0f}' for t in opens)}; goal <= 500 ms)")

        searches = []
        for q in QUERIES:
            t0 = time.perf_counter()
            window.documents.search.setText(q)
            app.processEvents()
            searches.append(time.perf_counter() - t0)
        print(f"search in the window (type a query, list updated): median "
              f"{statistics.median(searches) * 1000:.0f} ms, max {max(searches) * 1000:.0f} ms "
              f"(goal <= 100 ms)")
        window.documents.search.setText("")
        app.processEvents()

        switches = []
        for _ in range(40):
            t0 = time.perf_counter()
            window.step_document(1)
            app.processEvents()
            switches.append(time.perf_counter() - t0)
        print(f"switch documents (PageDown, shown and painted): median "
              f"{statistics.median(switches) * 1000:.1f} ms, max {max(switches) * 1000:.0f} ms "
              f"(goal <= 50 ms)")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
