"""Import from hand-made files in each tool's documented shape, with CRLF, emoji and Arabic;
bad files are refused with the file, line and reason, and nothing is half-imported."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.store.layers import LayerFilter, iter_layers
from annotator.transfer.pipeline import import_paths

CRLF_TEXT = "Iraq summoned the envoy.\r\nFuad Hussein 🇮🇶 said: «no».\r\nيحيى رسول agreed."
TEXT = CRLF_TEXT.replace("\r\n", "\n")


def raw_offsets(piece: str) -> tuple[int, int]:
    start = CRLF_TEXT.index(piece)
    return start, start + len(piece)


def layers(store):
    return [(r.annotator, sorted((r.document.text[s.start:s.end], s.label) for s in r.spans),
             sorted(r.label for r in r.relations))
            for r in iter_layers(store, LayerFilter()) if r.annotator]


def test_prodigy_task_with_crlf_emoji_arabic_and_annotator(tmp_path, store):
    s1, e1 = raw_offsets("Fuad Hussein 🇮🇶")
    s2, e2 = raw_offsets("«no»")
    s3, e3 = raw_offsets("يحيى رسول")
    head = {"start": s2, "end": e2, "token_start": 9, "token_end": 11, "label": "QUOTE"}
    child = {"start": s1, "end": e1, "token_start": 5, "token_end": 7, "label": "ACTOR"}
    task = {"text": CRLF_TEXT, "spans": [child, head, {"start": s3, "end": e3,
                                                      "label": "ACTOR"}],
            "relations": [{"head": 11, "child": 7, "head_span": head, "child_span": child,
                           "label": "SPEAKER"}],
            "answer": "accept", "_input_hash": 1, "_task_hash": 2,
            "_annotator_id": "news-alice", "_session_id": "news-alice"}
    rejected = {**task, "text": "Another text.", "spans": [], "relations": [],
                "answer": "reject"}
    path = tmp_path / "prodigy.jsonl"
    path.write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in (task, rejected)),
                    "utf-8")
    import_paths(store, [path], "auto", "carol")
    assert layers(store) == [("news-alice", [("Fuad Hussein 🇮🇶", "ACTOR"), ("«no»", "QUOTE"),
                                             ("يحيى رسول", "ACTOR")], ["SPEAKER"])]
    assert store.count_documents() == 2


def test_prodigy_input_without_answer_is_not_an_annotation(tmp_path, store):
    """A Prodigy source file (`{"text": ...}`, no answer yet) brings documents, and no
    analyst's layer; our own export leaves untouched documents unanswered the same way."""
    from annotator.transfer.pipeline import ExportRequest, export

    path = tmp_path / "source.jsonl"
    path.write_text(json.dumps({"text": CRLF_TEXT, "meta": {"source": "wire"}},
                               ensure_ascii=False) + "\n", "utf-8")
    import_paths(store, [path], "prodigy", "carol")
    assert store.count_documents() == 1 and layers(store) == []

    out = tmp_path / "out.jsonl"
    export(store, ExportRequest("prodigy", str(out), LayerFilter()))
    task = json.loads(out.read_text("utf-8"))
    assert task["text"] == TEXT and "answer" not in task and "_annotator_id" not in task

def test_doccano_both_forms(tmp_path, store):
    s1, e1 = raw_offsets("Fuad Hussein 🇮🇶")
    s3, e3 = raw_offsets("يحيى رسول")
    plain = {"id": 7, "text": CRLF_TEXT, "label": [[s1, e1, "ACTOR"], [s3, e3, "ACTOR"]]}
    rel = {"text": "Putin said talks failed.",
           "entities": [{"id": 0, "start_offset": 0, "end_offset": 5, "label": "ACTOR"},
                        {"id": 1, "start_offset": 11, "end_offset": 23, "label": "QUOTE"}],
           "relations": [{"id": 0, "from_id": 1, "to_id": 0, "type": "SPEAKER"}]}
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps(plain, ensure_ascii=False) + "\n" + json.dumps(rel) + "\n",
                    "utf-8")
    import_paths(store, [path], "doccano", "carol")
    assert layers(store) == [
        ("carol", [("Fuad Hussein 🇮🇶", "ACTOR"), ("يحيى رسول", "ACTOR")], []),
        ("carol", [("Putin", "ACTOR"), ("talks failed", "QUOTE")], ["SPEAKER"])]


@pytest.mark.parametrize("completed_by, expected", [
    (3, "labelstudio-user-3"), ("dana", "dana"), ({"id": 1, "email": "eve@x.org"}, "eve@x.org")])
def test_labelstudio_completed_by_forms(tmp_path, store, completed_by, expected):
    s1, e1 = raw_offsets("Fuad Hussein 🇮🇶")
    s2, e2 = raw_offsets("«no»")
    tasks = [{"id": 1, "data": {"text": CRLF_TEXT}, "annotations": [{
        "id": 10, "completed_by": completed_by, "was_cancelled": False, "result": [
            {"id": "a1", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": s1, "end": e1, "text": "Fuad Hussein 🇮🇶", "labels": ["ACTOR"]}},
            {"id": "a1", "from_name": "kind", "to_name": "text", "type": "choices",
             "value": {"start": s1, "end": e1, "choices": ["person"]}},
            {"id": "a2", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": s2, "end": e2, "text": "«no»", "labels": ["QUOTE"]}},
            {"from_id": "a2", "to_id": "a1", "type": "relation", "direction": "right",
             "labels": ["SPEAKER"]}]}], "predictions": []}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    import_paths(store, [path], "auto", "carol")
    assert layers(store) == [(expected, [("Fuad Hussein 🇮🇶", "ACTOR"), ("«no»", "QUOTE")],
                              ["SPEAKER"])]
    spans = store.spans(store.document_by_id(next(iter(
        r.document.id for r in iter_layers(store, LayerFilter())))).pk)
    assert {s.label: s.attrs for s in spans}["ACTOR"] == {"kind": "person"}


@pytest.mark.parametrize("counts_crlf_as_two", [True, False])
def test_brat_folder_with_crlf_discontinuous_attributes_notes(tmp_path, store, capsys,
                                                              counts_crlf_as_two):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_bytes(CRLF_TEXT.encode("utf-8"))
    source = CRLF_TEXT if counts_crlf_as_two else TEXT
    s1 = source.index("Fuad Hussein 🇮🇶")
    s2 = source.index("«no»")
    s3 = source.index("يحيى")
    s4 = source.index("Iraq")
    ann = (f"T1\tACTOR {s1} {s1 + len('Fuad Hussein 🇮🇶')}\tFuad Hussein 🇮🇶\n"
           f"T2\tQUOTE {s2} {s2 + 4}\t«no»\n"
           f"T3\tACTOR {s4} {s4 + 4};{s3} {s3 + 4}\tIraq يحيى\n"
           "R1\tSPEAKER Arg1:T2 Arg2:T1\n"
           "A1\tkind T1 person\n"
           "#1\tAnnotatorNotes T2\tparaphrase?\n")
    (folder / "doc.ann").write_text(ann, "utf-8")
    assert main(["--db", str(tmp_path / "db.sqlite"), "--annotator", "carol",
                 "import", "--format", "brat", str(folder)]) == 0
    assert "discontinuous" in capsys.readouterr().err
    from annotator.store import Store
    with Store(tmp_path / "db.sqlite") as imported:
        got = layers(imported)
        assert got == [("carol", [("Fuad Hussein 🇮🇶", "ACTOR"), ("Iraq", "ACTOR"),
                                  ("«no»", "QUOTE"), ("يحيى", "ACTOR")], ["SPEAKER"])]
        spans = imported.spans(1)
        attrs = {imported.document(1).text[s.start:s.end]: s.attrs for s in spans}
        assert attrs["Fuad Hussein 🇮🇶"] == {"kind": "person"}
        assert attrs["«no»"] == {"note": "paraphrase?"}


def test_conll_and_hf_files(tmp_path, store):
    conll = tmp_path / "data.conll"
    conll.write_bytes("-DOCSTART- -X- -X- O\r\n\r\nFuad B-ACTOR\r\nHussein I-ACTOR\r\n"
                      "🇮🇶 I-ACTOR\r\nsaid O\r\n. O\r\n\r\nيحيى B-ACTOR\r\nرسول I-ACTOR\r\n"
                      "agreed O\r\n".encode())
    hf = tmp_path / "data.jsonl"
    hf.write_text(json.dumps({"id": "x", "tokens": ["يحيى", "رسول", "met", "Putin", "."],
                              "ner_tags": [1, 2, 0, 1, 0]}, ensure_ascii=False), "utf-8")
    (tmp_path / "data.labels.json").write_text(
        json.dumps({"label_names": ["O", "B-ACTOR", "I-ACTOR"]}), "utf-8")
    import_paths(store, [conll, hf], "auto", "carol")
    assert layers(store) == [
        ("carol", [("Fuad Hussein 🇮🇶", "ACTOR"), ("يحيى رسول", "ACTOR")], []),
        ("carol", [("Putin", "ACTOR"), ("يحيى رسول", "ACTOR")], [])]


@pytest.mark.parametrize("fmt, name, content, line, reason", [
    ("prodigy", "p.jsonl", ('{"text": "ok text", "spans": []}\n{"text": "x", "spans": '
     '[{"start": 0, "end": 9, "label": "A"}]}\n'), 2, "outside the text"),
    ("doccano", "d.jsonl", '{"text": "ok", "label": [[0, "x", "A"]]}\n', 1, "integers"),
    ("conll", "c.conll", "-DOCSTART- O\n\nPutin B-ACTOR\nsaid\n", 4, "TOKEN TAG"),
    ("conll", "c.conll", "Putin X-ACTOR\n", 1, "is not O or B-/I-LABEL"),
    ("hf", "h.jsonl", '{"tokens": ["a", "b"], "ner_tags": [0]}\n', 1, "one tag per token"),
    ("labelstudio", "l.json", '[{"data": {"text": "ok"},\n "annotations": [}]', 2,
     "malformed JSON"),
])
def test_bad_files_name_line_and_reason_and_change_nothing(tmp_path, store, fmt, name,
                                                           content, line, reason):
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(InputError) as info:
        import_paths(store, [path], fmt, "carol")
    assert info.value.line == line and reason in info.value.reason
    assert store.count_documents() == 0


def test_brat_bad_ann_line(tmp_path, store):
    (tmp_path / "a.txt").write_text("Putin said.", "utf-8")
    (tmp_path / "a.ann").write_text("T1\tACTOR 0 5\tPutin\nT2\tACTOR 0 x\tP\n", "utf-8")
    with pytest.raises(InputError) as info:
        import_paths(store, [tmp_path], "brat", "carol")
    assert info.value.line == 2 and store.count_documents() == 0


def test_brat_subfolders_of_another_tool_are_not_taken_for_analysts(tmp_path):
    from annotator.store import Store
    from annotator.transfer.pipeline import import_paths

    sub = tmp_path / "collection" / "2024"
    sub.mkdir(parents=True)
    (sub / "a.txt").write_text("Putin said talks failed.\n", encoding="utf-8")
    (sub / "a.ann").write_text("T1\tACTOR 0 5\tPutin\n", encoding="utf-8")
    with Store(tmp_path / "db.sqlite") as store:
        import_paths(store, [tmp_path / "collection"], "brat", "carol")
        assert store.annotators() == ["carol"]
