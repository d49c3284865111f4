"""The commands of this issue as a user runs them: suggest, schema export/import, the
entities export."""

from __future__ import annotations

import json

import orjson
import pytest

from annotator.cli import main
from annotator.core.schema import default_schema
from annotator.store import Store
from annotator.store.entities import create_entity, link_span
from annotator.transfer.pipeline import import_paths


@pytest.fixture
def corpus(db_path, sample_article, crlf_sample):
    with Store(db_path) as store:
        import_paths(store, [sample_article, crlf_sample])
    return db_path


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_suggest_json_lines_shape(corpus, capsys):
    code, out, err = _run(capsys, "--db", str(corpus), "--annotator", "alice", "suggest", "--json")
    assert code == 0 and "nothing stored" in err
    rows = [json.loads(line) for line in out.splitlines()]
    with Store(corpus) as store:
        texts = {d.id: d.text for d in (store.document(pk) for pk in store.document_pks())}
        assert store.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
    assert {r["doc"] for r in rows} == set(texts)
    for r in rows:
        assert {"doc", "start", "end", "label", "source"} <= set(r)
        assert texts[r["doc"]][r["start"]:r["end"]] == r["text"]
        if r["label"] == "QUOTE":
            sp = r["speaker"]
            assert sp is None or texts[r["doc"]][sp["start"]:sp["end"]] == sp["text"]
    speakers = {r["text"]: r["speaker"]["text"] for r in rows if r.get("speaker")}
    assert speakers["blatant assassination"] == "Iraqi officials"
    assert speakers["unacceptable"] == "\u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644"


def test_suggest_with_patterns_and_registry_readable_listing(corpus, tmp_path, capsys):
    patterns = tmp_path / "actors.jsonl"
    patterns.write_text('{"label": "ACTOR", "pattern": [{"lower": "kataib"}, '
                        '{"lower": "hezbollah"}]}\n', encoding="utf-8")
    with Store(corpus) as store:
        create_entity(store, "Pentagon", "military")
    code, out, _err = _run(capsys, "--db", str(corpus), "suggest", "--patterns", str(patterns))
    assert code == 0
    assert "'Kataib Hezbollah' [patterns:actors.jsonl]" in out
    assert "'Pentagon' [registry] entity=" in out
    assert "speaker='Fuad Hussein'" in out


def test_suggest_leaves_out_what_the_analyst_labeled(corpus, capsys):
    with Store(corpus) as store:
        pk = store.document_pks()[0]
        text = store.document(pk).text
        at = text.index("blatant assassination")
        store.add_span(pk, "alice", at, at + len("blatant assassination"), "QUOTE")
    _code, out, _ = _run(capsys, "--db", str(corpus), "--annotator", "alice", "suggest", "--json")
    assert "blatant assassination" not in out
    _code, out, _ = _run(capsys, "--db", str(corpus), "--annotator", "bob", "suggest", "--json")
    assert "blatant assassination" in out


def test_bad_patterns_file_is_one_error_line(corpus, tmp_path, capsys):
    patterns = tmp_path / "bad.jsonl"
    patterns.write_text('{"label": "ACTOR", "pattern": [{"LEMMA": "say"}]}\n', encoding="utf-8")
    code, out, err = _run(capsys, "--db", str(corpus), "suggest", "--patterns", str(patterns))
    assert code == 1 and out == ""
    assert err.strip() == f"error: {patterns}:1: token 1 of the pattern: LEMMA needs a " \
                          "trained spaCy pipeline, which suggestions do not run"


def test_schema_export_import_round_trip(corpus, tmp_path, capsys):
    target = tmp_path / "schema.json"
    assert _run(capsys, "--db", str(corpus), "schema", "export", str(target))[0] == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data == default_schema().to_json()
    data["labels"].append({"name": "LOCATION", "key": "4", "color": "#17becf",
                           "attributes": []})
    data["labels"][2]["attributes"][0]["values"].append("paraphrase")
    target.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "other.sqlite"
    assert _run(capsys, "--db", str(other), "schema", "import", str(target))[0] == 0
    again = tmp_path / "again.json"
    _run(capsys, "--db", str(other), "schema", "export", str(again))
    assert json.loads(again.read_text(encoding="utf-8")) == data


def _refused(capsys, corpus, tmp_path, schema):
    path = tmp_path / "new.json"
    path.write_text(json.dumps(schema.to_json()), encoding="utf-8")
    code, _out, err = _run(capsys, "--db", str(corpus), "schema", "import", str(path))
    with Store(corpus) as store:
        assert store.schema().to_json() == default_schema().to_json()
    return code, err


def test_schema_import_that_drops_a_used_label_is_refused(corpus, tmp_path, capsys):
    with Store(corpus) as store:
        store.add_span(store.document_pks()[0], "alice", 0, 6, "EVENT")
    schema = default_schema()
    schema.labels = [lab for lab in schema.labels if lab.name != "EVENT"]
    schema.relations = [r for r in schema.relations if r.head != "EVENT"]
    code, err = _refused(capsys, corpus, tmp_path, schema)
    assert code == 1
    assert "would orphan existing annotations" in err and "label EVENT is dropped" in err


def test_schema_import_refuses_attribute_values_and_link_rules_in_use(corpus, tmp_path, capsys):
    with Store(corpus) as store:
        pk = store.document_pks()[0]
        quote = store.add_span(pk, "alice", 0, 6, "QUOTE", {"mode": "indirect"})
        actor = store.add_span(pk, "alice", 10, 14, "ACTOR", {"kind": "state"})
        store.add_relation(quote.id, actor.id, "SPEAKER")
    schema = default_schema()
    schema.label("QUOTE").attribute("mode").values = ["direct"]
    schema.label("ACTOR").attributes = []
    schema.relation("SPEAKER").child = "EVENT"
    code, err = _refused(capsys, corpus, tmp_path, schema)
    assert code == 1
    assert "QUOTE.mode no longer allows 'indirect', used by 1 span(s)" in err
    assert "attribute ACTOR.kind is dropped" in err
    assert "SPEAKER would no longer link QUOTE to ACTOR" in err


def test_schema_import_of_a_malformed_file_names_it(corpus, tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text('{"labels": [\n{"name": "A"},\n{"name": "A"}]}', encoding="utf-8")
    code, _out, err = _run(capsys, "--db", str(corpus), "schema", "import", str(path))
    assert code == 1 and err.strip() == (f"error: {path}: the schema cannot be used: "
                                         "label A is defined twice")
    path.write_text('{"labels": [\n', encoding="utf-8")
    code, _out, err = _run(capsys, "--db", str(corpus), "schema", "import", str(path))
    assert code == 1 and err.startswith(f"error: {path}:2: not JSON")


def test_entities_export_writes_the_registry_with_mention_counts(corpus, tmp_path, capsys):
    with Store(corpus) as store:
        pk = store.document_pks()[0]
        text = store.document(pk).text
        iraq = create_entity(store, "Iraq", "state", ["Republic of Iraq"])
        kh = create_entity(store, "Kataib Hezbollah", "armed_group", ["KH"])
        for who in ("alice", "bob"):
            at = text.index("Iraq")
            link_span(store, store.add_span(pk, who, at, at + 4, "ACTOR").id, iraq.id)
    out = tmp_path / "registry.jsonl"
    code, _o, err = _run(capsys, "--db", str(corpus), "export", "--format", "entities",
                         "-o", str(out))
    assert code == 0 and "wrote 2 registry actor(s)" in err
    rows = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert rows == [
        {"id": iraq.id, "name": "Iraq", "kind": "state", "aliases": ["Republic of Iraq"],
         "mentions": 2},
        {"id": kh.id, "name": "Kataib Hezbollah", "kind": "armed_group", "aliases": ["KH"],
         "mentions": 0},
    ]
    code, _o, _e = _run(capsys, "--db", str(corpus), "export", "--format", "entities",
                        "--from", "bob", "-o", str(out))
    assert [r["mentions"] for r in map(orjson.loads, out.read_bytes().splitlines())] == [1, 0]
    code, _o, err = _run(capsys, "--db", str(corpus), "import", "--format", "entities",
                         str(out))
    assert code == 2 and "unknown import format 'entities'" in err
