"""Relation keys, required attributes and refusals that name every conflict at once
(issue 19), through the store and `annotator schema import`."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.core.errors import DataError
from annotator.core.schema import AttributeDef, LabelDef, LabelSchema, RelationDef, default_schema
from annotator.core.schema_rules import missing_required, with_defaults
from annotator.store import Store
from annotator.store.schema_guard import apply_schema
from annotator.transfer.pipeline import import_paths


def _with_location(key="L"):
    schema = default_schema()
    schema.labels.append(LabelDef("LOCATION", "4", "#17becf"))
    schema.relations.append(RelationDef("LOCATED_IN", "EVENT", "LOCATION", key))
    return schema


def test_default_relation_types_have_keys_and_menus_can_ask_by_head_label():
    schema = default_schema()
    assert {r.name: r.key for r in schema.relations} == {"SPEAKER": "S", "AGENT": "A",
                                                         "TARGET": "T"}
    assert schema.relation_for_key("s").name == "SPEAKER"
    assert [r.name for r in schema.relations_from("EVENT")] == ["AGENT", "TARGET"]
    assert [r.name for r in schema.relations_from("QUOTE")] == ["SPEAKER"]
    assert schema.relations_from("ACTOR") == []
    schema.relations.append(RelationDef("MENTIONS"))  # no head: from any label
    assert [r.name for r in schema.relations_from("ACTOR")] == ["MENTIONS"]
    assert [r.name for r in _with_location().relations_from("EVENT")] == [
        "AGENT", "TARGET", "LOCATED_IN"]


def test_free_relation_key_prefers_a_letter_of_the_name():
    schema = default_schema()
    assert schema.free_relation_key("LOCATED_IN") == "L"
    assert schema.free_relation_key("SOURCE") == "O"  # S is SPEAKER's
    assert schema.free_relation_key("NEXT") == "E"  # N and X are the window's


@pytest.mark.parametrize("key, reason", [
    ("S", "relation types SPEAKER and LOCATED_IN share the key S"),
    ("1", "uses key 1, the key of label ACTOR"),
    ("X", "key X is kept for the window"),
    ("LI", "key 'LI' is not a single letter"),
])
def test_relation_keys_are_validated(key, reason):
    problems = _with_location(key).problems()
    assert any(reason in p for p in problems), problems
    with pytest.raises(DataError, match="the schema cannot be used"):
        _with_location(key).validate()


def test_relation_key_is_stored_and_comes_back_lower_case_normalized(db_path):
    schema = _with_location("l")
    schema = LabelSchema.from_json(schema.to_json())
    with Store(db_path) as store:
        apply_schema(store, schema)
    with Store(db_path) as store:
        assert store.schema().relation("LOCATED_IN").key == "L"
        assert store.schema().relation("SPEAKER").key == "S"


def test_a_schema_file_without_keys_keeps_s_a_t():
    data = default_schema().to_json()
    for rel in data["relations"]:
        del rel["key"]
    data["relations"].append({"name": "CAUSE", "head": "EVENT", "child": "EVENT"})
    schema = LabelSchema.from_json(data)
    assert [r.key for r in schema.relations] == ["S", "A", "T", None]


def test_required_and_default_round_trip_and_fill_new_spans(db_path):
    schema = default_schema()
    schema.label("QUOTE").attribute("mode").required = True
    schema.label("QUOTE").attribute("mode").default = "direct"
    schema.label("EVENT").attributes.append(AttributeDef("certainty", ["reported"], True))
    again = LabelSchema.from_json(json.loads(json.dumps(schema.to_json())))
    assert again == schema
    with Store(db_path) as store:
        apply_schema(store, schema)
    with Store(db_path) as store:
        mode = store.schema().label("QUOTE").attribute("mode")
        assert (mode.required, mode.default) == (True, "direct")
        assert with_defaults(store.schema(), "QUOTE", {}) == {"mode": "direct"}
        assert with_defaults(store.schema(), "QUOTE", {"mode": "indirect"}) == {
            "mode": "indirect"}
        assert with_defaults(store.schema(), "EVENT", {})["certainty"] == "reported"
        assert missing_required(store.schema(), "QUOTE", {"mode": ""}) == ["mode"]
        assert missing_required(store.schema(), "ACTOR", {}) == []


def test_default_must_be_one_of_the_values():
    schema = default_schema()
    schema.label("QUOTE").attribute("mode").default = "reported"
    assert "QUOTE.mode: the default 'reported' is not one of its values" in schema.problems()


@pytest.fixture
def used(db_path, sample_article):
    """The sample with two EVENT spans, an ACTOR and an AGENT link in alice's layer."""
    with Store(db_path) as store:
        import_paths(store, [sample_article])
        pk = store.document_pks()[0]
        text = store.document(pk).text
        at = text.index("airstrikes")
        e1 = store.add_span(pk, "alice", at, at + 10, "EVENT", {"type": "airstrike"})
        store.add_span(pk, "alice", text.index("strikes,"), text.index("strikes,") + 7,
                       "EVENT")
        us = text.index("US")
        actor = store.add_span(pk, "alice", us, us + 2, "ACTOR", {"kind": "state"})
        store.add_relation(e1.id, actor.id, "AGENT")
    return db_path


def test_dropping_a_label_in_use_names_every_conflict_at_once(used):
    schema = default_schema()
    schema.labels = [lab for lab in schema.labels if lab.name != "EVENT"]
    with Store(used) as store, pytest.raises(DataError) as err:
        apply_schema(store, schema)
    msg = str(err.value)
    assert "\n" not in msg
    assert "relation types AGENT, TARGET link label EVENT, which the schema does not " \
           "have" in msg
    assert "label EVENT is dropped but 2 span(s) use it" in msg
    with Store(used) as store:
        assert store.schema() == default_schema()


def test_schema_import_lists_rules_and_conflicts_in_one_error_line(used, tmp_path, capsys):
    schema = default_schema()
    schema.labels = [lab for lab in schema.labels if lab.name != "EVENT"]
    schema.relations = [r for r in schema.relations if r.name != "AGENT"]
    schema.label("ACTOR").attribute("kind").values.remove("state")
    schema.relations.append(RelationDef("CAUSE", None, None, "S"))
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema.to_json()), encoding="utf-8")
    assert main(["--db", str(used), "schema", "import", str(path)]) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: the schema cannot be used")
    for part in ["relation type TARGET links label EVENT",
                 "relation types SPEAKER and CAUSE share the key S",
                 "label EVENT is dropped but 2 span(s) use it",
                 "relation type AGENT is dropped but 1 link(s) use it",
                 "ACTOR.kind no longer allows 'state', used by 1 span(s)"]:
        assert part in err, part
    with Store(used) as store:
        assert store.schema() == default_schema()


def test_schema_import_with_a_new_relation_type_and_key(used, tmp_path, capsys):
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(_with_location().to_json()), encoding="utf-8")
    assert main(["--db", str(used), "schema", "import", str(path)]) == 0
    out = tmp_path / "back.json"
    assert main(["--db", str(used), "schema", "export", str(out)]) == 0
    rels = json.loads(out.read_text(encoding="utf-8"))["relations"]
    assert rels[-1] == {"name": "LOCATED_IN", "head": "EVENT", "child": "LOCATION", "key": "L"}
    capsys.readouterr()


def test_check_reports_required_attributes_left_unset_in_done_layers(used, capsys):
    schema = default_schema()
    schema.label("EVENT").attribute("type").required = True
    with Store(used) as store:
        apply_schema(store, schema)
    assert main(["--db", str(used), "check"]) == 0  # in progress: not yet a rule
    capsys.readouterr()
    with Store(used) as store:
        store.set_status(store.document_pks()[0], "alice", "done")
    assert main(["--db", str(used), "check"]) == 1
    err = capsys.readouterr().err
    assert "1 EVENT span(s) in layers marked done leave the required attribute type unset" \
        in err
