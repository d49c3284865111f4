"""Ours -> format -> ours keeps what each format can hold (spans and labels always;
links, attributes and the analyst where the format has room for them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from format_samples import sample_records

from annotator.store import Store
from annotator.store.layers import LayerFilter, iter_layers
from annotator.transfer.pipeline import ExportRequest, export, import_paths

# format -> (output name, relations kept, attributes kept, analyst kept, overlaps kept)
FORMATS = {
    "prodigy": ("out.jsonl", True, False, True, True),
    "doccano": ("out.jsonl", True, False, False, True),
    "labelstudio": ("out.json", True, True, True, True),
    "brat": ("out", True, True, True, True),
    "conll": ("out.conll", False, False, False, False),
    "hf": ("out.jsonl", False, False, False, False),
    "spacy": ("out.spacy", False, True, True, True),
}


def _layers(store: Store) -> dict:
    """Per document text: {analyst: (spans as (text, label), relations as texts, attrs)}."""
    out: dict = {}
    for rec in iter_layers(store, LayerFilter()):
        if rec.annotator is None:
            continue
        text = rec.document.text
        by_id = {s.id: s for s in rec.spans}
        spans = sorted((text[s.start:s.end], s.label) for s in rec.spans)
        rels = sorted((text[by_id[r.head].start:by_id[r.head].end], r.label,
                       text[by_id[r.child].start:by_id[r.child].end]) for r in rec.relations)
        attrs = sorted((text[s.start:s.end], k, str(v)) for s in rec.spans
                       for k, v in s.attrs.items())
        out.setdefault(rec.document.id, {})[rec.annotator] = (spans, rels, attrs)
    return out


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_keeps_what_the_format_holds(fmt, tmp_path, annotated_store):
    name, keeps_rels, keeps_attrs, keeps_analyst, keeps_overlaps = FORMATS[fmt]
    target = tmp_path / name
    report = export(annotated_store, ExportRequest(fmt, str(target), LayerFilter()))
    assert report.documents == 2
    if not keeps_overlaps:  # the ACTOR inside the EVENT cannot be tagged too
        assert report.dropped_overlaps == {"ACTOR": 1}
    fresh = Store(tmp_path / "fresh.sqlite")
    try:
        import_paths(fresh, [target], fmt, "carol")
        before = _layers(annotated_store)
        after = _layers(fresh)
    finally:
        fresh.close()
    # Token formats rebuild the text from tokens: compare layer by layer, in order.
    before_layers = [layer for doc in before.values() for layer in doc.items()]
    after_layers = [layer for doc in after.values() for layer in doc.items()]
    assert len(after_layers) == len(before_layers)
    for (who_b, (spans_b, rels_b, attrs_b)), (who_a, (spans_a, rels_a, attrs_a)) in zip(
            before_layers, after_layers):
        assert who_a == (who_b if keeps_analyst else "carol")
        if keeps_overlaps:
            assert spans_a == spans_b
        else:
            assert set(spans_a) <= set(spans_b) and len(spans_a) >= len(spans_b) - 1
        if keeps_rels:
            assert rels_a == rels_b
        if keeps_attrs:
            assert attrs_a == attrs_b


@pytest.mark.parametrize("fmt", ["prodigy", "conll", "brat", "labelstudio"])
def test_split_writes_one_output_per_part(fmt, tmp_path, annotated_store):
    name = FORMATS[fmt][0]
    export(annotated_store, ExportRequest(fmt, str(tmp_path / name), LayerFilter(),
                                          {"train": 0.5, "test": 0.5}, 1))
    base = Path(name)
    for part in ("train", "test"):
        expected = (tmp_path / f"{base.stem}.{part}{base.suffix}" if base.suffix
                    else tmp_path / name / part)
        assert expected.exists()


def test_label_and_analyst_filters_reach_the_writers(tmp_path, annotated_store):
    target = tmp_path / "out.conll"
    export(annotated_store, ExportRequest("conll", str(target),
                                          LayerFilter(["alice"], None, ["QUOTE"])))
    tags = {ln.split()[-1] for ln in target.read_text("utf-8").splitlines() if ln.strip()}
    assert tags == {"O", "B-QUOTE", "I-QUOTE"}


def test_records_fixture_is_what_the_store_holds(annotated_store):
    assert len(_layers(annotated_store)) == len(sample_records())


@pytest.mark.parametrize("fmt,suffix", [("jsonl", ".jsonl"), ("conll", ".conll"),
                                        ("labelstudio", ".json")])
def test_split_into_a_folder_names_each_part_with_the_format_extension(fmt, suffix, tmp_path,
                                                                        annotated_store):
    report = export(annotated_store, ExportRequest(fmt, str(tmp_path / "parts"), LayerFilter(),
                                                   {"train": 0.5, "dev": 0.25, "test": 0.25},
                                                   7))
    written = sorted(p.name for p in (tmp_path / "parts").iterdir())
    assert written == sorted(f"{part}{suffix}" for part in ("train", "dev", "test"))
    assert any("train" in note and "parts" in note for note in report.lines())
