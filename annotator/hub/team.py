"""The team view: per analyst, assigned / in progress / done and the last sync, and the
agreement so far on documents two analysts both finished (the `agreement` figures)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from annotator.hub.schema import GOLD
from annotator.hub.session import Session


def team_report(session: Session):
    """(the `team --json` object, the AgreementReport it carries)."""
    conn = session.conn
    documents = conn.execute("SELECT count(*) FROM annotator.documents").fetchone()[0]
    members = conn.execute("SELECT name, role, last_sync FROM annotator.members "
                           "ORDER BY name").fetchall()
    assigned = dict(conn.execute("SELECT analyst, count(*) FROM annotator.assignments "
                                 "GROUP BY analyst").fetchall())
    status: dict[tuple[str, str], int] = {
        (a, s): n for a, s, n in conn.execute(
            "SELECT annotator, status, count(*) FROM annotator.layers GROUP BY 1, 2")}
    analysts = []
    for name, role, last in members:
        analysts.append({
            "name": name, "role": role, "assigned": assigned.get(name, 0),
            "in_progress": status.get((name, "in_progress"), 0),
            "done": status.get((name, "done"), 0),
            "last_sync": last.isoformat() if last is not None else None,
        })
    agreement = _agreement(session)
    return {"documents": documents, "analysts": analysts,
            "agreement": agreement.to_json()}, agreement


def _agreement(session: Session):
    """The hub's layers pulled into a scratch database, measured by the agreement code."""
    from annotator.hub.pull import pull
    from annotator.store import Store
    from annotator.store.review import agreement

    with tempfile.TemporaryDirectory(prefix="annotator-team-") as tmp, \
            Store(Path(tmp) / "team.sqlite") as store:
        pull(store, session)
        return agreement(store)


def format_team(report: dict[str, Any]) -> str:
    lines = [f"{report['documents']} document(s) on the hub",
             f"{'analyst':<16}{'role':<10}{'assigned':>9}{'in progress':>13}{'done':>6}  "
             "last sync"]
    for a in report["analysts"]:
        if a["name"] == GOLD:
            continue
        lines.append(f"{a['name']:<16}{a['role']:<10}{a['assigned']:>9}{a['in_progress']:>13}"
                     f"{a['done']:>6}  {a['last_sync'] or 'never'}")
    return "\n".join(lines)
