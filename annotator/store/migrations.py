"""Versioned schema steps. Append new steps at the end; never edit an applied one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.store.steps import StepList

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "annotator"
# Registered like sqlite-utils' Migrations, which is only imported when a step is pending.
migrations = StepList(MIGRATION_SET)


def run_script(db: Database, script: str) -> None:
    """Run statements one by one: `executescript` would COMMIT the enclosing transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.conn.execute(statement)


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE documents (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            title TEXT,
            source TEXT,
            published TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            review_status TEXT NOT NULL DEFAULT 'unreviewed'
        );
        CREATE INDEX documents_sha256 ON documents(sha256);

        CREATE TABLE layers (
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'in_progress', 'done')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (doc, annotator)
        ) WITHOUT ROWID;

        CREATE TABLE spans (
            id TEXT PRIMARY KEY,
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}',
            entity TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            CHECK (start >= 0 AND start < "end")
        );
        -- One live span per (layer, offsets, label), and the export order.
        CREATE UNIQUE INDEX spans_live ON spans(doc, annotator, start, "end", label)
            WHERE deleted = 0;

        CREATE TABLE relations (
            id TEXT PRIMARY KEY,
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            head TEXT NOT NULL,
            child TEXT NOT NULL,
            label TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX relations_live ON relations(doc, annotator) WHERE deleted = 0;
        CREATE INDEX relations_head ON relations(head);
        CREATE INDEX relations_child ON relations(child);

        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT,
            aliases TEXT NOT NULL DEFAULT '[]',
            merged_into TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE labels (
            name TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            key TEXT,
            color TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE relation_types (
            name TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            head TEXT,
            child TEXT
        );

        CREATE TABLE properties (key TEXT PRIMARY KEY, value TEXT);

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='pk'
        );
        """
    )
    from annotator.core.schema import default_schema
    from annotator.store.schema_rows import write_schema

    write_schema(db.conn, default_schema())


def known_names() -> set[str]:
    return {m.name for m in migrations._migrations}


@migrations(name="0002_review")
def review(db: Database) -> None:
    """Review: where a gold span came from, who reviewed a document when, and decisions."""
    run_script(
        db,
        """
        ALTER TABLE spans ADD COLUMN origin TEXT;
        ALTER TABLE relations ADD COLUMN origin TEXT;
        ALTER TABLE documents ADD COLUMN reviewer TEXT;
        ALTER TABLE documents ADD COLUMN reviewed_at TEXT;
        CREATE TABLE review_decisions (
            item TEXT PRIMARY KEY,
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('span', 'relation')),
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'undecided')),
            gold TEXT,
            reviewer TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX review_decisions_doc ON review_decisions(doc);
        """
    )


@migrations(name="0003_list_indexes")
def list_indexes(db: Database) -> None:
    """A narrow index for walking the document list (the table's rows are ~5 KB each, so
    scanning it for row ids reads far more pages), and one for an actor's mentions."""
    run_script(
        db,
        """
        CREATE INDEX documents_order ON documents(pk);
        CREATE INDEX spans_entity ON spans(entity) WHERE deleted = 0 AND entity IS NOT NULL;
        """
    )


@migrations(name="0004_hub_sync")
def hub_sync(db: Database) -> None:
    """Team hub sync state: the remembered hub (URL without password, pull cursor, last
    sync), the version of each row the hub is known to hold, the rows changed since (logged
    by triggers, only once a hub is attached), and the hub's assignments."""
    run_script(
        db,
        """
        CREATE TABLE hub_state (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE hub_marks (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            version TEXT NOT NULL,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID;
        CREATE TABLE hub_dirty (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID;
        CREATE TABLE hub_assignments (
            doc TEXT NOT NULL,
            analyst TEXT NOT NULL,
            PRIMARY KEY (doc, analyst)
        ) WITHOUT ROWID
        """
    )
    attached = "WHEN EXISTS (SELECT 1 FROM hub_state WHERE key = 'hub_id')"
    for kind, table, key, update_of in (
            ("documents", "documents", "CAST(NEW.pk AS TEXT)", " OF review_status, reviewer, reviewed_at"),
            ("layers", "layers", "NEW.doc || char(31) || NEW.annotator", ""),
            ("spans", "spans", "NEW.id", ""),
            ("relations", "relations", "NEW.id", ""),
            ("entities", "entities", "NEW.id", ""),
            ("decisions", "review_decisions", "NEW.item", "")):
        for event in ("INSERT", f"UPDATE{update_of}"):
            db.conn.execute(
                f"CREATE TRIGGER hub_dirty_{table}_{event.split()[0].lower()} AFTER {event} "
                f"ON {table} {attached} BEGIN INSERT INTO hub_dirty (kind, key) "
                f"SELECT '{kind}', {key} WHERE NOT EXISTS (SELECT 1 FROM hub_dirty "
                f"WHERE kind = '{kind}' AND key = {key}); END")
    # (not INSERT OR IGNORE: an outer statement's conflict clause would override it)


@migrations(name="0007_review_decisions")
def review_decisions(db: Database) -> None:
    """The review log: every decision, status change and note, with who and when (exported
    with `export --gold`); the latest note on an item is that decision's note."""
    run_script(
        db,
        """
        CREATE TABLE review_log (
            id INTEGER PRIMARY KEY,
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            item TEXT,
            action TEXT NOT NULL,
            what TEXT NOT NULL DEFAULT '{}',
            note TEXT,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX review_log_doc ON review_log(doc, id);
        """
    )


@migrations(name="0008_entity_redirects")
def entity_redirects(db: Database) -> None:
    """Rich annotation: merged-away actors found by the id they redirect to, a key for
    each relation type (S, A, T for the defaults), and the suggestions an analyst rejected,
    so they are never offered or created again."""
    run_script(
        db,
        """
        CREATE INDEX entities_merged_into ON entities(merged_into)
            WHERE merged_into IS NOT NULL;
        ALTER TABLE relation_types ADD COLUMN key TEXT;
        UPDATE relation_types SET key = 'S' WHERE name = 'SPEAKER';
        UPDATE relation_types SET key = 'A' WHERE name = 'AGENT';
        UPDATE relation_types SET key = 'T' WHERE name = 'TARGET';
        CREATE TABLE rejected_suggestions (
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (doc, annotator, start, "end", label)
        ) WITHOUT ROWID;
        """
    )


@migrations(name="0006_near_duplicates")
def near_duplicates(db: Database) -> None:
    """The LSH index of near-duplicate detection (store/near_duplicates.py): one row per
    document and MinHash band, keyed for the look-up of a new text's bands, and each
    document's packed signature to check a candidate without reading its text; and the
    documents marked as near-duplicates (also in their meta), for the list and `stats`."""
    run_script(
        db,
        """
        CREATE TABLE near_duplicate_bands (
            key INTEGER NOT NULL,
            doc INTEGER NOT NULL,
            PRIMARY KEY (key, doc)
        ) WITHOUT ROWID;
        CREATE TABLE near_duplicate_signatures (
            doc INTEGER PRIMARY KEY,
            signature BLOB NOT NULL
        );
        CREATE TABLE near_duplicates (
            doc INTEGER PRIMARY KEY REFERENCES documents(pk) ON DELETE CASCADE,
            original TEXT NOT NULL
        );
        """
    )


@migrations(name="0009_near_duplicate_rehash")
def near_duplicate_rehash(db: Database) -> None:
    """Words are hashed in 8-byte chunks now (core/minhash.py, HASH_VERSION 2): the band
    keys and signatures stored under the old hashing match nothing new. They are dropped
    and the watermark with them, so the next import indexes every document again (as it
    does for documents stored by other paths); the marks themselves stay."""
    run_script(
        db,
        """
        DELETE FROM near_duplicate_bands;
        DELETE FROM near_duplicate_signatures;
        DELETE FROM properties WHERE key = 'near_duplicates.indexed_to'
        """
    )
