"""Export format `entities`: the actor registry as JSONL, one actor a line.

`{"id": ..., "name": ..., "kind": ..., "aliases": [...], "mentions": N}`. The mention
count is over the layers being exported (all of them unless --from/--status narrow it),
so the file agrees with a native export made with the same options. An actor merged into
another stays as a redirect line: its extra `merged_into` names the live actor it resolves
to today and its `mentions` is 0 (they count for that actor), so a file that carries the
old id can still be resolved. The registry comes through `ctx.entities` (filled by
`transfer.pipeline`), so this module knows no database.
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
    registry = ctx.entities()
    survivor = {e.id: e.merged_into for e in registry if e.merged_into is not None}
    counts: Counter[str] = Counter()
    for rec in records:
        for span in rec.spans:
            if span.entity is not None:
                counts[survivor.get(span.entity, span.entity)] += 1
    entities = sorted((e for e in registry if e.merged_into is None),
                      key=lambda e: (e.name.casefold(), e.id))
    merged = sorted((e for e in registry if e.merged_into is not None),
                    key=lambda e: (e.name.casefold(), e.id))
    known = {e.id for e in entities}
    for ent in [*entities, *merged]:
        line = {"id": ent.id, "name": ent.name, "kind": ent.kind, "aliases": ent.aliases,
                "mentions": counts[ent.id] if ent.merged_into is None else 0}
        if ent.merged_into is not None:
            line["merged_into"] = ent.merged_into
        out.write(orjson.dumps(line))
        out.write(b"\n")
    ctx.report.documents += len(entities) + len(merged)
    ctx.report.spans += sum(counts[e] for e in known)
    unknown = sum(n for e, n in counts.items() if e not in known)
    ctx.report.notes.append(f"wrote {len(entities)} registry actor(s)"
                            + (f" and {len(merged)} merged-away actor(s) as redirects"
                               if merged else ""))
    if unknown:
        ctx.report.notes.append(f"{unknown} span(s) point at actors missing from the registry")
