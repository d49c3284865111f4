"""Assignments: each document to K analysts, balanced and reproducible (lead only)."""

from __future__ import annotations

import random
from collections import Counter

from annotator.core.errors import UsageError
from annotator.hub.connect import HubError, first_line, psycopg_module
from annotator.hub.session import Session


def check_request(analysts: list[str], overlap: int, limit: int | None) -> None:
    if overlap < 1 or overlap > len(analysts):
        raise UsageError(f"--overlap must be between 1 and the number of analysts "
                         f"({len(analysts)})")
    if limit is not None and limit < 0:
        raise UsageError("--limit must be 0 or more")


def plan(documents: list[str], analysts: list[str], overlap: int, seed: int,
         limit: int | None = None, load: Counter | None = None) -> list[tuple[str, str]]:
    """(document, analyst) pairs: the documents in a seeded order, each to the `overlap`
    analysts with the fewest documents so far (ties in a seeded order of analysts)."""
    check_request(analysts, overlap, limit)
    rng = random.Random(seed)
    docs = sorted(documents)
    rng.shuffle(docs)
    if limit is not None:
        docs = docs[:limit]
    order = sorted(analysts)
    rng.shuffle(order)
    rank = {a: i for i, a in enumerate(order)}
    load = Counter({a: (load or Counter()).get(a, 0) for a in analysts})
    pairs = []
    for doc in docs:
        chosen = sorted(analysts, key=lambda a: (load[a], rank[a]))[:overlap]
        for a in chosen:
            load[a] += 1
            pairs.append((doc, a))
        # rotate the tie order so pairs of analysts sharing documents vary
        order = order[1:] + order[:1]
        rank = {a: i for i, a in enumerate(order)}
    return pairs


def check_role(session: Session) -> None:
    if session.role != "lead":
        raise HubError(session.url, f"{session.user}'s role is {session.role}; only a lead "
                       "assigns documents")


def assign(session: Session, analysts: list[str], overlap: int, seed: int,
           limit: int | None) -> tuple[int, Counter]:
    """Assign the hub's documents nobody has yet; returns (documents, per-analyst counts)."""
    psycopg = psycopg_module()
    check_role(session)
    conn = session.conn
    members = {r[0]: r[1] for r in conn.execute("SELECT name, role FROM annotator.members")}
    for a in analysts:
        if a not in members:
            raise HubError(session.url, f"{a} is not a member of this hub (add them first: "
                           f"annotator hub add-analyst URL {a})")
    try:
        with conn.transaction():
            assigned = {r[0] for r in conn.execute("SELECT DISTINCT doc FROM "
                                                   "annotator.assignments")}
            docs = [r[0] for r in conn.execute("SELECT id FROM annotator.documents")
                    if r[0] not in assigned]
            load = Counter(dict(conn.execute(
                "SELECT analyst, count(*) FROM annotator.assignments GROUP BY analyst")
                .fetchall()))
            pairs = plan(docs, analysts, overlap, seed, limit, load)
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO annotator.assignments (doc, analyst) "
                                "VALUES (%s, %s) ON CONFLICT DO NOTHING", pairs)
    except psycopg.Error as exc:
        raise HubError(session.url, f"cannot assign ({first_line(exc)})") from None
    return len({d for d, _ in pairs}), Counter(a for _, a in pairs)
