"""`annotator suggest [--patterns FILE] [--model [PATH]] [--json] [--all]`: every
document's suggestions (rules, and the trained model's with `--model`), stored nowhere.

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
    if s.confidence is not None:
        out += f" confidence={s.confidence:.2f}"
    if s.pattern_id is not None:
        out += f" id={s.pattern_id}"
    for sp in s.speakers:
        out += f" speaker={sp.text!r} ({sp.start}-{sp.end})"
        if sp.title:
            out += f" title={sp.title!r}"
    return out


def _model_suggester(args: argparse.Namespace, db_path):
    """The model of `--model PATH`, or the database's latest with a bare `--model`."""
    from annotator.core.errors import DataError
    from annotator.learn import require_spacy

    require_spacy()
    from annotator.learn import models
    from annotator.learn.suggest_model import ModelSuggester

    if args.model == "latest":
        found = models.latest_for_db(db_path)
        if found is None:
            raise DataError(f"{db_path}: no trained model yet (run 'annotator train')")
    else:
        found = models.resolve(args.model)
    return ModelSuggester(found)


def run(args: argparse.Namespace) -> int:
    from annotator.core.suggest import Suggester
    from annotator.learn.suggest_model import merge_suggestions
    from annotator.paths import resolve_annotator, resolve_db
    from annotator.store import Store
    from annotator.store.entities import live_entities
    from annotator.store.rejections import rejected

    patterns = [args.patterns] if args.patterns else []
    path, _default = resolve_db(args.db)
    annotator = resolve_annotator(args.annotator)[0]
    with Store(path) as store:
        suggester = Suggester.from_files(live_entities(store), patterns)
        model = _model_suggester(args, path) if args.model else None
        total = docs = 0
        out = sys.stdout
        pks = [r[0] for r in store.conn.execute("SELECT pk FROM documents ORDER BY pk")]
        for pk in pks:
            doc = store.document(pk)
            spans, gone = ([], set()) if args.all else (
                store.spans(pk, annotator), rejected(store, pk, annotator))
            found = suggester.suggest(doc.text, spans, gone)
            if model is not None:
                found = merge_suggestions(found, model.suggest(doc.text, spans,
                                                                     gone))
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
