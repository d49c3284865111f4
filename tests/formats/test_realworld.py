"""Real files other tools publish (tests/data/realworld, sources in its README): everything
they hold comes in at the right offsets, what has no column is said, and the same format
comes back out unchanged (a fixed point)."""

from __future__ import annotations

import pytest
from roundtrip_helpers import REAL, cli, json_lines, round_trip, same_tree

from annotator.store import Store


def _layer(db, doc_id):
    with Store(db) as store:
        doc = store.document_by_id(doc_id)
        spans = store.spans(doc.pk)
        by_id = {s.id: s for s in spans}
        rels = [(by_id[r.head].label, r.label, doc.text[by_id[r.child].start:by_id[r.child].end])
                for r in store.relations(doc.pk)]
        return doc, spans, rels


def test_brat_news_imports_events_attributes_notes_and_comes_back_unchanged(tmp_path, capsys):
    src = REAL / "brat-news"
    out1, out2, err = round_trip(capsys, tmp_path, "brat", src, "out")
    # 13 pairs: the summary counts files, not the folder
    assert "imported 13 file(s)" in err
    assert "2 brat equivalence(s) (*)" in err and "1 brat normalization(s) (N)" in err
    assert "1 brat AnnotatorNotes note(s) on relations" in err
    doc, spans, rels = _layer(tmp_path / "one.sqlite", "000-introduction")
    text = {(doc.text[s.start:s.end], s.label): s for s in spans}
    # E1 Transfer-money:T3 Giver-Arg:T1 Money-Arg:T2 ...: a trigger span and role relations
    assert ("Transfer-money", "Giver-Arg", "Citibank") in rels
    assert ("Transfer-money", "Recipient-Arg", "banks") in rels
    assert ("Organization", "Origin", "Switzerland") in rels  # an R line
    assert text[("moving", "Transfer-money")].attrs == {"Confidence": "High"}  # A5 on E1
    assert text[("Raul Salinas de Gortari", "Person")].attrs == {"Mention": "Name",
                                                                 "Individual": True}
    assert text[("$100 million", "Money")].attrs == {"note": "100000000 USD"}
    # an event whose argument is another event points at that event's trigger
    doc, spans, rels = _layer(tmp_path / "one.sqlite", "090-event_structures")
    assert ("Report", "Event-Arg", "merged") in rels
    # unchanged documents give their .ann back byte for byte; the folder is flat (one layer)
    for ann in src.glob("*.ann"):
        assert (out1 / ann.name).read_bytes() == ann.read_bytes(), ann.name
    assert same_tree(out1, out2)
    conf = (out1 / "annotation.conf").read_text("utf-8")
    events = conf.split("[events]")[1].split("[attributes]")[0]
    assert "Merge-org" in events and "Org-Arg" in events and "Transfer-money" in events
    assert "Confidence" in conf.split("[attributes]")[1]


def test_brat_edited_document_writes_events_as_e_lines(tmp_path, capsys):
    cli(capsys, "--db", tmp_path / "db.sqlite", "--annotator", "tester", "import",
        REAL / "brat-news")
    with Store(tmp_path / "db.sqlite") as store:
        doc = store.document_by_id("080-event-annotation")
        store.add_span(doc.pk, "tester", 0, 4, "Person")  # an edit: the .ann is rebuilt
    code, err = cli(capsys, "--db", tmp_path / "db.sqlite", "export", "--format", "brat",
                    "-o", tmp_path / "out")
    assert code == 0, err
    ann = (tmp_path / "out" / "080-event-annotation.ann").read_text("utf-8").splitlines()
    events = [ln for ln in ann if ln.startswith("E")]
    assert len(events) == 4
    assert any(" Org-Arg:T" in e and " Org-Arg4:T" in e for e in events)
    assert not any(ln.startswith("R") for ln in ann)  # roles are not written as R lines


def test_conll_file_named_txt_is_detected_and_comes_back_byte_identical(tmp_path, capsys):
    src = REAL / "conll" / "test.first3docs.txt"
    code, err = cli(capsys, "--db", tmp_path / "auto.sqlite", "import", src)  # auto
    assert code == 0 and "3 document(s) added" in err and "143 span(s)" in err
    out1, out2, err = round_trip(capsys, tmp_path, "conll", src, "out.conll")
    assert "1074 token line(s) with extra columns" in err
    assert out1.read_bytes() == src.read_bytes()
    assert out2.read_bytes() == out1.read_bytes()
    # re-importing the export into the same database adds nothing
    code, err = cli(capsys, "--db", tmp_path / "one.sqlite", "--annotator", "tester",
                    "import", "--format", "conll", out1)
    assert "0 document(s) added" in err and "3 duplicate(s) skipped" in err


def test_conll_spans_at_expected_offsets(tmp_path, capsys):
    cli(capsys, "--db", tmp_path / "db.sqlite", "import", "--format", "conll",
        REAL / "conll" / "test.first3docs.txt")
    with Store(tmp_path / "db.sqlite") as store:
        doc = store.document(1)
        got = [(doc.text[s.start:s.end], s.label) for s in store.spans(1)][:4]
    assert doc.text.startswith("SOCCER - JAPAN GET LUCKY WIN, CHINA IN SURPRISE DEFEAT.\n")
    assert got == [("JAPAN", "LOC"), ("CHINA", "PER"), ("Nadim Ladki", "PER"),
                   ("AL-AIN", "LOC")]
    assert "Bitar 's goal" in doc.text  # the file's tokens, not re-cut


def test_prodigy_fashion_brands_keeps_tokens_answers_hashes(tmp_path, capsys):
    src = REAL / "prodigy" / "fashion_brands_training.head60.jsonl"
    out1, out2, err = round_trip(capsys, tmp_path, "prodigy", src, "out.jsonl")
    assert "60 document(s) added, 37 span(s)" in err
    assert json_lines(out1) == json_lines(src)  # equal as data
    assert out2.read_bytes() == out1.read_bytes()


@pytest.mark.parametrize("name", ["relation_extraction", "sequence_labeling"])
def test_doccano_examples_round_trip(tmp_path, capsys, name):
    src = REAL / "doccano" / name / "example.jsonl"
    code, err = cli(capsys, "--db", tmp_path / "auto.sqlite", "import", src)  # auto-detected
    assert code == 0 and "0 span(s)" not in err
    out1, out2, err = round_trip(capsys, tmp_path, "doccano", src, "out.jsonl")
    assert json_lines(out1) == json_lines(src)
    assert out2.read_bytes() == out1.read_bytes()
    if name == "relation_extraction":
        _doc, _spans, rels = _layer(tmp_path / "one.sqlite", _only_id(tmp_path))
        assert sorted(rels) == [("ORG", "foundedAt", "September 4, 1998"),
                                ("ORG", "foundedBy", "Larry Page"),
                                ("ORG", "foundedBy", "Sergey Brin")]


def _only_id(tmp_path):
    with Store(tmp_path / "one.sqlite") as store:
        return store.document(1).id
