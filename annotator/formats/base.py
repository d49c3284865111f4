"""What every format module shares: the export report and small reading helpers.

An importer is `read(path, ctx) -> Iterator[AnnotatedDocument]`; it raises InputError naming
the file, line and reason. An exporter is `write(records, out, ctx) -> None` writing bytes to
`out` (a binary stream), or files under `ctx.path` for formats that are folders.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import Entity
from annotator.core.schema import LabelSchema


@dataclass(slots=True)
class ExportReport:
    """Counts an export tells the user about on stderr: nothing is dropped silently."""

    documents: int = 0
    spans: int = 0
    relations: int = 0
    dropped_overlaps: Counter = field(default_factory=Counter)  # label -> spans left out
    snapped: int = 0  # spans moved outward onto token boundaries
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.dropped_overlaps:
            per = ", ".join(f"{lab}: {n}" for lab, n in sorted(self.dropped_overlaps.items()))
            out.append(f"left out {sum(self.dropped_overlaps.values())} overlapping span(s) "
                       f"the format cannot hold ({per})")
        if self.snapped:
            out.append(f"snapped {self.snapped} span(s) outward to token boundaries")
        out.extend(self.notes)
        return out


@dataclass(slots=True)
class ExportContext:
    schema: LabelSchema
    path: Path | None = None  # the output path, when it is a file or folder (not stdout)
    report: ExportReport = field(default_factory=ExportReport)
    # The actor registry, for exports of more than layers (`entities`). The transfer layer
    # fills it from the store; formats never see the database.
    entities: Callable[[], list[Entity]] | None = None
    # The review status and decision log of a document (by its row), which native JSONL
    # writes with each gold record; filled by the transfer layer from the store.
    review: Callable[[int], dict[str, Any]] | None = None


@dataclass(slots=True)
class ImportContext:
    schema: LabelSchema
    default_annotator: str | None = None
    notes: list[str] = field(default_factory=list)  # what a reader changed, for the summary
