"""Will a new label schema orphan annotations? The checks `Store.set_schema` leaves out.

`Store.set_schema` refuses dropping labels and relation types still in use. This adds what
a team sharing schemas runs into: attribute values in use that the new schema no longer
allows (or attributes dropped outright), links whose ends the new relation rules refuse,
and registry actors whose kind is no longer allowed. The schema editor and
`annotator schema import` both call `apply_schema`, which names every problem at once.
"""

from __future__ import annotations

from annotator.core.errors import DataError
from annotator.core.schema import ACTOR, LabelSchema
from annotator.store.store import Store


def schema_conflicts(store: Store, schema: LabelSchema) -> list[str]:
    """Every way `schema` would orphan live annotations, one readable line each."""
    problems: list[str] = []
    conn = store.conn
    names = set(schema.label_names)
    for label, n in conn.execute("SELECT label, count(*) FROM spans WHERE deleted = 0 "
                                 "GROUP BY label ORDER BY label"):
        if label not in names:
            problems.append(f"label {label} is dropped but {n} span(s) use it")
    rel_names = {r.name for r in schema.relations}
    for label, n in conn.execute("SELECT label, count(*) FROM relations WHERE deleted = 0 "
                                 "GROUP BY label ORDER BY label"):
        if label not in rel_names:
            problems.append(f"relation type {label} is dropped but {n} link(s) use it")
    for label, attr, value, n in conn.execute(
            "SELECT s.label, j.key, j.value, count(*) FROM spans s, json_each(s.attrs) j "
            "WHERE s.deleted = 0 GROUP BY s.label, j.key, j.value "
            "ORDER BY s.label, j.key, j.value"):
        ldef = schema.label(label)
        if ldef is None:
            continue  # reported above
        adef = ldef.attribute(attr)
        if adef is None:
            problems.append(f"attribute {label}.{attr} is dropped but {n} span(s) set it "
                            f"(to {value!r})")
        elif adef.values and value is not None and str(value) not in adef.values:
            problems.append(f"{label}.{attr} no longer allows {value!r}, used by {n} span(s)")
    for rel, head, child, n in conn.execute(
            "SELECT r.label, h.label, c.label, count(*) FROM relations r "
            "JOIN spans h ON h.id = r.head JOIN spans c ON c.id = r.child "
            "WHERE r.deleted = 0 GROUP BY r.label, h.label, c.label ORDER BY r.label"):
        rdef = schema.relation(rel)
        if rdef is not None and not rdef.allows(head, child):
            problems.append(f"{rel} would no longer link {head} to {child}, as {n} link(s) do")
    actor = schema.label(ACTOR)
    kind = actor.attribute("kind") if actor else None
    if kind is not None and kind.values:
        for value, n in conn.execute(
                "SELECT kind, count(*) FROM entities WHERE deleted = 0 AND merged_into IS NULL "
                "AND kind IS NOT NULL GROUP BY kind ORDER BY kind"):
            if value not in kind.values:
                problems.append(f"ACTOR.kind no longer allows {value!r}, the kind of {n} "
                                "registry actor(s)")
    return problems


def refusal(store: Store, schema: LabelSchema) -> str | None:
    """Why `schema` cannot replace the stored one, every reason in one line (None: it can).

    The rules the schema breaks on its own come first, then what it would orphan, so
    deleting a label in use names both the relation types that still point at it and the
    spans and links that use them. The window and `schema import` show this same text.
    """
    rules = schema.problems()
    conflicts = schema_conflicts(store, schema)
    parts = []
    if rules:
        parts.append("the schema cannot be used: " + "; ".join(rules))
    if conflicts:
        parts.append(("it" if rules else "the schema") + " would orphan existing "
                     "annotations: " + "; ".join(conflicts))
    return "; ".join(parts) if parts else None


def apply_schema(store: Store, schema: LabelSchema) -> None:
    """Replace the schema, or refuse with every problem and conflict named (DataError)."""
    with store.write():  # the checks and the write see the same data
        reason = refusal(store, schema)
        if reason:
            raise DataError(reason)
        store.set_schema(schema)
