"""The rules a label schema must keep, checked all at once so a refusal names every problem.

Kept apart from `schema.py` (the data classes) so the rules read as one list: names unique
and non-empty, keys unique and not shared between labels and relation types, relation ends
naming labels the schema has, attribute defaults among their values. Also the attribute
helpers spans need: which required attributes a span lacks, and the defaults it starts with.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema


def _duplicates(items: list[str]) -> list[str]:
    return sorted(n for n, c in Counter(items).items() if c > 1)


def schema_problems(schema: LabelSchema) -> list[str]:
    """Every rule `schema` breaks, one readable line each."""
    from annotator.core.schema import RESERVED_KEYS

    out: list[str] = []
    names = [lab.name for lab in schema.labels]
    if any(not n or not n.strip() for n in names):
        out.append("a label has an empty name")
    for name in _duplicates(names):
        out.append(f"label {name} is defined twice")
    label_keys: dict[str, str] = {}
    for lab in schema.labels:
        if lab.key and (len(lab.key) != 1 or lab.key not in "123456789"):
            out.append(f"the key of label {lab.name} must be one digit 1-9, not {lab.key!r}")
        if any(not a.name or not a.name.strip() for a in lab.attributes):
            out.append(f"an attribute of label {lab.name} has no name")
        if lab.key and lab.key in label_keys:
            out.append(f"labels {label_keys[lab.key]} and {lab.name} share the key {lab.key}")
        elif lab.key:
            label_keys[lab.key] = lab.name
        for attr in _duplicates([a.name for a in lab.attributes]):
            out.append(f"label {lab.name} has the attribute {attr} twice")
        for a in lab.attributes:
            if a.default is not None and a.values and a.default not in a.values:
                out.append(f"{lab.name}.{a.name}: the default {a.default!r} is not one of "
                           f"its values")
    rel_names = [r.name for r in schema.relations]
    if any(not n or not n.strip() for n in rel_names):
        out.append("a relation type has an empty name")
    for name in _duplicates(rel_names):
        out.append(f"relation type {name} is defined twice")
    missing: dict[str, list[str]] = defaultdict(list)
    for rel in schema.relations:
        for end in dict.fromkeys((rel.head, rel.child)):
            if end is not None and end not in names:
                missing[end].append(rel.name)
    for label, rels in sorted(missing.items()):
        which = "relation type" if len(rels) == 1 else "relation types"
        out.append(f"{which} {', '.join(rels)} link{'s' if len(rels) == 1 else ''} label "
                   f"{label}, which the schema does not have")
    rel_keys: dict[str, str] = {}
    for rel in schema.relations:
        key = rel.key
        if key is None:
            continue
        if len(key) != 1 or not key.isalpha():
            out.append(f"relation type {rel.name}: key {key!r} is not a single letter")
        elif key in RESERVED_KEYS:
            out.append(f"relation type {rel.name}: key {key} is kept for the window "
                       f"({', '.join(sorted(RESERVED_KEYS))} step through and reject "
                       "suggestions)")
        if key in label_keys:
            out.append(f"relation type {rel.name} uses key {key}, the key of label "
                       f"{label_keys[key]}")
        if key in rel_keys:
            out.append(f"relation types {rel_keys[key]} and {rel.name} share the key {key}")
        else:
            rel_keys[key] = rel.name
    return out


def missing_required(schema: LabelSchema, label: str, attrs: dict[str, Any]) -> list[str]:
    """The required attributes of `label` that `attrs` leaves unset (empty or absent)."""
    ldef = schema.label(label)
    if ldef is None:
        return []
    return [a.name for a in ldef.attributes
            if a.required and attrs.get(a.name) in (None, "")]


def with_defaults(schema: LabelSchema, label: str, attrs: dict[str, Any] | None) -> dict:
    """`attrs` completed with the defaults the schema gives `label`'s attributes; a
    required choice with no default and a single allowed value takes that value."""
    out = dict(attrs or {})
    ldef = schema.label(label)
    if ldef is None:
        return out
    for a in ldef.attributes:
        if out.get(a.name) not in (None, ""):
            continue
        if a.default is not None:
            out[a.name] = a.default
        elif a.required and len(a.values) == 1:
            out[a.name] = a.values[0]
    return out
