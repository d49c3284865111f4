"""The team view: per analyst, assigned / in progress / done and the last sync, and the
agreement so far on documents two analysts both finished (the `agreement` figures)."""

from __future__ import annotations

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
    """`annotator agreement`'s figures over the hub: the documents at least two analysts
    marked done, each with those analysts' live spans, compared by the same code."""
    from annotator.core.agreement import DocLayers, compare

    conn = session.conn
    done: dict[str, list[str]] = {}
    for doc, who in conn.execute("SELECT doc, annotator FROM annotator.layers "
                                 "WHERE status = 'done' AND annotator <> %s", (GOLD,)):
        done.setdefault(doc, []).append(who)
    shared = {d: sorted(a) for d, a in done.items() if len(a) >= 2}
    everyone = sorted({r[0] for r in conn.execute(
        "SELECT DISTINCT annotator FROM annotator.layers WHERE annotator <> %s", (GOLD,))})
    docs: dict[str, DocLayers] = {}
    ids = sorted(shared)
    for i in range(0, len(ids), 1000):
        part = ids[i:i + 1000]
        for did, text in conn.execute("SELECT id, text FROM annotator.documents "
                                      "WHERE id = ANY(%s)", (part,)):
            docs[did] = DocLayers(did, text, {a: [] for a in shared[did]})
        for doc, who, start, end, label in conn.execute(
                'SELECT doc, annotator, start, "end", label FROM annotator.spans '
                "WHERE deleted = 0 AND doc = ANY(%s)", (part,)):
            layers = docs[doc].layers if doc in docs else {}
            if who in layers:
                layers[who].append((start, end, label))
    return compare([docs[d] for d in ids if d in docs], everyone, None)


def format_team(report: dict[str, Any]) -> str:
    lines = [f"{report['documents']} document(s) on the hub",
             (f"{'analyst':<16}{'role':<10}{'assigned':>9}{'in progress':>13}{'done':>6}  "
              "last sync")]
    for a in report["analysts"]:
        if a["name"] == GOLD:
            continue
        lines.append(f"{a['name']:<16}{a['role']:<10}{a['assigned']:>9}{a['in_progress']:>13}"
                     f"{a['done']:>6}  {a['last_sync'] or 'never'}")
    return "\n".join(lines)
