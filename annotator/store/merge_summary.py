"""What a merge brought in, counted for the user (the command line and the window print
`MergeSummary.lines()`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Counts:
    added: int = 0
    updated: int = 0
    deleted: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.deleted)


@dataclass(slots=True)
class MergeSummary:
    """What came in, for the user: counts per analyst, labels added, notes."""

    documents_added: int = 0
    documents_matched: int = 0
    documents_updated: int = 0  # metadata, id or review status taken from the other file
    spans: dict[str, Counts] = field(default_factory=dict)
    relations: Counts = field(default_factory=Counts)
    layers_updated: int = 0
    entities: Counts = field(default_factory=Counts)
    decisions_updated: int = 0
    duplicates_resolved: int = 0
    labels_added: list[str] = field(default_factory=list)
    relation_types_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.documents_updated or self.layers_updated
                    or any(self.spans.values()) or self.relations or self.entities
                    or self.decisions_updated or self.labels_added or self.relation_types_added)

    def lines(self) -> list[str]:
        out = [f"documents: {self.documents_added} added, {self.documents_matched} matched"
               + (f" ({self.documents_updated} updated)" if self.documents_updated else "")]
        for who in sorted(self.spans):
            c = self.spans[who]
            if c:
                out.append(f"spans of {who}: {c.added} added, {c.updated} updated, "
                           f"{c.deleted} deleted")
        if self.relations:
            c = self.relations
            out.append(f"links: {c.added} added, {c.updated} updated, {c.deleted} deleted")
        if self.layers_updated:
            out.append(f"layer statuses updated: {self.layers_updated}")
        if self.entities:
            out.append(f"entities: {self.entities.added} added, {self.entities.updated} updated")
        if self.decisions_updated:
            out.append(f"review decisions updated: {self.decisions_updated}")
        if self.labels_added:
            out.append(f"note: labels added to the schema: {', '.join(self.labels_added)}")
        if self.relation_types_added:
            out.append("note: relation types added to the schema: "
                       + ", ".join(self.relation_types_added))
        if self.duplicates_resolved:
            out.append(f"note: {self.duplicates_resolved} span(s) labeled twice in one layer "
                       "under two ids; kept the smaller id")
        out += [f"note: {n}" for n in self.notes]
        if not self.changed:
            out.append("nothing new: this database already has everything in the file")
        return out
