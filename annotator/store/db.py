"""Opening the database file: checks, pragmas, migrations, and the one way to write.

Writes begin with `BEGIN IMMEDIATE` so concurrent writers queue behind the busy timeout;
sqlite-utils' `db.atomic()` begins a deferred transaction, which fails with "database is
locked" when a read is followed by a write under contention.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import DatabaseError
from annotator.store import file_guard
from annotator.store.migrations import MIGRATION_SET, migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_S = 30.0
SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_file(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite gets to touch it."""
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    if not path.exists() or path.stat().st_size == 0:
        return
    if file_guard.is_open_here(path):
        return  # already checked when first opened; reading it now would drop our locks
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != SQLITE_MAGIC:
        raise DatabaseError(f"{path}: not an annotator database (not an SQLite file)")


def connect(path: str | Path, *, wal: bool = True) -> sqlite3.Connection:
    """An autocommit connection (we write BEGIN ourselves) with WAL, foreign keys, busy wait.

    `wal=False` leaves the journal mode alone, so a file we then refuse stays byte for byte
    as it was (switching to WAL rewrites the header).
    """
    path = Path(path)
    if str(path) != ":memory:":
        _check_file(path)
        if not path.parent.exists():
            raise DatabaseError(f"{path}: folder {path.parent} does not exist")
    conn = None
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if wal:
            _use_wal(conn, path)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()  # also removes the -wal and -shm files it may have made
        raise explain(exc, path) or DatabaseError(
            f"{path}: cannot open database ({exc})") from None
    return conn


def _use_wal(conn: sqlite3.Connection, path: Path) -> None:
    if str(path) != ":memory:":
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = NORMAL")


# What SQLite says -> what the user can do about it. Matched on SQLite's own messages.
_REASONS = (
    (("malformed", "not a database"),
     "the database file is damaged (truncated or corrupted); restore it from a backup"),
    (("unable to open database file",),
     ("cannot open the database: its folder must exist and be writable (SQLite keeps "
      "its journal beside the file)")),
    (("readonly", "read-only"),
     ("the database is read-only (the file or its folder cannot be written); nothing "
      "was changed")),
    (("database or disk is full", "disk is full"), "the disk is full; nothing was changed"),
    (("database is locked", "database is busy"),
     (f"another program kept the database busy for more than {BUSY_TIMEOUT_S:g} s; "
      "nothing was changed, try again")),
    (("disk i/o error",), "the disk reported an error; nothing was changed"),
)


def explain(exc: sqlite3.Error, path: str | Path | None) -> DatabaseError | None:
    """A user-facing error for SQLite failures caused by the file or the disk, not by us.

    None for anything else (a bug should stay a bug, with its traceback in the crash log).
    """
    message = str(exc)
    low = message.lower()
    for needles, reason in _REASONS:
        if any(n in low for n in needles):
            return DatabaseError(f"{path or 'database'}: {reason} ({message})")
    return None


def _file_of(conn: sqlite3.Connection) -> str:
    try:
        return conn.execute("PRAGMA database_list").fetchone()[2] or ":memory:"
    except sqlite3.Error:
        return "database"


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One logical change: BEGIN IMMEDIATE ... COMMIT, or a savepoint when nested."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK TO SAVEPOINT nested")
                conn.execute("RELEASE SAVEPOINT nested")
            raise
        else:
            conn.execute("RELEASE SAVEPOINT nested")
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise explain(exc, _file_of(conn)) or exc from None
    try:
        yield conn
    except sqlite3.OperationalError as exc:
        # A full disk or a read-only file surfaces here; SQLite may have rolled back already.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        friendly = explain(exc, _file_of(conn))
        if friendly is None:
            raise
        raise friendly from None
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            friendly = explain(exc, _file_of(conn)) if isinstance(
                exc, sqlite3.OperationalError) else None
            if friendly is None:
                raise
            raise friendly from None


def _user_tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}


def backup_path(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.backup-{stamp}{path.suffix or '.sqlite'}")


def applied_steps(conn: sqlite3.Connection) -> list[str]:
    """Names of the schema steps this database has, read with plain SQL."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                        "name = '_sqlite_migrations'").fetchone():
        return []
    return [r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,))]


def pending_steps(conn: sqlite3.Connection, path: Path | None) -> tuple[list[str], bool]:
    """(steps still to apply, whether the database had any); refuses foreign and newer files.

    Plain SQL on purpose: an up-to-date database never imports sqlite-utils, which imports
    pandas and numpy whenever they are installed (about 0.4 s on every command).
    """
    tables = _user_tables(conn)
    applied = set(applied_steps(conn)) if "_sqlite_migrations" in tables else set()
    if tables and not applied:
        raise DatabaseError(f"{path}: not an annotator database (it has other tables)")
    known = [m.name for m in migrations._migrations]
    unknown = applied - set(known)
    if unknown:
        raise DatabaseError(
            f"{path}: written by a newer version of annotator (schema step "
            f"{min(unknown)}); upgrade the app to open it")
    return [name for name in known if name not in applied], bool(applied)


def _backup_copy(conn: sqlite3.Connection, backup: Path) -> None:
    """Copy the open database through SQLite's backup API, never by reading its file: a
    file copy opens and closes the database and so drops this connection's locks."""
    target = sqlite3.connect(str(backup))
    try:
        conn.backup(target)
    finally:
        target.close()


def migrate(db: Database | sqlite3.Connection, path: Path | None) -> None:
    """Bring the schema up to date; refuse foreign and newer databases untouched.

    An existing database is copied to a dated backup beside it before any step runs.
    """
    conn: sqlite3.Connection = getattr(db, "conn", db)
    pending, existing = pending_steps(conn, path)
    if not pending:
        return
    if existing and path is not None and path.exists():
        backup = backup_path(path)
        try:
            _backup_copy(conn, backup)
        except (OSError, sqlite3.Error) as exc:
            backup.unlink(missing_ok=True)
            reason = getattr(exc, "strerror", None) or str(exc)
            raise DatabaseError(
                f"{path}: cannot make the backup {backup.name} before upgrading the database "
                f"({reason}); nothing was changed") from None
    from sqlite_utils import Database

    sdb = db if isinstance(db, Database) else Database(conn, execute_plugins=False)
    with write_transaction(conn):
        # Another process may have migrated while we waited for the lock.
        if migrations.pending(sdb):
            migrations.apply(sdb)


def open_connection(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) and migrate an annotator database; a plain connection."""
    p = Path(path)
    memory = str(p) == ":memory:"
    conn = connect(p, wal=False)
    try:
        pending_steps(conn, None if memory else p)  # refuse before changing a byte
        _use_wal(conn, p)
        migrate(conn, None if memory else p)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise explain(exc, p) or DatabaseError(f"{p}: cannot use database ({exc})") from None
    except BaseException:
        conn.close()
        raise
    return conn


__all__ = ["MIGRATION_SET", "connect", "open_connection", "write_transaction"]
