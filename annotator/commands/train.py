"""`annotator train`: learn a spaCy model from the finished documents of a layer, score it on
held-out documents, and save it as a new version next to the database (docs/model.md)."""

from __future__ import annotations

import argparse
import json
import sys
import time


def _progress():
    """A one-line progress bar on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(fraction: float, what: str) -> None:
        width = 30
        filled = int(width * min(1.0, fraction))
        sys.stderr.write(f"\rtraining [{'#' * filled}{'.' * (width - filled)}] "
                         f"{what[:60]:<60}")
        sys.stderr.flush()

    return show


def parse_labels(value: str | None) -> list[str] | None:
    if not value:
        return None
    labels = [v.strip() for v in value.split(",") if v.strip()]
    return labels or None


def run(args: argparse.Namespace) -> int:
    from annotator.core.errors import DataError, UsageError
    from annotator.learn import require_spacy

    require_spacy()
    if args.max_minutes is not None and args.max_minutes <= 0:
        raise UsageError("--max-minutes must be more than 0")
    if not 0.0 <= args.eval_split < 1.0:
        raise UsageError("--eval-split must be at least 0 and below 1")

    from annotator.learn.examples import document_languages, select, split_by_document
    from annotator.learn.language import choose
    from annotator.learn.models import models_dir
    from annotator.learn.scoring import format_table
    from annotator.learn.trainer import TrainOptions, train
    from annotator.paths import resolve_db
    from annotator.store import Store

    started = time.monotonic()
    path, _default = resolve_db(args.db)
    wanted = parse_labels(args.labels)
    with Store(path) as store:
        selection = select(store, args.from_, args.gold, wanted)
        schema_order = [lab.name for lab in store.schema().labels]
    for note in selection.notes:
        print(f"note: {note}", file=sys.stderr)
    examples = selection.examples
    if not examples:
        who = "the gold layer" if args.gold else (
            "the layer(s) " + ", ".join(args.from_) if args.from_ else "any layer")
        raise DataError(f"{path}: no finished (done) document in {who} to learn from")
    present = {s[2] for ex in examples for s in ex.spans}
    if wanted:
        missing = [lab for lab in wanted if lab not in present]
        if missing:
            print(f"note: no span labelled {', '.join(missing)} in the chosen documents",
                  file=sys.stderr)
        labels = [lab for lab in wanted if lab in present]
    else:
        labels = [lab for lab in schema_order if lab in present] + sorted(
            present - set(schema_order))
    if not labels:
        raise DataError(f"{path}: the chosen documents hold no spans to learn from")
    train_docs, eval_docs = split_by_document(examples, args.eval_split, args.seed)
    language = choose(document_languages(examples), args.lang)
    print(f"note: language {language.lang} ({language.reason})", file=sys.stderr)
    options = TrainOptions(labels, language.lang, args.seed, args.max_minutes)
    show = _progress()
    report = train(train_docs, eval_docs, options, show)
    if show is not None:
        sys.stderr.write("\n")
    seconds = round(time.monotonic() - started, 1)
    train_ids = sorted({d.doc_id for d in train_docs})
    eval_ids = sorted({d.doc_id for d in eval_docs})
    report.model.meta = {
        "lang": language.lang, "seed": args.seed, "eval_split": args.eval_split,
        "layers": selection.layers, "labels": labels, "train_docs": len(train_ids),
        "eval_docs": len(eval_ids), "train_docs_ids": train_ids, "eval_docs_ids": eval_ids,
        "scores": report.scores, "epochs": report.epochs, "seconds": seconds,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    saved = report.model.save(models_dir(path))
    if report.stopped_by_clock:
        print(f"note: stopped after {args.max_minutes:g} minute(s) (--max-minutes); the "
              "best model so far is kept", file=sys.stderr)
    if report.left_out:
        print(f"note: {report.left_out} span(s) left out of training (overlapping another "
              "of the same group, or on no word)", file=sys.stderr)
    result = {**report.scores, "train_docs": len(train_ids), "eval_docs": len(eval_ids),
              "seconds": seconds, "model": str(saved), "lang": language.lang}
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        if eval_ids:
            print(format_table(report.scores))
        else:
            print("no held-out documents (--eval-split 0): nothing scored")
        print(f"trained on {len(train_ids)} document(s), scored on {len(eval_ids)}, "
              f"in {seconds:g} s")
    print(f"model saved to {saved}", file=sys.stderr)
    return 0
