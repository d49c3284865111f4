"""The data model: documents, spans, relations, entities and analyst layers.

Every offset is a Python `str` index (a Unicode code point), end exclusive, so
`document.text[span.start:span.end]` is always the span's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("new", "in_progress", "done")  # an analyst's layer, in the order work goes
STATUS_RANK = {s: i for i, s in enumerate(STATUSES)}
REVIEW_STATUSES = ("unreviewed", "in_review", "reviewed")  # a document's review
REVIEW_RANK = {s: i for i, s in enumerate(REVIEW_STATUSES)}
GOLD = "gold"  # the reviewer's layer: what the review accepted


@dataclass(slots=True)
class Document:
    """An article. Its text is stored once and never changes after import."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    pk: int | None = None  # the database row, once stored


@dataclass(slots=True)
class Span:
    """A labeled stretch of a document's text in one analyst's layer."""

    start: int
    end: int
    label: str
    id: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    entity: str | None = None
    annotator: str | None = None
    updated_at: str | None = None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)


@dataclass(slots=True)
class Relation:
    """A directed link between two spans of the same layer (QUOTE -SPEAKER-> ACTOR)."""

    head: str
    child: str
    label: str
    id: str | None = None
    annotator: str | None = None
    updated_at: str | None = None


@dataclass(slots=True)
class Entity:
    """A canonical actor in the registry; ACTOR spans point at it."""

    name: str
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    id: str | None = None
    updated_at: str | None = None
    merged_into: str | None = None  # a merged-away actor: the live actor it redirects to


@dataclass(slots=True)
class AnnotatedDocument:
    """A document with one analyst's layer, as importers yield and exporters consume it.

    `annotator` None means "nobody named": the importer's caller decides whose layer it is.
    `line` is where the record started in its file, so errors can name it.
    """

    document: Document
    annotator: str | None = None
    status: str | None = None
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    line: int | None = None
    source_path: str | None = None
