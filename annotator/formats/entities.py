"""Export format `entities`: the actor registry as JSONL, one actor a line.

`{"id": ..., "name": ..., "kind": ..., "aliases": [...], "mentions": N}`.
The mention count is over the layers being exported (all of them unless --from/--status
narrow it), so the file agrees with a native export made with the same options. An actor
merged into another stays as a redirect line: its `merged_into` names the live actor it
resolves to today and its `mentions` is 0 (they count for that actor), so a file that
carries the old id can still be resolved.
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
    if ctx.store is None:
        raise UsageError("the entities export reads the registry: it needs the database")
    from annotator.store.entities import live_entities
    from annotator.store.entity_redirects import Resolver, redirects

    resolver = Resolver(ctx.store)
    counts: Counter[str] = Counter()
    for rec in records:
        for span in rec.spans:
            if span.entity is not None:
                counts[resolver(span.entity)] += 1
    entities = sorted(live_entities(ctx.store), key=lambda e: (e.name.casefold(), e.id))
    known = {e.id for e in entities}
    lines = [(e, None) for e in entities] + redirects(ctx.store)
    for ent, survivor in lines:
        line = {"id": ent.id, "name": ent.name, "kind": ent.kind, "aliases": ent.aliases,
                "mentions": counts[ent.id] if survivor is None else 0}
        if survivor is not None:
            line["merged_into"] = survivor
        out.write(orjson.dumps(line))
        out.write(b"\n")
    ctx.report.documents += len(lines)
    ctx.report.spans += sum(counts[e] for e in known)
    unknown = sum(n for e, n in counts.items() if e not in known)
    merged = len(lines) - len(entities)
    ctx.report.notes.append(f"wrote {len(entities)} registry actor(s)"
                            + (f" and {merged} merged-away actor(s) as redirects"
                               if merged else ""))
    if unknown:
        ctx.report.notes.append(f"{unknown} span(s) point at actors missing from the registry")
