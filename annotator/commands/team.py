"""`annotator team [URL] [--json]`: the team's progress and agreement, from the hub."""

from __future__ import annotations

import argparse
import json


def run(args: argparse.Namespace) -> int:
    from annotator.commands.agreement import format_report
    from annotator.commands.sync import open_store
    from annotator.hub.connect import psycopg_module
    from annotator.hub.session import open_session
    from annotator.hub.sync import attach, hub_url
    from annotator.hub.team import format_team, team_report

    psycopg_module()
    with open_store(args) as store:
        url = hub_url(store, args.url)
        with open_session(url) as session:
            report, figures = team_report(session)
            attach(store, session)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(format_team(report))
    print()
    print(format_report(figures))
    return 0
