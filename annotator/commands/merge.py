"""`annotator merge OTHER.sqlite|OTHER.jsonl`: bring another analyst's work into this database."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from annotator.commands.progress import end_progress, progress_printer
    from annotator.paths import resolve_db
    from annotator.store import Store
    from annotator.store.merge import apply
    from annotator.transfer.merge_source import read_source

    incoming = read_source(args.other)  # a bad file is refused before ours is opened
    path, _default = resolve_db(args.db)
    with Store(path) as store:
        show = progress_printer("merging")
        summary = apply(store, incoming, show)
        end_progress(show)
    print(f"merged {args.other}:", file=sys.stderr)
    for line in summary.lines():
        print(f"  {line}", file=sys.stderr)
    return 0
