"""`annotator assign [URL] --analysts A,B,C [--overlap K] [--limit N] [--seed S]` (lead)."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from annotator.commands.sync import open_store, step_printer
    from annotator.core.errors import UsageError
    from annotator.hub.assign import assign, check_request, check_role
    from annotator.hub.connect import psycopg_module
    from annotator.hub.session import open_session
    from annotator.hub.sync import hub_url, sync
    from annotator.paths import resolve_annotator

    analysts = [a.strip() for a in args.analysts.split(",") if a.strip()]
    if not analysts or len(set(analysts)) != len(analysts):
        raise UsageError("--analysts needs distinct names, e.g. --analysts alice,bob,carol")
    check_request(analysts, args.overlap, args.limit)
    psycopg_module()
    name, chosen = resolve_annotator(args.annotator)
    who = name if chosen else None  # as for sync: an explicit name must be the login
    with open_store(args) as store:
        url = hub_url(store, args.url)
        step = step_printer()
        with open_session(url) as session:
            check_role(session)
        sync(store, url, who, step)  # the lead's new documents reach the hub
        with open_session(url) as session:
            docs, per = assign(session, analysts, args.overlap, args.seed, args.limit)
        sync(store, url, who, step)  # and the assignments come back here
    counts = ", ".join(f"{a} {per.get(a, 0)}" for a in analysts)
    print(f"assigned {docs} document(s) to {len(analysts)} analyst(s), {args.overlap} each: "
          f"{counts}", file=sys.stderr)
    return 0
