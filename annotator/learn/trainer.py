"""The training loop: one NER pipeline per label group, early stop on the held-out split,
bounded in time, cancellable, deterministic for a seed.

Each epoch goes once over the training documents in a seeded order, in batches of about
1,000 words; after it the held-out documents are scored and the best weights kept. Training
stops after `PATIENCE` epochs without a better held-out F1, after `MAX_EPOCHS`, or when the
time budget runs out (the best weights so far are kept; the run is then reproducible only up
to where the clock stopped it).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.jobs import CancelToken
from annotator.learn.examples import LabeledDoc, label_tiers
from annotator.learn.models import TrainedModel
from annotator.learn.scoring import Scorer

MAX_EPOCHS = 40
MIN_EPOCHS = 6  # a small set can sit at F1 0 for a few epochs before it takes off
PATIENCE = 4
EPOCHS_WITHOUT_EVAL = 15  # no held-out documents: a fixed number of epochs
BATCH_WORDS = 1000  # at most; a small set gets smaller batches, so more updates an epoch
MIN_BATCH_WORDS = 100
UPDATES_PER_EPOCH = 30
DROPOUT = 0.15
INIT_DOCS = 200  # documents that size the model's output layer at the start
BUDGET_FOR_UPDATES = 0.93  # share of --max-minutes spent updating weights
EARLY_STOP_DOCS = 400  # held-out documents scored after each epoch (all at the end)

Progress = Callable[[float, str], None]  # fraction done (0..1), what is happening


@dataclass
class TrainOptions:
    labels: Sequence[str]
    lang: str = "en"
    seed: int = 0
    max_minutes: float = 8.0


@dataclass
class TrainReport:
    model: TrainedModel
    scores: dict[str, Any]
    epochs: list[int] = field(default_factory=list)  # epochs run per group
    stopped_by_clock: bool = False
    left_out: int = 0  # spans that could not be placed on tokens or overlapped


def batch_words(docs: Sequence[LabeledDoc]) -> int:
    total = sum(len(d.text.split()) for d in docs)
    return max(MIN_BATCH_WORDS, min(BATCH_WORDS, total // UPDATES_PER_EPOCH))


def _batches(docs: Sequence[LabeledDoc], rng: random.Random, size: int
             ) -> list[list[LabeledDoc]]:
    """The documents in a seeded order, cut into batches of about `size` words."""
    order = list(docs)
    rng.shuffle(order)
    batches, current, words = [], [], 0
    for doc in order:
        current.append(doc)
        words += len(doc.text.split())
        if words >= size:
            batches.append(current)
            current, words = [], 0
    if current:
        batches.append(current)
    return batches


def _chunks(docs: Sequence[LabeledDoc], size: int = 64):
    for i in range(0, len(docs), size):
        yield docs[i:i + size]  # a few Docs at a time: 2,000 articles would not fit


def _score_group(nlp, docs: Sequence[LabeledDoc], labels: Sequence[str]) -> float:
    from annotator.learn.pipeline import predict_spans

    scorer = Scorer(labels)
    wanted = set(labels)
    for chunk in _chunks(docs):
        predicted = predict_spans(nlp, [d.text for d in chunk])
        for doc, spans in zip(chunk, predicted, strict=True):
            scorer.add([s for s in doc.spans if s[2] in wanted], [s[:3] for s in spans])
    return scorer.result()["micro"]["f"]


def score_model(model: TrainedModel, docs: Sequence[LabeledDoc]) -> dict[str, Any]:
    """Per-label and micro figures of `model` on these documents' spans."""
    scorer = Scorer(model.labels)
    wanted = set(model.labels)
    for chunk in _chunks(docs):
        for doc, spans in zip(chunk, model.predict([d.text for d in chunk]), strict=True):
            scorer.add([s for s in doc.spans if s[2] in wanted], [s[:3] for s in spans])
    return scorer.result()


def train(train_docs: Sequence[LabeledDoc], eval_docs: Sequence[LabeledDoc],
          options: TrainOptions, progress: Progress | None = None,
          cancel: CancelToken | None = None) -> TrainReport:
    """Train and return the model (not saved) with its held-out scores."""
    from annotator.learn.pipeline import blank_pipeline, make_example, seed_everything

    started = time.monotonic()
    # the last held-out scoring and saving come after the clock stops the updates
    deadline = started + options.max_minutes * 60 * BUDGET_FOR_UPDATES
    tiers = label_tiers([*train_docs, *eval_docs], options.labels)
    groups: list[tuple[list[str], Any]] = []
    report = TrainReport(TrainedModel([]), {})
    epochs_total = MAX_EPOCHS if eval_docs else EPOCHS_WITHOUT_EVAL
    stop_docs = list(eval_docs[:EARLY_STOP_DOCS])

    def clock() -> float:  # the share of the time budget used: progress never lags it
        return min(1.0, (time.monotonic() - started) / max(1e-9, deadline - started))

    for g, labels in enumerate(tiers):
        seed_everything(options.seed + g)
        nlp = blank_pipeline(options.lang, labels)

        def examples(docs: Sequence[LabeledDoc], count: bool, nlp=nlp, labels=labels):
            # built per batch, not kept: 10,000 articles of Docs would not fit in memory
            out = []
            for doc in docs:
                ex, dropped = make_example(nlp.vocab, doc.text, doc.spans, labels)
                report.left_out += dropped if count else 0
                out.append(ex)
            return out

        optimizer = nlp.initialize(lambda: examples(train_docs[:INIT_DOCS], False))
        rng = random.Random(options.seed + g)
        size = batch_words(train_docs)
        best, best_bytes, since_best, epoch = -1.0, None, 0, 0
        group_deadline = started + (deadline - started) * (g + 1) / len(tiers)
        for epoch in range(1, epochs_total + 1):
            losses: dict[str, float] = {}
            batches = _batches(train_docs, rng, size)
            for i, batch in enumerate(batches):
                if cancel is not None:
                    cancel.check()
                nlp.update(examples(batch, epoch == 1), drop=DROPOUT, sgd=optimizer,
                           losses=losses)
                if progress is not None:
                    done = max(clock(), (g + (epoch - 1 + (i + 1) / len(batches))
                                         / epochs_total) / len(tiers))
                    progress(done, f"{'+'.join(labels)} epoch {epoch}, batch {i + 1} of "
                             f"{len(batches)}")
                if time.monotonic() > group_deadline:
                    report.stopped_by_clock = True
                    break
            note = f"loss {losses.get('ner', 0.0):.1f}"
            if stop_docs:
                f = _score_group(nlp, stop_docs, labels)
                note += f", held-out F1 {f:.3f}"
                if f > best:
                    best, best_bytes, since_best = f, nlp.to_bytes(), 0
                else:
                    since_best += 1
            if progress is not None:
                done = max(clock(), (g + epoch / epochs_total) / len(tiers))
                progress(done, f"{'+'.join(labels)} epoch {epoch}: {note}")
            if report.stopped_by_clock or (
                    stop_docs and since_best >= PATIENCE and epoch >= MIN_EPOCHS):
                break
        if best_bytes is not None:
            nlp.from_bytes(best_bytes)
        report.epochs.append(epoch)
        groups.append((labels, nlp))
    report.model = TrainedModel(groups)
    report.scores = score_model(report.model, eval_docs) if eval_docs else \
        {"labels": {}, "micro": {"p": 0.0, "r": 0.0, "f": 0.0}}
    if progress is not None:
        progress(1.0, "done")
    return report
