"""`hub init` and `hub add-analyst`: what the hub's administrator runs (once per hub and per
person). No password is set or shown: PostgreSQL's own tools and authentication serve."""

from __future__ import annotations

import re

from annotator.core.errors import UsageError
from annotator.hub.connect import HubError, connect, first_line, hub_version, psycopg_module
from annotator.hub.schema import GOLD, GROUP, ROLES, STEPS, WRITE_LOCK

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,62}$")


def init_hub(url: str) -> list[str]:
    """Create or upgrade the hub in schema `annotator`; returns the steps applied now."""
    psycopg = psycopg_module()
    with connect(url) as conn:
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                done = set(hub_version(conn))
                unknown = sorted(done - {name for name, _ in STEPS})
                if unknown:
                    raise HubError(url, f"the hub was made by a newer annotator (step "
                                        f"{unknown[0]}); upgrade the app")
                conn.execute("CREATE SCHEMA IF NOT EXISTS annotator")
                conn.execute("CREATE TABLE IF NOT EXISTS annotator.steps (name text PRIMARY "
                             "KEY, applied_at timestamptz NOT NULL DEFAULT now())")
                conn.execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE "
                             f"rolname = '{GROUP}') THEN CREATE ROLE {GROUP} NOLOGIN; "
                             f"END IF; END $$")
                applied = []
                for name, step in STEPS:
                    if name in done:
                        continue
                    step(conn)
                    conn.execute("INSERT INTO annotator.steps (name) VALUES (%s)", (name,))
                    applied.append(name)
                return applied
        except psycopg.Error as exc:
            raise HubError(url, f"cannot create the hub ({first_line(exc)})") from None


def add_member(url: str, name: str, role: str) -> bool:
    """Create the login role NAME (if missing) with the rights of `role`; True if new."""
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    if name == GOLD or not _NAME.match(name):
        raise UsageError(f"{name!r} cannot be an analyst's name on the hub (letters, digits, "
                         f"_ . @ -; not '{GOLD}')")
    psycopg = psycopg_module()
    from psycopg import sql

    with connect(url) as conn:
        if not hub_version(conn):
            raise HubError(url, "no annotator hub here (run: annotator hub init URL)")
        try:
            with conn.transaction():
                exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                      (name,)).fetchone() is not None
                if not exists:
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
                conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(GROUP),
                                                              sql.Identifier(name)))
                conn.execute("INSERT INTO annotator.members (name, role) VALUES (%s, %s) "
                             "ON CONFLICT (name) DO UPDATE SET role = excluded.role",
                             (name, role))
                return not exists
        except psycopg.Error as exc:
            raise HubError(url, f"cannot add {name} ({first_line(exc)})") from None
