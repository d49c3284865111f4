"""The Store: the open database every read and write of annotations goes through.

Each public write method is one transaction (`BEGIN IMMEDIATE`), committed before it
returns; its inputs are checked inside that transaction, against the data it writes to.
After the commit the store tells its listeners what changed (`changes.Change`), so views
refresh only that (docs/architecture.md, "One door"). The methods are grouped by what they
hold: documents (`documents.py`), spans and links (`annotations.py`), the import engine
(`ingest.py`); this module keeps the connection, the change bus, the schema and layers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from annotator.core.errors import DataError
from annotator.core.jobs import CancelToken
from annotator.core.model import STATUS_RANK, AnnotatedDocument
from annotator.core.schema import LabelDef, LabelSchema, RelationDef
from annotator.store import file_guard, writes
from annotator.store.annotations import AnnotationsMixin
from annotator.store.changes import Change, ChangeBus, ChangeKind
from annotator.store.db import open_connection, write_transaction
from annotator.store.documents import DocumentsMixin, fts_query
from annotator.store.ingest import ImportSummary
from annotator.store.rows import EMPTY_OBJ
from annotator.store.schema_rows import read_schema, write_schema

__all__ = ["EMPTY_OBJ", "STATUS_RANK", "Change", "ChangeKind", "ImportSummary", "Store",
           "fts_query"]

# Colours given to labels that imported or merged data brings and the schema lacks.
NEW_LABEL_PALETTE = ["#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
                     "#ff7f0e"]


class Store(DocumentsMixin, AnnotationsMixin):
    """An open annotator database."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.conn: sqlite3.Connection = open_connection(self.path)
        self._watch = self._start_watch()
        self._bus = ChangeBus()
        self._schema: LabelSchema | None = None
        self.reconnections = 0  # how often verify_files() had to reopen the database
        self._text_lengths: dict[int, int] = {}  # document pk -> code points

    # -- plumbing -------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()
        if self._watch is not None:
            file_guard.unregister(self.path)
            self._watch = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        """Call `listener(change)` after each committed write."""
        self._bus.subscribe(listener)

    def unsubscribe(self, listener: Callable[[Change], None]) -> None:
        self._bus.unsubscribe(listener)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; listeners hear of the changes once it has committed. Nested
        `write()`s join the outer transaction."""
        outer = not self.conn.in_transaction
        if outer:
            self.verify_files()
        try:
            with write_transaction(self.conn) as conn:
                yield conn
        except BaseException:
            if outer:
                self._bus.drop()
                self._schema = None
                self._text_lengths.clear()  # a rolled-back document may leave its pk free
            raise
        if outer:
            self.verify_files(after_write=True)
            self._bus.deliver()

    # -- SQLite's locks (docs/architecture.md, "SQLite's locks and file dialogs") ---------

    def _start_watch(self) -> file_guard.FileWatch | None:
        if str(self.path) == ":memory:":
            return None
        file_guard.register(self.path)
        return file_guard.FileWatch(self.path)

    def verify_files(self, *, after_write: bool = False) -> bool:
        """Reconnect if this connection's locks were dropped or its WAL was replaced; True
        when it had to. Cheap (two stats and, on Linux, two reads of /proc/self/fdinfo), so it runs around
        every write and on the window's timer.

        `after_write`: a commit has just gone into a WAL that is no longer the file on disk,
        so it exists only in our descriptor: checkpoint it into the database file first.
        """
        if self._watch is None or self.conn.in_transaction:
            return False
        # After a write only a replaced WAL matters (lost locks are taken back before
        # the next write, or by the window's timer): keep the key press cheap.
        health = self._watch.check(locks=not after_write)
        if health.ok:
            return False
        if health.wal_replaced and after_write:
            try:
                self.conn.execute("PRAGMA wal_checkpoint(FULL)").fetchall()
            except sqlite3.Error:
                pass  # the reopen below still restores locks; close checkpoints again
        self.conn.close()
        file_guard.unregister(self.path)
        self.conn = open_connection(self.path)
        self._watch = self._start_watch()
        self.reconnections += 1
        self._bus.queue(ChangeKind.CONNECTION, None, ())
        if not after_write:
            self._bus.deliver()  # after a write, write() delivers it with the write's own
        return True

    def announce(self, kind: ChangeKind, doc: int | None = None, ids: Iterable[str] = ()
                 ) -> None:
        """Queue a notice for the listeners; they hear it once the write has committed.
        For store-layer modules (merge, review, entities) writing inside `write()`."""
        self._bus.queue(kind, doc, ids)

    def data_version(self) -> int:
        """Changes when another connection commits: lets a window notice other writers
        (its own writes arrive as change notices)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    # -- schema ---------------------------------------------------------------------

    def schema(self) -> LabelSchema:
        if self._schema is None:
            self._schema = read_schema(self.conn)
        return self._schema

    def reload_schema(self) -> bool:
        """Re-read the schema another connection may have changed; True if it differs."""
        before = self.schema()
        self._schema = None
        return self.schema() != before

    def set_schema(self, schema: LabelSchema) -> None:
        """Replace the label schema; refused when live annotations would be orphaned."""
        schema.validate()
        with self.write() as conn:
            used = {r[0] for r in conn.execute(
                "SELECT DISTINCT label FROM spans WHERE deleted = 0")}
            orphan = sorted(used - set(schema.label_names))
            if orphan:
                raise DataError(
                    f"the schema drops label(s) {', '.join(orphan)} still used by spans")
            rel_used = {r[0] for r in conn.execute(
                "SELECT DISTINCT label FROM relations WHERE deleted = 0")}
            rel_orphan = sorted(rel_used - {r.name for r in schema.relations})
            if rel_orphan:
                raise DataError(
                    f"the schema drops relation type(s) {', '.join(rel_orphan)} still in use")
            self._write_schema(conn, schema)

    def _write_schema(self, conn: sqlite3.Connection, schema: LabelSchema) -> None:
        write_schema(conn, schema)
        self._schema = None
        self.announce(ChangeKind.SCHEMA)

    def ensure_labels(self, names: Iterable[str]) -> list[str]:
        """Add labels this schema lacks (from imported or merged data); returns those added."""
        with self.write() as conn:
            schema = self.schema()
            missing = sorted({n for n in names if schema.label(n) is None})
            if not missing:
                return []
            used_keys = {lab.key for lab in schema.labels}
            new_labels = list(schema.labels)
            for i, name in enumerate(missing):
                key = next((str(k) for k in range(1, 10) if str(k) not in used_keys), None)
                used_keys.add(key)
                colour = NEW_LABEL_PALETTE[(len(new_labels) + i) % len(NEW_LABEL_PALETTE)]
                new_labels.append(LabelDef(name, key, colour))
            self._write_schema(conn, LabelSchema(new_labels, schema.relations))
        return missing

    def ensure_relation_types(self, names: Iterable[str]) -> list[str]:
        """Add relation types this schema lacks (any label to any); returns those added."""
        with self.write() as conn:
            schema = self.schema()
            missing = sorted({n for n in names if schema.relation(n) is None})
            if not missing:
                return []
            self._write_schema(conn, LabelSchema(
                schema.labels, schema.relations + [RelationDef(n) for n in missing]))
        return missing

    # -- import ---------------------------------------------------------------------

    def ingest(self, records: Iterable[AnnotatedDocument], default_annotator: str,
               progress: Callable[[int], None] | None = None,
               cancel: CancelToken | None = None) -> ImportSummary:
        """Store imported records in ONE transaction (see `ingest.ingest`)."""
        from annotator.store.ingest import ingest

        return ingest(self, records, default_annotator, progress, cancel)

    # -- layers and status ----------------------------------------------------------

    def annotators(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT annotator FROM layers ORDER BY annotator")]

    def layers(self, doc: int) -> dict[str, str]:
        """annotator -> status for every layer of a document."""
        return dict(self.conn.execute(
            "SELECT annotator, status FROM layers WHERE doc = ? ORDER BY annotator", (doc,)))

    def status(self, doc: int, annotator: str) -> str:
        return writes.layer_status(self.conn, doc, annotator) or "new"

    def set_status(self, doc: int, annotator: str, status: str) -> str:
        """Set a layer's status; returns the previous one (for undo)."""
        with self.write() as conn:
            if status not in STATUS_RANK:
                raise DataError(f"unknown status {status!r}")
            previous = self.status(doc, annotator)
            writes.upsert_layer(conn, doc, annotator, status)
            self.announce(ChangeKind.STATUS, doc)
        return previous

    def touch_layer(self, conn: sqlite3.Connection, doc: int, annotator: str) -> None:
        """The first edit of a layer moves it from new to in progress."""
        if writes.layer_status(conn, doc, annotator) in (None, "new"):
            writes.upsert_layer(conn, doc, annotator, "in_progress")
            self.announce(ChangeKind.STATUS, doc)
