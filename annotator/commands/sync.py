"""`annotator sync [URL]`: push this database's changes to the team hub, pull others'."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

TRACE_ENV = "ANNOTATOR_HUB_TRACE"  # diagnostics: print each sync step, pausing N seconds


def step_printer() -> Callable[[str], None]:
    """Steps on stderr when it is a terminal, or always with ANNOTATOR_HUB_TRACE=SECONDS
    (each step is then followed by that pause: lets one watch or interrupt a sync)."""
    trace = os.environ.get(TRACE_ENV)
    pause = float(trace) if trace else 0.0
    if trace is None and not sys.stderr.isatty():
        return lambda _step: None

    def show(step: str) -> None:
        sys.stderr.write(f"sync: {step}\n")
        sys.stderr.flush()
        if pause:
            time.sleep(pause)

    return show


def run(args: argparse.Namespace) -> int:
    from annotator.cli import _annotator, _open_store
    from annotator.hub.connect import psycopg_module
    from annotator.hub.sync import hub_url, sync

    psycopg_module()
    with _open_store(args) as store:
        url = hub_url(store, args.url)
        report = sync(store, url, _annotator(args), step_printer())
    print(report.line(), file=sys.stderr)
    return 0
