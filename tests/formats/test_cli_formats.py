"""The command line drives the formats: export to Prodigy, import a brat folder, and the
overlap report on stderr."""

from __future__ import annotations

import json

from format_samples import sample_records

from annotator.cli import main
from annotator.store import Store


def _db(tmp_path):
    path = tmp_path / "db.sqlite"
    with Store(path) as store:
        store.ingest(sample_records(), "nobody")
    return path


def test_export_prodigy_then_brat_round_trip_through_the_cli(tmp_path, capsys):
    db = _db(tmp_path)
    out = tmp_path / "out.jsonl"
    assert main(["--db", str(db), "export", "--format", "prodigy", "-o", str(out)]) == 0
    tasks = [json.loads(ln) for ln in out.read_text("utf-8").splitlines()]
    assert [t["_annotator_id"] for t in tasks] == ["alice", "bob"]
    assert main(["--db", str(db), "export", "--format", "brat", "--from", "alice",
                 "-o", str(tmp_path / "brat")]) == 0
    assert (tmp_path / "brat" / "doc-1.ann").exists()  # one analyst: flat, not alice/
    assert not (tmp_path / "brat" / "alice").exists()
    assert (tmp_path / "brat" / "annotation.conf").exists()
    capsys.readouterr()
    fresh = tmp_path / "fresh.sqlite"
    assert main(["--db", str(fresh), "--annotator", "carol", "import",
                 str(tmp_path / "brat")]) == 0  # auto: a folder of .ann is brat
    with Store(fresh) as store:
        assert store.annotators() == ["alice"]  # the export's layer list gives it back
        assert len(store.spans(1)) == 6 and len(store.relations(1)) == 2


def test_conll_export_reports_left_out_overlaps_per_label(tmp_path, capsys):
    db = _db(tmp_path)
    assert main(["--db", str(db), "export", "--format", "conll", "-o",
                 str(tmp_path / "o.conll")]) == 0
    err = capsys.readouterr().err
    assert "left out 1 overlapping span(s) the format cannot hold (ACTOR: 1)" in err


def test_hf_export_names_the_label_file_on_stderr(tmp_path, capsys):
    db = _db(tmp_path)
    assert main(["--db", str(db), "export", "--format", "hf", "-o",
                 str(tmp_path / "o.jsonl")]) == 0
    assert "o.labels.json" in capsys.readouterr().err
    assert (tmp_path / "o.labels.json").exists()
