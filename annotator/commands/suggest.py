"""`annotator suggest [--patterns FILE] [--json] [--all]`: every document's suggestions,
stored nowhere.

For scripting and for checking the suggesters on a whole corpus. As in the window, what
the analyst's layer (`--annotator`) has already labelled (a span of the same label on those
words, an accepted quote) or rejected is left out; `--all` lists it anyway.
"""

from __future__ import annotations

import argparse
import sys

import orjson


def _line(doc_id: str, text: str, s) -> str:
    where = f"{s.start}-{s.end}"
    words = text[s.start:s.end].replace("\n", " ")
    if len(words) > 80:
        words = words[:77] + "..."
    out = f"  {where:>11} {s.label:<6} {words!r} [{s.source}"
    if s.attrs:
        out += " " + " ".join(f"{k}={v}" for k, v in s.attrs.items())
    out += "]"
    if s.entity:
        out += f" entity={s.entity}"
    if s.pattern_id is not None:
        out += f" id={s.pattern_id}"
    for sp in s.speakers:
        out += f" speaker={sp.text!r} ({sp.start}-{sp.end})"
        if sp.title:
            out += f" title={sp.title!r}"
    return out


def run(args: argparse.Namespace) -> int:
    from annotator.core.suggest import Suggester
    from annotator.paths import resolve_annotator, resolve_db
    from annotator.store import Store
    from annotator.store.entities import live_entities
    from annotator.store.rejections import rejected

    patterns = [args.patterns] if args.patterns else []
    path, _default = resolve_db(args.db)
    annotator = resolve_annotator(args.annotator)[0]
    with Store(path) as store:
        suggester = Suggester.from_files(live_entities(store), patterns)
        total = docs = 0
        out = sys.stdout
        pks = [r[0] for r in store.conn.execute("SELECT pk FROM documents ORDER BY pk")]
        for pk in pks:
            doc = store.document(pk)
            found = suggester.suggest(doc.text) if args.all else suggester.suggest(
                doc.text, store.spans(pk, annotator), rejected(store, pk, annotator))
            if not found:
                continue
            docs += 1
            total += len(found)
            if args.json:
                for s in found:
                    out.write(orjson.dumps(s.to_json(doc.id, doc.text)).decode() + "\n")
            else:
                out.write(f"{doc.id}  {doc.title or ''}\n".rstrip() + "\n")
                for s in found:
                    out.write(_line(doc.id, doc.text, s) + "\n")
    left_out = "" if args.all else " (already labelled or rejected ones left out)"
    print(f"{total} suggestion(s) in {docs} of {len(pks)} document(s){left_out}; "
          "nothing stored", file=sys.stderr)
    return 0
