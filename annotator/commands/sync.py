"""`annotator sync [URL]`: push this database's changes to the team hub, pull others'."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

TRACE_ENV = "ANNOTATOR_HUB_TRACE"  # diagnostics: print each sync step (and pause at one)


def step_printer() -> Callable[[str], None]:
    """Steps on stderr when it is a terminal, or always with ANNOTATOR_HUB_TRACE set:
    `=1` prints them, `=STEP=SECONDS` also pauses that long at STEP (to watch a sync, or
    to interrupt it at a chosen point)."""
    trace = os.environ.get(TRACE_ENV)
    if trace is None and not sys.stderr.isatty():
        return lambda _step: None
    at, _, seconds = (trace or "").rpartition("=")
    try:
        pause = float(seconds) if at else 0.0
    except ValueError:
        pause = 0.0

    def show(step: str) -> None:
        sys.stderr.write(f"sync: {step}\n")
        sys.stderr.flush()
        if pause and step == at:
            time.sleep(pause)

    return show


def open_store(args: argparse.Namespace):
    """The database named by --db, $ANNOTATOR_DB or the default one."""
    from annotator.paths import resolve_db
    from annotator.store import Store

    return Store(resolve_db(args.db)[0])


def run(args: argparse.Namespace) -> int:
    from annotator.hub.connect import psycopg_module
    from annotator.hub.sync import hub_url, sync
    from annotator.paths import resolve_annotator

    psycopg_module()
    name, chosen = resolve_annotator(args.annotator)
    with open_store(args) as store:
        url = hub_url(store, args.url)
        # Named with --annotator or ANNOTATOR_NAME, the analyst must be the hub login;
        # otherwise (preference, login name) the hub login says who is working.
        report = sync(store, url, name if chosen else None, step_printer())
    print(report.line(), file=sys.stderr)
    return 0
