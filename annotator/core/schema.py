"""The label schema: span labels with their keys, colours and attributes, and relation types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import DataError


@dataclass(slots=True)
class AttributeDef:
    """An attribute of a label: a choice among `values`, or free text when `values` is empty.

    `required`: a finished span must set it; `default`: the value a span made without the
    analyst choosing one (an accepted suggestion) starts with.
    """

    name: str
    values: list[str] = field(default_factory=list)
    required: bool = False
    default: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"name": self.name, "values": list(self.values), "required": self.required}
        if self.default is not None:
            out["default"] = self.default
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AttributeDef:
        default = data.get("default")
        return cls(str(data["name"]), [str(v) for v in data.get("values") or []],
                   bool(data.get("required", False)),
                   None if default is None else str(default))


@dataclass(slots=True)
class LabelDef:
    """A span label: its name, keyboard key (1-9) and colour (#rrggbb)."""

    name: str
    key: str | None = None
    color: str = "#888888"
    attributes: list[AttributeDef] = field(default_factory=list)

    def attribute(self, name: str) -> AttributeDef | None:
        return next((a for a in self.attributes if a.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "key": self.key, "color": self.color,
                "attributes": [a.to_json() for a in self.attributes]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LabelDef:
        return cls(str(data["name"]), data.get("key"), str(data.get("color") or "#888888"),
                   [AttributeDef.from_json(a) for a in data.get("attributes") or []])


@dataclass(slots=True)
class RelationDef:
    """A relation type, the labels allowed at each end (None: any label), and the letter
    that links with it in the window (None: only through the "Link as..." menu)."""

    name: str
    head: str | None = None
    child: str | None = None
    key: str | None = None

    def allows(self, head_label: str, child_label: str) -> bool:
        return (self.head in (None, head_label)) and (self.child in (None, child_label))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "head": self.head, "child": self.child, "key": self.key}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RelationDef:
        name = str(data["name"])
        # A schema written before relations had keys keeps S, A and T for the defaults.
        key = data["key"] if "key" in data else DEFAULT_RELATION_KEYS.get(name)
        return cls(name, data.get("head"), data.get("child"), normalize_key(key))


# The letters of the default relation types, and the letters the window keeps for itself
# (N / Shift+N step through suggestions, X rejects one), which no relation type may take.
DEFAULT_RELATION_KEYS = {"SPEAKER": "S", "AGENT": "A", "TARGET": "T"}
RESERVED_KEYS = frozenset({"N", "X"})


def normalize_key(key: object) -> str | None:
    """A relation key as stored: one upper-case character, or None for no key."""
    if key is None:
        return None
    key = str(key).strip()
    return key.upper() if key else None


@dataclass(slots=True)
class LabelSchema:
    labels: list[LabelDef] = field(default_factory=list)
    relations: list[RelationDef] = field(default_factory=list)

    def label(self, name: str) -> LabelDef | None:
        return next((lab for lab in self.labels if lab.name == name), None)

    def relation(self, name: str) -> RelationDef | None:
        return next((r for r in self.relations if r.name == name), None)

    def relation_for_key(self, key: str) -> RelationDef | None:
        key = normalize_key(key)
        return next((r for r in self.relations if key and r.key == key), None)

    def relations_from(self, head_label: str) -> list[RelationDef]:
        """The relation types that can link from a span of `head_label` (for menus)."""
        return [r for r in self.relations if r.head in (None, head_label)]

    def relations_between(self, head_label: str, child_label: str) -> list[RelationDef]:
        return [r for r in self.relations if r.allows(head_label, child_label)]

    def free_relation_key(self, name: str) -> str | None:
        """A letter for a new relation type: its first free letter, else any free one."""
        taken = {r.key for r in self.relations if r.key} | {lab.key for lab in self.labels
                                                             if lab.key} | RESERVED_KEYS
        letters = [c.upper() for c in name if c.isalpha() and c.isascii()]
        alphabet = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
        return next((c for c in [*letters, *alphabet] if c not in taken), None)

    @property
    def label_names(self) -> list[str]:
        return [lab.name for lab in self.labels]

    def to_json(self) -> dict[str, Any]:
        return {"labels": [lab.to_json() for lab in self.labels],
                "relations": [r.to_json() for r in self.relations]}

    @classmethod
    def from_json(cls, data: dict[str, Any], validate: bool = True) -> LabelSchema:
        """The schema a JSON object describes. `validate=False` leaves the rules to the
        caller, who can then report them together with other conflicts."""
        if not isinstance(data, dict) or not isinstance(data.get("labels"), list):
            raise DataError("a schema is a JSON object with a 'labels' list")
        try:
            schema = cls([LabelDef.from_json(lab) for lab in data["labels"]],
                         [RelationDef.from_json(r) for r in data.get("relations") or []])
        except (KeyError, TypeError, AttributeError) as exc:
            raise DataError(f"malformed schema: {exc}") from None
        if validate:
            schema.validate()
        return schema

    def problems(self) -> list[str]:
        """Every rule the schema breaks, one readable line each (empty: it is sound)."""
        from annotator.core.schema_rules import schema_problems

        return schema_problems(self)

    def validate(self) -> None:
        """Refuse a schema that breaks a rule, naming every broken rule at once."""
        problems = self.problems()
        if problems:
            raise DataError("the schema cannot be used: " + "; ".join(problems))


# Names of the default schema the code itself relies on: registry actors are spans of
# ACTOR, and a quote's speaker is the ACTOR its SPEAKER link points at.
ACTOR = "ACTOR"
SPEAKER = "SPEAKER"


def default_schema() -> LabelSchema:
    """The schema every new database starts with (docs/architecture.md, "Default label schema")."""
    return LabelSchema(
        labels=[
            LabelDef(ACTOR, "1", "#1f77b4", [AttributeDef("kind", [
                "person", "organization", "state", "armed_group", "military",
                "government_body", "other"])]),
            LabelDef("EVENT", "2", "#d62728", [
                AttributeDef("type", ["attack", "airstrike", "armed_clash", "protest",
                                      "statement", "negotiation", "other"]),
                AttributeDef("date"), AttributeDef("location")]),
            LabelDef("QUOTE", "3", "#2ca02c", [AttributeDef("mode", ["direct", "indirect"])]),
        ],
        relations=[
            RelationDef(SPEAKER, "QUOTE", ACTOR, "S"),
            RelationDef("AGENT", "EVENT", ACTOR, "A"),
            RelationDef("TARGET", "EVENT", ACTOR, "T"),
        ],
    )
