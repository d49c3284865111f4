"""`annotator agreement [--label L] [--json]`: how far analysts agree on shared documents."""

from __future__ import annotations

import argparse
import json
import sys

from annotator.core.agreement import AgreementReport


def _fmt(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def format_report(report: AgreementReport, lowest: int = 5) -> str:
    """A readable table per pair of analysts and per label."""
    if not report.pairs:
        return "no agreement to measure: fewer than two analysts in this database"
    lines = []
    for p in report.pairs:
        a, b = p.annotators
        lines.append(f"{a} vs {b}: {p.documents} document(s) both marked done")
        if not p.documents:
            lines.append("")
            continue
        lines.append(f"  {'label':<16}{'exact F1':>9}{'partial F1':>12}")
        lines.append(f"  {'(all)':<16}{_fmt(p.exact_f1):>9}{_fmt(p.partial_f1):>12}")
        for lab, figs in p.per_label.items():
            lines.append(f"  {lab:<16}{_fmt(figs['exact_f1']):>9}{_fmt(figs['partial_f1']):>12}")
        lines.append(f"  Cohen's kappa over tokens: {_fmt(p.cohen_kappa).strip()}")
        off = {k: n for k, n in p.confusion.items() if k[0] != k[1]}
        if off:
            lines.append("  same bounds, other label: " + ", ".join(
                f"{x}->{y} {n}" for (x, y), n in off.items()))
        lines.append("")
    alpha = report.krippendorff_alpha
    lines.append(f"Krippendorff's alpha (nominal, tokens, all analysts): "
                 f"{_fmt(alpha).strip()}")
    matrix = report.confusion_matrix()
    if matrix["labels"]:
        labels = matrix["labels"]
        lines.append("label confusion over matched spans (all pairs; rows and columns alike):")
        lines.append("  " + " " * 16 + "".join(f"{lab[:9]:>10}" for lab in labels))
        for lab, row in zip(labels, matrix["matrix"]):
            lines.append(f"  {lab:<16}" + "".join(f"{n:>10}" for n in row))
    low = [r for r in report.lowest_documents(lowest) if r[2] < 1.0]
    if low:
        lines.append("lowest agreement (exact F1):")
        lines += [f"  {doc}  {a}/{b}  {score:.3f}" for doc, (a, b), score in low]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from annotator.paths import resolve_db
    from annotator.store import Store
    from annotator.store.review import agreement

    path, _default = resolve_db(args.db)
    with Store(path) as store:
        report = agreement(store, args.label)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(format_report(report))
        if not any(p.documents for p in report.pairs):
            print("note: no document is marked done by two analysts", file=sys.stderr)
    return 0
