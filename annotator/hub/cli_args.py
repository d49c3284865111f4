"""The command-line parsers of the team commands (hub, sync, assign, team)."""

from __future__ import annotations

import argparse


def add_hub_commands(sub, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("hub", help="create a team hub on PostgreSQL and add its members")
    hub = p.add_subparsers(dest="hub_command", metavar="ACTION", required=True,
                           parser_class=parser_class)
    hp = hub.add_parser("init", help="create or upgrade the hub's tables (safe to repeat)")
    hp.add_argument("url", metavar="URL", help="libpq connection string or postgresql:// URI")
    hp = hub.add_parser("add-analyst", help="create a member's login role and rights")
    hp.add_argument("url", metavar="URL")
    hp.add_argument("name", metavar="NAME")
    hp.add_argument("--role", default="analyst", choices=["analyst", "reviewer", "lead"])

    p = sub.add_parser("sync", help="push this database's changes to the hub, pull others'")
    p.add_argument("url", nargs="?", metavar="URL", help="the hub (remembered after first use)")

    p = sub.add_parser("assign", help="give documents to analysts (lead)")
    p.add_argument("url", nargs="?", metavar="URL")
    p.add_argument("--analysts", required=True, metavar="A,B,C")
    p.add_argument("--overlap", type=int, default=1, metavar="K",
                   help="analysts per document (default 1)")
    p.add_argument("--limit", type=int, metavar="N",
                   help="assign at most N documents this time")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed (default 0)")

    p = sub.add_parser("team", help="progress of each analyst and agreement so far")
    p.add_argument("url", nargs="?", metavar="URL")
    p.add_argument("--json", action="store_true", help="print JSON")
