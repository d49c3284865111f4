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
    losses: Counter = field(default_factory=Counter)  # "relation(s) ..." -> how many left out

    def lose(self, kind: str, n: int = 1) -> None:
        """Count something the format cannot hold: one line per kind, `--strict` refuses."""
        if n:
            self.losses[kind] += n

    def lossy(self) -> bool:
        return bool(self.dropped_overlaps or self.snapped or self.losses)

    def lines(self) -> list[str]:
        out = []
        if self.dropped_overlaps:
            per = ", ".join(f"{lab}: {n}" for lab, n in sorted(self.dropped_overlaps.items()))
            out.append(f"left out {sum(self.dropped_overlaps.values())} overlapping span(s) "
                       f"the format cannot hold ({per})")
        if self.snapped:
            out.append(f"snapped {self.snapped} span(s) outward to token boundaries")
        out.extend(f"left out {n} {kind}" for kind, n in sorted(self.losses.items()))
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
    entity_name: Any = None  # actor id -> registry name (or None), given by the pipeline


@dataclass(slots=True)
class ImportContext:
    schema: LabelSchema
    default_annotator: str | None = None
    notes: list[str] = field(default_factory=list)  # what a reader changed, for the summary
    losses: Counter = field(default_factory=Counter)  # kind -> count of what was left out
    kept: Counter = field(default_factory=Counter)  # kind -> count kept only for the export
    told: Counter = field(default_factory=Counter)  # kind -> count of what was changed/read
    files: int = 0  # files a folder reader read (brat pairs), for the summary
    labels: list[str] | None = None  # tag names given with --labels (CoNLL, Hugging Face)
    predictions: bool = True  # Label Studio predictions as layers (False: skipped, noted)

    def lose(self, kind: str, n: int = 1) -> None:
        """Count what the file holds and the database cannot: one line per kind."""
        if n:
            self.losses[kind] += n

    def keep(self, kind: str, n: int = 1) -> None:
        """Count what the database has no column for but the export gives back."""
        if n:
            self.kept[kind] += n

    def said(self, kind: str, n: int = 1) -> None:
        """Count something read in a way the user should know about (not a loss)."""
        if n:
            self.told[kind] += n

    def lines(self) -> list[str]:
        return ([f"left out {n} {kind}" for kind, n in sorted(self.losses.items())]
                + [f"{n} {kind}" for kind, n in sorted(self.told.items())]
                + [f"kept for export only (no column in the database): {n} {kind}"
                   for kind, n in sorted(self.kept.items())])
    keep_boilerplate: bool = False  # --keep-boilerplate: text files keep blog trailers
    tallies: Counter = field(default_factory=Counter)  # "what happened" -> how often

    def tally(self, what: str, n: int = 1) -> None:
        """Count something readers did to many files (one summary line, not one a file)."""
        self.tallies[what] += n

    def tally_notes(self) -> list[str]:
        return [f"{what}: {n}" for what, n in sorted(self.tallies.items())]
