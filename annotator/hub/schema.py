"""The hub's tables, rights and row-level security, as versioned steps.

`annotator.steps` records the steps applied (like the local migrations); `hub init` applies
the missing ones in one transaction, so running it twice is safe. Every data row carries
`seq`, taken from one sequence by a trigger that first takes the hub's write lock: writers
commit one at a time, in `seq` order, so a reader that waits for the lock knows that every
row up to the sequence's current value is visible to it (the pull cursor).
"""

from __future__ import annotations

from collections.abc import Callable

GROUP = "annotator_member"  # every hub login is a member of this NOLOGIN role
WRITE_LOCK = 0x616E6E6F  # pg_advisory lock key taken by every hub write
ROLES = ("analyst", "reviewer", "lead")
GOLD = "gold"
DATA_TABLES = ("documents", "layers", "spans", "relations", "entities", "decisions",
               "label_schema", "assignments")

_INITIAL = f"""
CREATE SEQUENCE annotator.changes;
CREATE TABLE annotator.hub (id text PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO annotator.hub (id) VALUES (gen_random_uuid()::text);
CREATE TABLE annotator.members (
    name text PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('analyst', 'reviewer', 'lead')),
    added_at timestamptz NOT NULL DEFAULT now(),
    last_sync timestamptz
);
CREATE TABLE annotator.documents (
    id text PRIMARY KEY, text text NOT NULL, sha256 text NOT NULL,
    title text, source text, published text, meta text NOT NULL DEFAULT '{{}}',
    review_status text NOT NULL DEFAULT 'unreviewed', reviewer text, reviewed_at text,
    seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE annotator.layers (
    doc text NOT NULL REFERENCES annotator.documents(id), annotator text NOT NULL,
    status text NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
    updated_at text NOT NULL, seq bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (doc, annotator)
);
CREATE TABLE annotator.spans (
    id text PRIMARY KEY, doc text NOT NULL REFERENCES annotator.documents(id),
    annotator text NOT NULL, start integer NOT NULL, "end" integer NOT NULL,
    label text NOT NULL, attrs text NOT NULL DEFAULT '{{}}', entity text, origin text,
    created_at text, updated_at text, deleted smallint NOT NULL DEFAULT 0,
    seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE annotator.relations (
    id text PRIMARY KEY, doc text NOT NULL REFERENCES annotator.documents(id),
    annotator text NOT NULL, head text NOT NULL, child text NOT NULL, label text NOT NULL,
    attrs text NOT NULL DEFAULT '{{}}', origin text, created_at text, updated_at text,
    deleted smallint NOT NULL DEFAULT 0, seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE annotator.entities (
    id text PRIMARY KEY, name text NOT NULL, kind text, aliases text NOT NULL DEFAULT '[]',
    merged_into text, created_at text, updated_at text, deleted smallint NOT NULL DEFAULT 0,
    seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE annotator.decisions (
    item text PRIMARY KEY, doc text NOT NULL REFERENCES annotator.documents(id),
    kind text NOT NULL, decision text NOT NULL, gold text, reviewer text NOT NULL,
    updated_at text NOT NULL, seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE annotator.label_schema (
    id integer PRIMARY KEY CHECK (id = 1), body text NOT NULL, updated_at text NOT NULL,
    seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE annotator.assignments (
    doc text NOT NULL REFERENCES annotator.documents(id), analyst text NOT NULL,
    assigned_at timestamptz NOT NULL DEFAULT now(), seq bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (doc, analyst)
);
CREATE INDEX spans_doc ON annotator.spans (doc);
CREATE INDEX relations_doc ON annotator.relations (doc);
CREATE INDEX decisions_doc ON annotator.decisions (doc);
CREATE INDEX assignments_analyst ON annotator.assignments (analyst);

-- The write lock (once per statement) and the change number (per row).
CREATE FUNCTION annotator.write_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({WRITE_LOCK});
    RETURN NULL;
END $$;
CREATE FUNCTION annotator.stamp() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, annotator AS $$
BEGIN
    NEW.seq := nextval('annotator.changes');
    RETURN NEW;
END $$;
CREATE FUNCTION annotator.keep_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.text IS DISTINCT FROM OLD.text OR NEW.id IS DISTINCT FROM OLD.id THEN
        RAISE EXCEPTION 'a document''s id and text never change (document %)', OLD.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER keep_text BEFORE UPDATE ON annotator.documents
    FOR EACH ROW EXECUTE FUNCTION annotator.keep_text();
CREATE FUNCTION annotator.high_water() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, annotator AS $$
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM annotator.changes
$$;
CREATE FUNCTION annotator.role_of(who name) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, annotator AS $$
    SELECT role FROM annotator.members WHERE name = who
$$;
CREATE FUNCTION annotator.known_documents(ids text[]) RETURNS SETOF text LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, annotator AS $$
    SELECT id FROM annotator.documents WHERE id = ANY(ids)
$$;
CREATE FUNCTION annotator.any_assignments() RETURNS boolean LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, annotator AS $$
    SELECT EXISTS (SELECT 1 FROM annotator.assignments)
$$;
"""


def _rights() -> str:
    """Grants and row-level security policies (PostgreSQL enforces them, not the client)."""
    # Scalar sub-selects are computed once per statement, not once per row.
    role = "(SELECT annotator.role_of(current_user))"
    reads_all = f"{role} IN ('reviewer', 'lead')"
    member = f"{role} IS NOT NULL"
    lead = f"{role} = 'lead'"
    layer_write = (f"({member} AND annotator = current_user) OR "
                   f"(annotator = '{GOLD}' AND {reads_all})")
    layer_read = f"({member} AND annotator = current_user) OR {reads_all}"
    # an analyst reads the documents assigned to them, or all when nothing is assigned
    doc_read = (f"{reads_all} OR ({member} AND (NOT (SELECT annotator.any_assignments()) "
                "OR id IN (SELECT a.doc FROM annotator.assignments a "
                "WHERE a.analyst = current_user)))")
    policies = {
        "documents": (doc_read, lead, reads_all),
        "layers": (layer_read, layer_write, layer_write),
        "spans": (layer_read, layer_write, layer_write),
        "relations": (layer_read, layer_write, layer_write),
        "entities": (member, member, member),
        "decisions": (reads_all, reads_all, reads_all),
        "label_schema": (member, lead, lead),
        "assignments": (f"({member} AND analyst = current_user) OR {reads_all}", lead, lead),
    }
    out = [f"GRANT USAGE ON SCHEMA annotator TO {GROUP}",
           f"GRANT SELECT ON annotator.steps, annotator.hub, annotator.members TO {GROUP}",
           f"GRANT UPDATE (last_sync) ON annotator.members TO {GROUP}",
           "ALTER TABLE annotator.members ENABLE ROW LEVEL SECURITY",
           f"CREATE POLICY read ON annotator.members FOR SELECT TO {GROUP} USING ({member})",
           (f"CREATE POLICY own ON annotator.members FOR UPDATE TO {GROUP} "
            "USING (name = current_user) WITH CHECK (name = current_user)")]
    for table, (read, insert, update) in policies.items():
        cols = "(title, source, published, meta, review_status, reviewer, reviewed_at)" \
            if table == "documents" else ""
        out += [
            f"GRANT SELECT, INSERT ON annotator.{table} TO {GROUP}",
            f"GRANT UPDATE {cols} ON annotator.{table} TO {GROUP}",
            f"ALTER TABLE annotator.{table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY read ON annotator.{table} FOR SELECT TO {GROUP} USING ({read})",
            (f"CREATE POLICY add ON annotator.{table} FOR INSERT TO {GROUP} "
             f"WITH CHECK ({insert})"),
            (f"CREATE POLICY change ON annotator.{table} FOR UPDATE TO {GROUP} "
             f"USING ({update}) WITH CHECK ({update})"),
            (f"CREATE TRIGGER lock BEFORE INSERT OR UPDATE ON annotator.{table} "
             "FOR EACH STATEMENT EXECUTE FUNCTION annotator.write_lock()"),
            (f"CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON annotator.{table} "
             "FOR EACH ROW EXECUTE FUNCTION annotator.stamp()"),
            f"CREATE INDEX {table}_seq ON annotator.{table} (seq)",
        ]
    out.append("REVOKE ALL ON FUNCTION annotator.stamp(), annotator.write_lock() FROM PUBLIC")
    return ";\n".join(out)


def _initial(conn) -> None:
    conn.execute(_INITIAL)
    conn.execute(_rights())


# Append new steps at the end; never edit one a hub may have applied.
STEPS: list[tuple[str, Callable]] = [
    ("0001_initial", _initial),
]
