"""`annotator evaluate --model PATH [--from NAME | --gold] [--json]`: score a trained model
on the finished documents of a layer that it was not trained on."""

from __future__ import annotations

import argparse
import json
import sys


def run(args: argparse.Namespace) -> int:
    from annotator.core.errors import DataError
    from annotator.learn import require_spacy

    require_spacy()
    from annotator.learn import models
    from annotator.learn.examples import select
    from annotator.learn.scoring import format_table
    from annotator.learn.trainer import score_model
    from annotator.paths import resolve_db
    from annotator.store import Store

    model = models.load(args.model)
    path, _default = resolve_db(args.db)
    with Store(path) as store:
        selection = select(store, args.from_, args.gold, model.labels)
    for note in selection.notes:
        print(f"note: {note}", file=sys.stderr)
    seen = model.train_ids
    docs = [ex for ex in selection.examples if ex.doc_id not in seen]
    skipped = len({ex.doc_id for ex in selection.examples if ex.doc_id in seen})
    if skipped:
        print(f"note: {skipped} document(s) left out: the model was trained on them",
              file=sys.stderr)
    if not docs:
        raise DataError(f"{path}: no finished document the model was not trained on")
    scores = score_model(model, docs)
    n_docs = len({d.doc_id for d in docs})
    if args.json:
        print(json.dumps({**scores, "eval_docs": n_docs, "model": str(model.path)},
                         indent=2, ensure_ascii=False))
    else:
        print(format_table(scores))
        print(f"scored {model.name} on {n_docs} document(s) it was not trained on")
    return 0
