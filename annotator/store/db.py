"""Opening the database file: checks, pragmas, migrations, and the one way to write.

Writes begin with `BEGIN IMMEDIATE` so concurrent writers queue behind the busy timeout;
sqlite-utils' `db.atomic()` begins a deferred transaction, which fails with "database is
locked" when a read is followed by a write under contention.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from annotator.core.errors import DatabaseError
from annotator.store.migrations import MIGRATION_SET, known_names, migrations

BUSY_TIMEOUT_S = 30.0
SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_file(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite gets to touch it."""
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != SQLITE_MAGIC:
        raise DatabaseError(f"{path}: not an annotator database (not an SQLite file)")


def connect(path: str | Path) -> sqlite3.Connection:
    """An autocommit connection (we write BEGIN ourselves) with WAL, foreign keys, busy wait."""
    path = Path(path)
    if str(path) != ":memory:":
        _check_file(path)
        if not path.parent.exists():
            raise DatabaseError(f"{path}: folder {path.parent} does not exist")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: cannot open database ({exc})") from None
    return conn


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
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _user_tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}


def backup_path(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.backup-{stamp}{path.suffix or '.sqlite'}")


def migrate(db: Database, path: Path | None) -> None:
    """Bring the schema up to date; refuse foreign and newer databases untouched.

    An existing database is copied to a dated backup beside it before any step runs.
    """
    conn = db.conn
    tables = _user_tables(conn)
    applied = {m.name for m in migrations.applied(db)} if "_sqlite_migrations" in tables else set()
    if tables and not applied:
        raise DatabaseError(f"{path}: not an annotator database (it has other tables)")
    unknown = applied - known_names()
    if unknown:
        raise DatabaseError(
            f"{path}: written by a newer version of annotator (schema step "
            f"{sorted(unknown)[0]}); upgrade the app to open it")
    if not migrations.pending(db):
        return
    if applied and path is not None and path.exists():
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, backup_path(path))
    with write_transaction(conn):
        # Another process may have migrated while we waited for the lock.
        if migrations.pending(db):
            migrations.apply(db)


def open_database(path: str | Path) -> Database:
    """Open (creating if needed) and migrate an annotator database."""
    p = Path(path)
    conn = connect(p)
    db = Database(conn, execute_plugins=False)
    try:
        migrate(db, None if str(p) == ":memory:" else p)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"{p}: cannot use database ({exc})") from None
    except DatabaseError:
        conn.close()
        raise
    return db


__all__ = ["MIGRATION_SET", "connect", "open_database", "write_transaction"]
