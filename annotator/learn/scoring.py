"""Precision, recall and F1 per label and overall (micro), on exact spans.

A predicted span counts only when its start, end and label all equal a gold span's, the
rule of CoNLL's conlleval and seqeval. Plain Python, so tests can check it by hand.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

Spans = Iterable[tuple[int, int, str]]


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class Scorer:
    """Adds up documents one by one; `result()` gives the figures."""

    def __init__(self, labels: Iterable[str] = ()):
        self.tp: Counter[str] = Counter()
        self.pred: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()
        self.labels = list(labels)

    def add(self, gold: Spans, predicted: Spans) -> None:
        g, p = set(gold), set(predicted)
        for _s, _e, label in g:
            self.gold[label] += 1
        for _s, _e, label in p:
            self.pred[label] += 1
        for _s, _e, label in g & p:
            self.tp[label] += 1

    def result(self) -> dict[str, Any]:
        """`{"labels": {L: {"p", "r", "f", "support"}}, "micro": {"p", "r", "f"}}`."""
        names = list(dict.fromkeys([*self.labels, *sorted(self.gold), *sorted(self.pred)]))
        labels = {}
        for lab in names:
            p, r, f = _prf(self.tp[lab], self.pred[lab], self.gold[lab])
            labels[lab] = {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4),
                           "support": self.gold[lab]}
        p, r, f = _prf(sum(self.tp.values()), sum(self.pred.values()),
                       sum(self.gold.values()))
        return {"labels": labels, "micro": {"p": round(p, 4), "r": round(r, 4),
                                            "f": round(f, 4)}}


def format_table(scores: dict[str, Any]) -> str:
    """The figures as a small table for the terminal."""
    lines = [f"{'label':<12} {'p':>6} {'r':>6} {'f':>6} {'support':>8}"]
    for lab, s in scores["labels"].items():
        lines.append(f"{lab:<12} {s['p']:>6.3f} {s['r']:>6.3f} {s['f']:>6.3f} "
                     f"{s['support']:>8}")
    m = scores["micro"]
    lines.append(f"{'micro':<12} {m['p']:>6.3f} {m['r']:>6.3f} {m['f']:>6.3f} "
                 f"{sum(s['support'] for s in scores['labels'].values()):>8}")
    return "\n".join(lines)
