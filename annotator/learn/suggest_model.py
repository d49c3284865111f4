"""The trained model as one more suggestion source, and how unsure it is of a document.

Suggestions are the spans the model predicts (greedy decoding, the spans it is scored on),
each with its probability under a small beam search as `confidence`; the source is named
`model:VERSION`. They are never stored: accepting one goes through the same command as any
other suggestion.

Uncertainty of a document (for "most useful next", docs/model.md): the beam gives every
candidate span a probability p; taking the likelier decision on each is wrong with
probability min(p, 1 - p), so the sum over candidates is the expected number of mistakes
the model would make on the document. It is divided by the document's length in hundreds
of words, so a long article is not first only for being long.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.core.suggest_base import Suggestion, drop_existing

SOURCE = "model"


class ModelSuggester:
    """Loads a model folder once (lazily, on the thread that first needs it)."""

    def __init__(self, path: str | Path, labels: Iterable[str] | None = None):
        self.path = Path(path)
        self.allowed = set(labels) if labels is not None else None
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                from annotator.learn.models import load

                self._model = load(self.path)
            return self._model

    @property
    def source(self) -> str:
        return f"{SOURCE}:{self.path.name}"

    def suggest(self, text: str, existing: Iterable[Any] = (),
                rejected: Iterable[tuple[int, int, str]] = ()) -> list[Suggestion]:
        """The model's spans, less what `existing` spans already label and the analyst
        `rejected` ((start, end, label) keys), as the rule suggester does."""
        return self.suggest_many([text], [list(existing)], [set(rejected)])[0]

    def suggest_many(self, texts: Sequence[str], existing: Sequence[Iterable[Any]] = (),
                     rejected: Sequence[Iterable[tuple[int, int, str]]] = ()
                     ) -> list[list[Suggestion]]:
        model = self.model
        with self._lock:  # one spaCy pipeline is not shared between threads at once
            predicted = model.predict(texts, confidence=True)
        out = []
        for i, spans in enumerate(predicted):
            found = [Suggestion(s, e, lab, self.source, confidence=p)
                     for s, e, lab, p in spans
                     if self.allowed is None or lab in self.allowed]
            out.append(drop_existing(found, existing[i] if i < len(existing) else (),
                                     rejected[i] if i < len(rejected) else ()))
        return out

    def uncertainty(self, texts: Sequence[str]) -> list[float]:
        """Expected mistakes per 100 words for each text (see the module docstring)."""
        from annotator.learn.pipeline import beam_scores, make_doc

        model = self.model
        totals = [0.0] * len(texts)
        with self._lock:
            for _labels, nlp in model.groups:
                docs = [make_doc(nlp.vocab, t) for t in texts]
                for i, scores in enumerate(beam_scores(nlp.get_pipe("ner"), docs)):
                    totals[i] += sum(min(p, 1.0 - p) for p in scores.values() if p > 0)
        words = [max(1, len(t.split())) for t in texts]
        return [round(t / max(1.0, n / 100), 6) for t, n in zip(totals, words, strict=True)]


def merge_suggestions(first: Sequence[Suggestion], more: Sequence[Suggestion]
                      ) -> list[Suggestion]:
    """Both lists, sorted; where both found the same span, the first list's is kept."""
    seen = {s.key for s in first}
    return sorted([*first, *(s for s in more if s.key not in seen)],
                  key=lambda s: (s.start, s.end, s.label))
