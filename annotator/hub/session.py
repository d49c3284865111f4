"""A member's connection to a hub: who logs in, with which role, on which hub."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from annotator.hub.connect import HubError, connect, first_line, hub_version, psycopg_module
from annotator.hub.schema import STEPS


@dataclass
class Session:
    url: str  # as given (may hold a password: never stored or printed as is)
    conn: Any
    user: str
    role: str | None
    hub_id: str

    @property
    def url_shown(self) -> str:
        from annotator.hub.connect import redact

        return redact(self.url)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_session(url: str, *, member: bool = True) -> Session:
    """Connect and check the hub is there and up to date, and (by default) that the login
    is a member of it."""
    psycopg = psycopg_module()
    conn = connect(url, autocommit=True)
    try:
        try:
            steps = hub_version(conn)
        except psycopg.errors.InsufficientPrivilege:
            user = conn.info.user
            raise HubError(url, f"{user} is not a member of this hub (the administrator "
                                f"adds them: annotator hub add-analyst URL {user})") from None
        if not steps:
            raise HubError(url, "no annotator hub here (run: annotator hub init URL)")
        unknown = sorted(set(steps) - {name for name, _ in STEPS})
        if unknown:
            raise HubError(url, f"the hub was made by a newer annotator (step {unknown[0]}); "
                                "upgrade the app")
        user = conn.execute("SELECT current_user").fetchone()[0]
        role = conn.execute("SELECT annotator.role_of(current_user)").fetchone()[0]
        if member and role is None:
            raise HubError(url, f"{user} is not a member of this hub (the administrator "
                                f"adds them: annotator hub add-analyst URL {user})")
        hub_id = conn.execute("SELECT id FROM annotator.hub").fetchone()[0]
    except HubError:
        conn.close()
        raise
    except psycopg.Error as exc:
        conn.close()
        raise HubError(url, f"cannot read the hub ({first_line(exc)})") from None
    return Session(url, conn, user, role, hub_id)
