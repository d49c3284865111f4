"""Export format `entities`: the actor registry as JSONL, one actor a line.

`{"id": ..., "name": ..., "kind": ..., "aliases": [...], "mentions": N}`. The mention
count is over the layers being exported (all of them unless --from/--status narrow it),
so the file agrees with a native export made with the same options. Merged actors are
left out: their mentions count for the actor they were merged into. The registry comes
through `ctx.entities` (filled by `transfer.pipeline`), so this module knows no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import BinaryIO

import orjson

from annotator.core.errors import UsageError
from annotator.core.model import AnnotatedDocument
from annotator.formats.base import ExportContext


def write(records: Iterable[AnnotatedDocument], out: BinaryIO, ctx: ExportContext) -> None:
    if ctx.entities is None:
        raise UsageError("the entities export reads the registry: it needs the database")
    counts: Counter[str] = Counter()
    for rec in records:
        for span in rec.spans:
            if span.entity is not None:
                counts[span.entity] += 1
    entities = sorted(ctx.entities(), key=lambda e: (e.name.casefold(), e.id))
    known = {e.id for e in entities}
    for ent in entities:
        out.write(orjson.dumps({"id": ent.id, "name": ent.name, "kind": ent.kind,
                                "aliases": ent.aliases, "mentions": counts[ent.id]}))
        out.write(b"\n")
    ctx.report.documents += len(entities)
    ctx.report.spans += sum(counts[e] for e in known)
    unknown = sum(n for e, n in counts.items() if e not in known)
    ctx.report.notes.append(f"wrote {len(entities)} registry actor(s)")
    if unknown:
        ctx.report.notes.append(f"{unknown} span(s) point at actors missing from the registry")
