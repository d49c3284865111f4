"""Token-based formats keep the file's own tokens (Prodigy, CoNLL, Hugging Face, spaCy), and
exports that cannot hold relations or attributes say how many they left out."""

from __future__ import annotations

import json

import pytest
from format_samples import sample_records
from roundtrip_helpers import cli, json_lines, round_trip

from annotator.store import Store

DCOH = "DCoH-HNF-1 binds DCoH and HNF-1 in cells."


def _tok(text, pieces):
    out, pos = [], 0
    for i, piece in enumerate(pieces):
        start = text.index(piece, pos)
        pos = start + len(piece)
        out.append({"text": piece, "start": start, "end": pos, "id": i,
                    "ws": text[pos:pos + 1] == " "})
    return out


def test_prodigy_spans_on_the_files_tokens_stay_as_they_are(tmp_path, capsys):
    tokens = _tok(DCOH, ["DCoH", "-", "HNF-1", "binds", "DCoH", "and", "HNF-1", "in",
                         "cells", "."])
    spans = [{"start": 0, "end": 4, "token_start": 0, "token_end": 0, "label": "PROT"},
             {"start": 5, "end": 10, "token_start": 2, "token_end": 2, "label": "PROT"},
             {"start": 17, "end": 21, "token_start": 4, "token_end": 4, "label": "PROT"}]
    task = {"text": DCOH, "tokens": tokens, "spans": spans,
            "relations": [{"head": 0, "child": 2, "label": "BINDS",
                           "head_span": spans[0], "child_span": spans[1]}],
            "answer": "accept", "_input_hash": 1, "_task_hash": 2, "_view_id": "relations"}
    rejected = {"text": "Other text here.", "spans": [{"start": 0, "end": 5,
                                                       "label": "PROT"}],
                "answer": "reject", "_input_hash": 3, "_task_hash": 4}
    src = tmp_path / "p.jsonl"
    src.write_text("\n".join(map(json.dumps, [task, {"text": "  \n"}, rejected])) + "\n",
                   "utf-8")
    out1, out2, err = round_trip(capsys, tmp_path, "prodigy", src, "out.jsonl")
    assert "left out 1 task(s) with empty text" in err
    assert "1 task(s) answered 'reject'" in err
    assert json_lines(out1) == [task, rejected]
    assert out2.read_bytes() == out1.read_bytes()
    db = tmp_path / "one.sqlite"
    with Store(db) as store:  # an edit: spans and relations rebuilt on the file's tokens
        store.add_span(1, "tester", 26, 31, "PROT")
    cli(capsys, "--db", db, "export", "--format", "prodigy", "-o", tmp_path / "e.jsonl")
    edited = json_lines(tmp_path / "e.jsonl")[0]
    assert edited["tokens"] == tokens and edited["_view_id"] == "relations"
    assert [(s["start"], s["end"], s["token_start"]) for s in edited["spans"]] == [
        (0, 4, 0), (5, 10, 2), (17, 21, 4), (26, 31, 6)]
    assert [(r["head"], r["child"]) for r in edited["relations"]] == [(0, 2)]


def test_prodigy_span_text_mismatch_names_the_line(tmp_path, capsys):
    src = tmp_path / "p.jsonl"
    src.write_text(json.dumps({"text": "ok text"}) + "\n" + json.dumps(
        {"text": "Putin spoke.", "spans": [{"start": 1, "end": 6, "text": "Putin",
                                            "label": "A"}]}) + "\n", "utf-8")
    code, err = cli(capsys, "--db", tmp_path / "db.sqlite", "import", "--format", "prodigy",
                    src)
    assert code == 1 and "p.jsonl:2:" in err and "'Putin'" in err


def test_conll_of_our_own_documents_is_a_fixed_point_and_reports_losses(tmp_path, capsys):
    db = tmp_path / "db.sqlite"
    with Store(db) as store:
        store.ingest(sample_records(), "nobody")
    out1 = tmp_path / "a.conll"
    code, err = cli(capsys, "--db", db, "export", "--format", "conll", "-o", out1)
    assert code == 0
    assert "relation(s) (CoNLL holds none)" in err
    assert "span attribute value(s) (CoNLL holds none)" in err
    code, err = cli(capsys, "--db", db, "export", "--format", "conll", "--strict", "-o",
                    tmp_path / "strict.conll")
    assert code == 1 and "--strict" in err and not (tmp_path / "strict.conll").exists()
    _one, _two, _err = round_trip(capsys, tmp_path, "conll", out1, "b.conll")
    assert _one.read_bytes() == out1.read_bytes() and _two.read_bytes() == out1.read_bytes()


def test_hf_words_ner_same_text_other_ids_and_text_kept(tmp_path, capsys):
    rows = [{"id": "0", "words": ["Men", "'s", "200", "metres", "in", "Berlin"],
             "ner": [0, 0, 0, 0, 0, 5], "pos": [1, 2, 3, 4, 5, 6]},
            {"id": "1", "words": ["Men", "'s", "200", "metres", "in", "Berlin"],
             "ner": [3, 0, 0, 0, 0, 0], "pos": [1, 2, 3, 4, 5, 6]}]
    src = tmp_path / "h.jsonl"
    src.write_text("\n".join(map(json.dumps, rows)) + "\n", "utf-8")
    names = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
    code, err = cli(capsys, "--db", tmp_path / "x.sqlite", "import", src)
    assert code == 1 and "--labels" in err  # integer tags need names
    out1, out2, err = round_trip(capsys, tmp_path, "hf", src, "out.jsonl", "--labels",
                                 ",".join(names))
    assert "2 document(s) added" in err  # same text, different ids: two documents
    with Store(tmp_path / "one.sqlite") as store:
        assert store.document_by_id("0").text == "Men 's 200 metres in Berlin"
        assert [s.label for s in store.spans(store.document_by_id("1").pk)] == ["ORG"]
    assert json_lines(out1) == rows
    assert json.loads((tmp_path / "one" / "out.labels.json").read_text())["label_names"] == names
    assert out2.read_bytes() == out1.read_bytes()


def test_hf_and_spacy_exports_count_what_they_leave_out(tmp_path, capsys):
    pytest.importorskip("spacy")
    db = tmp_path / "db.sqlite"
    with Store(db) as store:
        store.ingest(sample_records(), "nobody")
    code, err = cli(capsys, "--db", db, "export", "--format", "hf", "-o", tmp_path / "h.jsonl")
    assert "relation(s) (Hugging Face holds none)" in err
    code, err = cli(capsys, "--db", db, "export", "--format", "spacy", "-o",
                    tmp_path / "s.spacy")
    assert code == 0 and "relation(s) (a spaCy Doc holds none)" in err


def test_spacy_every_span_group_with_its_name(tmp_path, capsys):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin, Span

    nlp = spacy.blank("en")
    doc = nlp("DCoH-HNF-1 binds the  promoter 😀 in Iraq.")
    doc.spans["proteins"] = [Span(doc, 0, 1, "PROTEIN")]
    doc.spans["sc"] = [Span(doc, 0, 1, "PROTEIN"), Span(doc, 3, 5, "DNA")]
    doc.ents = [Span(doc, len(doc) - 2, len(doc) - 1, "GPE")]
    other = nlp("Second doc with Putin.")
    other.spans["people"] = [Span(other, 3, 4, "PER")]
    src = tmp_path / "in.spacy"
    DocBin(docs=[doc, other]).to_disk(src)
    out1, out2, err = round_trip(capsys, tmp_path, "spacy", src, "out.spacy")
    assert "4 span(s)" in err and "2 span(s) read from span groups other than 'sc'" in err

    def dump(path):
        return [([t.text for t in d], [t.whitespace_ for t in d],
                 {k: [(s.start, s.end, s.label_) for s in v] for k, v in d.spans.items()},
                 [(e.start, e.end, e.label_) for e in d.ents])
                for d in DocBin().from_disk(path).get_docs(nlp.vocab)]

    assert dump(out1) == dump(src)
    assert out2.read_bytes() == out1.read_bytes()


@pytest.mark.parametrize("content", [
    # IOB1 (I- opens a span), tab-separated columns, a closing -DOCSTART-
    ("-DOCSTART-\t-X-\tO\n\nPutin\tNNP\tI-PER\nsaid\tVBD\tO\n\n-DOCSTART-\t-X-\tO\n\n"
     "Xi\tNNP\tI-PER\nJinping\tNNP\tI-PER\n\n-DOCSTART-\t-X-\tO\n"),
    # no -DOCSTART- at all: one sentence a document; a comment line
    "# id = 1\nPutin B-PER\nsaid O\n\nXi B-PER\nleft O\n.\tO\n",
])
def test_conll_layouts_come_back_byte_identical(tmp_path, capsys, content):
    src = tmp_path / "in.conll"
    src.write_text(content, "utf-8")
    out1, out2, _err = round_trip(capsys, tmp_path, "conll", src, "out.conll")
    assert out1.read_text("utf-8") == content
    assert out2.read_bytes() == out1.read_bytes()
    with Store(tmp_path / "one.sqlite") as store:
        texts = [store.document(pk).text for pk in (1, 2)]
        spans = [(store.document(s_pk).text[s.start:s.end], s.label)
                 for s_pk in (1, 2) for s in store.spans(s_pk)]
    assert texts[0].startswith("Putin said") and spans[0] == ("Putin", "PER")


def test_prodigy_binary_answers_on_one_text_all_come_back(tmp_path, capsys):
    text = "Putin met Xi in Moscow."

    def t(start, end, answer, who=None, h=0):
        task = {"text": text, "spans": [{"start": start, "end": end, "label": "PER"}],
                "answer": answer, "_input_hash": 7, "_task_hash": h}
        if who:
            task["_annotator_id"] = who
        return task

    lines = [t(0, 5, "accept", h=1), t(16, 22, "reject", h=2), t(10, 12, "accept", h=3),
             t(0, 5, "accept", "bob", h=4), t(10, 12, "ignore", "bob", h=5)]
    src = tmp_path / "teach.jsonl"
    src.write_text("\n".join(map(json.dumps, lines)) + "\n", "utf-8")
    out1, out2, err = round_trip(capsys, tmp_path, "prodigy", src, "out.jsonl")
    assert "1 document(s) added" in err
    with Store(tmp_path / "one.sqlite") as store:
        assert sorted((s.annotator, s.start) for s in store.spans(1)) == [
            ("bob", 0), ("tester", 0), ("tester", 10)]  # rejected spans are no annotation

    def key(task):
        return json.dumps(task, sort_keys=True)

    assert sorted(map(key, json_lines(out1))) == sorted(map(key, lines))
    assert out2.read_bytes() == out1.read_bytes()


def test_tag_ids_named_by_labels_and_json_array_rows(tmp_path, capsys):
    conll = tmp_path / "ids.conll"
    conll.write_text("Putin 1\nsaid 0\nin 0\nMoscow 3\n", "utf-8")
    out1, _out2, err = round_trip(capsys, tmp_path, "conll", conll, "out.conll", "--labels",
                                  "O,B-PER,I-PER,B-LOC,I-LOC")
    assert "2 span(s)" in err and out1.read_bytes() == conll.read_bytes()
    rows = tmp_path / "rows.json"  # a JSON array of HF rows, detected by content
    rows.write_text(json.dumps([{"tokens": ["Putin", "left"], "ner_tags": ["B-PER", "O"]}]),
                    "utf-8")
    code, err = cli(capsys, "--db", tmp_path / "arr.sqlite", "import", rows)
    assert code == 0 and "1 span(s)" in err
