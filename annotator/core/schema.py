"""The label schema: span labels with their keys, colours and attributes, and relation types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import DataError


@dataclass(slots=True)
class AttributeDef:
    """An attribute of a label: a choice among `values`, or free text when `values` is empty."""

    name: str
    values: list[str] = field(default_factory=list)
    required: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "values": list(self.values), "required": self.required}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AttributeDef:
        return cls(str(data["name"]), [str(v) for v in data.get("values") or []],
                   bool(data.get("required", False)))


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
    """A relation type and the labels allowed at each end (None: any label)."""

    name: str
    head: str | None = None
    child: str | None = None

    def allows(self, head_label: str, child_label: str) -> bool:
        return (self.head in (None, head_label)) and (self.child in (None, child_label))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "head": self.head, "child": self.child}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RelationDef:
        return cls(str(data["name"]), data.get("head"), data.get("child"))


@dataclass(slots=True)
class LabelSchema:
    labels: list[LabelDef] = field(default_factory=list)
    relations: list[RelationDef] = field(default_factory=list)

    def label(self, name: str) -> LabelDef | None:
        return next((lab for lab in self.labels if lab.name == name), None)

    def relation(self, name: str) -> RelationDef | None:
        return next((r for r in self.relations if r.name == name), None)

    @property
    def label_names(self) -> list[str]:
        return [lab.name for lab in self.labels]

    def to_json(self) -> dict[str, Any]:
        return {"labels": [lab.to_json() for lab in self.labels],
                "relations": [r.to_json() for r in self.relations]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LabelSchema:
        if not isinstance(data, dict) or not isinstance(data.get("labels"), list):
            raise DataError("a schema is a JSON object with a 'labels' list")
        try:
            schema = cls([LabelDef.from_json(lab) for lab in data["labels"]],
                         [RelationDef.from_json(r) for r in data.get("relations") or []])
        except (KeyError, TypeError, AttributeError) as exc:
            raise DataError(f"malformed schema: {exc}") from None
        schema.validate()
        return schema

    def validate(self) -> None:
        """Refuse duplicate names or keys, and relations naming unknown labels."""
        names = [lab.name for lab in self.labels]
        if len(set(names)) != len(names):
            raise DataError("schema has duplicate label names")
        if any(not n or not n.strip() for n in names):
            raise DataError("schema has a label with an empty name")
        keys = [lab.key for lab in self.labels if lab.key]
        if len(set(keys)) != len(keys):
            raise DataError("schema has two labels on the same key")
        for rel in self.relations:
            for end in (rel.head, rel.child):
                if end is not None and end not in names:
                    raise DataError(f"relation {rel.name} names unknown label {end}")


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
            RelationDef(SPEAKER, "QUOTE", ACTOR),
            RelationDef("AGENT", "EVENT", ACTOR),
            RelationDef("TARGET", "EVENT", ACTOR),
        ],
    )
