"""Sync = push this copy's changes, then pull everyone else's (DESIGN.md, "Team hub")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotator.core.errors import UsageError
from annotator.hub.connect import HubError, redact
from annotator.hub.local import forget_marks, get_state, log_everything, set_state
from annotator.hub.pull import pull
from annotator.hub.push import collect, push, record
from annotator.hub.session import Session, open_session
from annotator.store.db import write_transaction
from annotator.store.store import Store


class Cancelled(Exception):
    """The user cancelled; the step under way rolled back."""


@dataclass
class SyncReport:
    url: str
    user: str
    role: str
    pushed: int
    held_back: int
    received: int

    def line(self) -> str:
        text = (f"synced with {self.url} as {self.user} ({self.role}): pushed {self.pushed} "
                f"change(s), received {self.received}")
        if self.held_back:
            text += (f"; {self.held_back} row(s) on documents the hub does not have stay "
                     "local (only a lead adds documents)")
        return text


def hub_url(store: Store, given: str | None) -> str:
    """The URL given, else the one remembered from the last sync."""
    if given:
        return given
    remembered = get_state(store.conn, "url")
    if not remembered:
        raise UsageError("no hub URL: give one once (for example: annotator sync "
                         "postgresql://NAME@HOST/DB); it is remembered without its password")
    return remembered


def attach(store: Store, session: Session) -> None:
    """Remember the hub (without password); a different hub starts from scratch (for the
    commands that read the hub without syncing)."""
    with write_transaction(store.conn) as conn:
        if get_state(conn, "hub_id") != session.hub_id:
            forget_marks(conn)
            conn.execute("DELETE FROM hub_assignments")
            set_state(conn, hub_id=session.hub_id, cursor="0")
            log_everything(conn)
        set_state(conn, url=redact(session.url), user=session.user)


def sync(store: Store, url: str, analyst: str | None,
         step: Callable[[str], None] = lambda s: None) -> SyncReport:
    """Push, then pull. `analyst` (when given) must be the hub login's name."""
    with open_session(url) as session:
        if analyst is not None and session.user != analyst:
            raise HubError(url, f"the connection logs in as {session.user}, but the analyst "
                           f"here is {analyst}; log in as {analyst} or pass --annotator "
                           f"{session.user}")
        step("connected")
        # Nothing is written here before the hub has taken the push: a refused or failed
        # sync leaves this file as it was (the hub is remembered once it has synced).
        new_hub = get_state(store.conn, "hub_id") != session.hub_id
        out = collect(store.conn, session, everything=new_hub)
        pushed = push(session, store.conn, out, step)
        step("push committed")
        record(store.conn, pushed, session)
        step("pushed")
        received = pull(store, session, step)
        return SyncReport(redact(url), session.user, session.role, pushed.count,
                          out.held_back,
                          received)
