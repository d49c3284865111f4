"""Hand-made files for each case of issue 12: every case imports with the expected spans at
the expected offsets, says what it leaves out, and round-trips as a fixed point."""

from __future__ import annotations

import json

import pytest
from roundtrip_helpers import cli, json_lines, round_trip, same_tree

from annotator.store import Store

EMOJI = "Fans 😀 cheered as Putin said talks failed."


def _u16(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le")) // 2


def _spans(db, doc_pk=1):
    with Store(db) as store:
        doc = store.document(doc_pk)
        return sorted((doc.text[s.start:s.end], s.label, s.annotator)
                      for s in store.spans(doc_pk))


# -- brat ---------------------------------------------------------------------------


def _pair(folder, name, text, ann):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, "utf-8")
    (folder / f"{name}.ann").write_text(ann, "utf-8")


def test_brat_fragments_out_of_order_notes_of_every_type_and_equivalences(tmp_path, capsys):
    text = "Putin met Xi on 12 May in Moscow; Xi left.\n"
    _pair(tmp_path / "in", "a", text,
          "T1\tACTOR 0 5\tPutin\n"
          "T2\tACTOR 10 12;34 36\tXi Xi\n"      # discontinuous
          "T3\tEVENT 6 9\tmet\n"
          "T4\tDATE 19 22;16 18\t12 May\n"       # fragments listed out of order
          "E1\tMeet:T3 Agent:T1 Partner:T2\n"
          "A1\tConfidence E1 High\n"
          "R1\tSAME Arg1:T1 Arg2:T2\n"
          "A2\tNegated R1\n"
          "#1\tAnnotatorNotes E1\tfirst meeting?\n"
          "#2\tAnnotatorNotes R1\tcheck\n"
          "#3\tLemma T3\tmeet\n"
          "*\tEquiv T2 T1\n")
    out1, out2, err = round_trip(capsys, tmp_path, "brat", tmp_path / "in", "out")
    assert "1 brat Lemma note(s)" in err and "1 brat equivalence(s)" in err
    assert "1 brat attribute(s) on relations" in err
    got = _spans(tmp_path / "one.sqlite")
    assert ("12 May", "DATE", "tester") in got  # one span: 16-22 with only a space between
    assert ("Xi", "ACTOR", "tester") in got and got.count(("Xi", "ACTOR", "tester")) == 2
    assert (out1 / "a.ann").read_text("utf-8") == (tmp_path / "in" / "a.ann").read_text("utf-8")
    assert same_tree(out1, out2)
    with Store(tmp_path / "one.sqlite") as store:
        trigger = next(s for s in store.spans(1) if s.label == "EVENT")
        assert trigger.attrs == {"Confidence": "High", "note": "first meeting?"}
        assert sorted(r.label for r in store.relations(1)) == ["Agent", "Partner", "SAME"]


def test_brat_edited_discontinuous_span_stays_one_t_line(tmp_path, capsys):
    _pair(tmp_path / "in", "a", "Putin met Xi in Moscow; Xi left.\n",
          "T1\tACTOR 24 26;10 12\tXi Xi\nT2\tACTOR 0 5\tPutin\n")
    db = tmp_path / "db.sqlite"
    cli(capsys, "--db", db, "--annotator", "tester", "import", "--format", "brat",
        tmp_path / "in")
    with Store(db) as store:
        store.add_span(1, "tester", 16, 22, "ACTOR")
    cli(capsys, "--db", db, "export", "--format", "brat", "-o", tmp_path / "out")
    lines = (tmp_path / "out" / "a.ann").read_text("utf-8").splitlines()
    assert "T2\tACTOR 10 12;24 26\tXi Xi" in lines
    assert len([ln for ln in lines if ln.startswith("T")]) == 3


def test_brat_bad_offsets_name_the_line_as_written(tmp_path, capsys):
    _pair(tmp_path / "in", "a", "Putin met Xi.\n", "T1\tACTOR 0 5\tPutin\nT2\tACTOR 6 9\tXi\n")
    code, err = cli(capsys, "--db", tmp_path / "db.sqlite", "import", "--format", "brat",
                    tmp_path / "in")
    assert code == 1 and "a.ann:2:" in err and "T2 (ACTOR 6 9)" in err


def test_brat_utf16_offsets_are_converted(tmp_path, capsys):
    start = _u16(EMOJI, EMOJI.index("Putin"))
    _pair(tmp_path / "in", "a", EMOJI, f"T1\tACTOR {start} {start + 5}\tPutin\n")
    code, err = cli(capsys, "--db", tmp_path / "db.sqlite", "--annotator", "t", "import",
                    "--format", "brat", tmp_path / "in")
    assert code == 0, err
    assert _spans(tmp_path / "db.sqlite") == [("Putin", "ACTOR", "t")]


def test_brat_same_names_in_subfolders_are_different_documents(tmp_path, capsys):
    _pair(tmp_path / "in" / "2023", "doc", "Putin spoke.\n", "T1\tACTOR 0 5\tPutin\n")
    _pair(tmp_path / "in" / "2024", "doc", "Xi spoke.\n", "T1\tACTOR 0 2\tXi\n")
    out1, out2, err = round_trip(capsys, tmp_path, "brat", tmp_path / "in", "out")
    assert "imported 2 file(s): 2 document(s) added" in err
    with Store(tmp_path / "one.sqlite") as store:
        assert {store.document(1).id, store.document(2).id} == {"2023/doc", "2024/doc"}
    assert (out1 / "2023" / "doc.ann").exists() and (out1 / "2024" / "doc.ann").exists()
    assert same_tree(out1, out2)


def test_brat_two_analysts_get_sub_folders_one_analyst_flat(tmp_path, capsys):
    _pair(tmp_path / "in", "doc", "Putin spoke.\n", "T1\tACTOR 0 5\tPutin\n")
    db = tmp_path / "db.sqlite"
    cli(capsys, "--db", db, "--annotator", "alice", "import", tmp_path / "in")
    cli(capsys, "--db", db, "--annotator", "bob", "import", tmp_path / "in")
    cli(capsys, "--db", db, "export", "--format", "brat", "-o", tmp_path / "both")
    assert (tmp_path / "both" / "alice" / "doc.ann").exists()
    assert (tmp_path / "both" / "bob" / "doc.ann").exists()
    cli(capsys, "--db", db, "export", "--format", "brat", "--from", "bob", "-o",
        tmp_path / "flat")
    assert (tmp_path / "flat" / "doc.ann").exists() and not (tmp_path / "flat" / "bob").exists()
    fresh = tmp_path / "fresh.sqlite"
    cli(capsys, "--db", fresh, "--annotator", "carol", "import", tmp_path / "flat")
    with Store(fresh) as store:
        assert store.annotators() == ["bob"]


# -- Label Studio ------------------------------------------------------------------------


def _ls_tasks(unit):
    s, q = EMOJI.index("Putin"), EMOJI.index("talks")
    region = {"from_name": "ner", "to_name": "txt", "type": "labels"}
    return [{"id": 7, "data": {"text": EMOJI, "url": "http://x"}, "meta": {"batch": 3},
             "annotations": [{"id": 11, "completed_by": 1, "lead_time": 4.5, "result": [
                 {"id": "r1", **region, "value": {"start": unit(s), "end": unit(s + 5),
                                                  "text": "Putin", "labels": ["ACTOR"]}},
                 {"id": "r2", **region, "value": {"start": unit(q), "end": unit(q + 12),
                                                  "text": "talks failed", "labels": ["QUOTE"]}},
                 {"from_id": "r2", "to_id": "r1", "type": "relation", "direction": "right",
                  "labels": ["SPEAKER"]}]},
                 {"id": 12, "completed_by": 2, "was_cancelled": True, "result": []}],
             "predictions": [{"id": 5, "model_version": "ner-v2", "score": 0.8, "result": [
                 {"id": "p1", **region, "value": {"start": unit(s), "end": unit(s + 5),
                                                  "text": "Putin", "labels": ["ACTOR"]}}]}]}]


@pytest.mark.parametrize("unit", [lambda i: i, lambda i: _u16(EMOJI, i)],
                         ids=["code-points", "utf-16"])
def test_labelstudio_offsets_predictions_and_fixed_point(tmp_path, capsys, unit):
    src = tmp_path / "ls.json"
    tasks = _ls_tasks(unit)
    tasks[0]["annotations"].reverse()  # a cancelled annotation first: order is kept
    src.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    out1, out2, err = round_trip(capsys, tmp_path, "labelstudio", src, "out.json")
    assert _spans(tmp_path / "one.sqlite") == [
        ("Putin", "ACTOR", "labelstudio-user-1"), ("Putin", "ACTOR", "ner-v2"),
        ("talks failed", "QUOTE", "labelstudio-user-1")]
    assert "1 cancelled annotation(s)" in err
    assert json.loads(out1.read_text("utf-8")) == json.loads(src.read_text("utf-8"))
    assert out2.read_bytes() == out1.read_bytes()


def test_labelstudio_text_mismatch_is_an_error_and_no_predictions_is_said(tmp_path, capsys):
    tasks = _ls_tasks(lambda i: i + 3)
    src = tmp_path / "ls.json"
    src.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    code, err = cli(capsys, "--db", tmp_path / "db.sqlite", "import", src)
    assert code == 1 and "task 1, annotation 1, result 0" in err and "'Putin'" in err
    src.write_text(json.dumps(_ls_tasks(lambda i: i), ensure_ascii=False), "utf-8")
    code, err = cli(capsys, "--db", tmp_path / "db.sqlite", "import", "--no-predictions", src)
    assert code == 0 and "left out 1 prediction(s) (--no-predictions)" in err
    code, err = cli(capsys, "--db", tmp_path / "strict.sqlite", "import", "--no-predictions",
                    "--strict", src)
    assert code == 1 and "--strict" in err
    with Store(tmp_path / "strict.sqlite") as store:
        assert store.count_documents() == 0


# -- doccano -------------------------------------------------------------------------


def test_doccano_every_form_and_json_array(tmp_path, capsys):
    lines = [
        {"id": 5, "text": "Putin said talks failed.", "labels": [[0, 5, "ACTOR"]],
         "meta": {"src": "wire"}},
        {"id": 6, "text": "   ", "label": []},
        {"id": 7, "text": "Macron met Scholz.", "annotations": [
            {"label": 3, "start_offset": 0, "end_offset": 6, "user": 1},
            {"label": 3, "start_offset": 11, "end_offset": 17, "user": 2}]},
        {"id": 8, "text": "Xi 😀 left.", "entities": [
            {"id": 1, "start_offset": 0, "end_offset": 2, "label": "ACTOR"}], "relations": []},
    ]
    src = tmp_path / "d.jsonl"
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", "utf-8")
    code, err = cli(capsys, "--db", tmp_path / "auto.sqlite", "import", src)  # auto-detected
    assert code == 0 and "4 span(s)" in err
    assert "left out 1 record(s) with empty text" in err
    assert "2 label(s) given as numbers, kept as names" in err
    out1, out2, _err = round_trip(capsys, tmp_path, "doccano", src, "out.jsonl")
    assert json_lines(out1) == [lines[0], lines[2], lines[3]]
    assert out2.read_bytes() == out1.read_bytes()
    with Store(tmp_path / "one.sqlite") as store:
        doc = store.document_by_id("5")
        assert doc.meta == {"src": "wire", "lang": "en", "_detected": ["lang"],  # flat
                            **{k: v for k, v in doc.meta.items() if k == "_format"}}
        assert sorted(store.annotators()) == ["doccano-user-1", "doccano-user-2", "tester"]
    array = tmp_path / "d.json"
    array.write_text(json.dumps(lines[:1]), "utf-8")
    code, err = cli(capsys, "--db", tmp_path / "arr.sqlite", "import", array)
    assert code == 0 and "1 span(s)" in err


def test_doccano_export_of_other_documents_carries_meta(tmp_path, capsys):
    src = tmp_path / "n.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Putin spoke.", "meta": {
        "title": "T", "source": "wire"}, "annotator": "x", "status": "done", "spans": [
        {"start": 0, "end": 5, "label": "ACTOR"}], "relations": []}) + "\n", "utf-8")
    cli(capsys, "--db", tmp_path / "db.sqlite", "import", src)
    cli(capsys, "--db", tmp_path / "db.sqlite", "export", "--format", "doccano", "-o",
        tmp_path / "o.jsonl")
    [line] = json_lines(tmp_path / "o.jsonl")
    assert line["meta"] == {"title": "T", "source": "wire"}
    assert line["label"] == [[0, 5, "ACTOR"]]


def test_labelstudio_edited_layer_keeps_annotation_fields_and_region_names(tmp_path, capsys):
    src = tmp_path / "ls.json"
    src.write_text(json.dumps(_ls_tasks(lambda i: i), ensure_ascii=False), "utf-8")
    db = tmp_path / "db.sqlite"
    cli(capsys, "--db", db, "import", "--no-predictions", src)
    with Store(db) as store:
        store.add_span(1, "labelstudio-user-1", 0, 4, "ACTOR")
    cli(capsys, "--db", db, "export", "--format", "labelstudio", "-o", tmp_path / "o.json")
    [task] = json.loads((tmp_path / "o.json").read_text("utf-8"))
    assert task["id"] == 7 and task["data"]["url"] == "http://x" and task["meta"] == {"batch": 3}
    ann = task["annotations"][0]
    assert ann["id"] == 11 and ann["lead_time"] == 4.5
    regions = [r for r in ann["result"] if r["type"] == "labels"]
    assert {(r["from_name"], r["to_name"]) for r in regions} == {("ner", "txt")}
    assert {r["id"] for r in regions} >= {"r1", "r2"}
    rel = next(r for r in ann["result"] if r["type"] == "relation")
    assert (rel["from_id"], rel["to_id"]) == ("r2", "r1")
    assert task["annotations"][1]["was_cancelled"] is True
    assert [a["id"] for a in task["annotations"]] == [11, 12]
