"""`annotator hub init URL` and `annotator hub add-analyst URL NAME [--role R]`."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from annotator.hub.admin import add_member, init_hub
    from annotator.hub.connect import redact

    shown = redact(args.url)
    if args.hub_command == "init":
        applied = init_hub(args.url)
        if applied:
            print(f"hub ready at {shown} (applied {', '.join(applied)})", file=sys.stderr)
        else:
            print(f"hub at {shown} is up to date", file=sys.stderr)
        return 0
    new = add_member(args.url, args.name, args.role)
    print(f"{'added' if new else 'updated'} {args.name} as {args.role} on {shown}"
          + ("" if not new else "; set a password with PostgreSQL's tools "
             "(\\password in psql) or use the server's usual authentication"),
          file=sys.stderr)
    return 0
