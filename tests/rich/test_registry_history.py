"""Merges keep history and actors are found the way analysts type them (issue 19):
`export --format entities` writes merged-away actors as redirects, an import naming an
old id lands on the survivor, and search matches anywhere, case- and "the"-blind."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.store import Store
from annotator.store.entities import (
    create_entity,
    find_actor,
    link_span,
    merge_entities,
    search_entities,
    undo_merge,
)
from annotator.store.entity_redirects import redirects
from annotator.transfer.pipeline import import_paths


@pytest.fixture
def merged(db_path, sample_article):
    """The Pentagon twice in the registry, one merged into the other, a chain to it, and a
    JSONL export made before the merges."""
    with Store(db_path) as store:
        import_paths(store, [sample_article])
        pk = store.document_pks()[0]
        text = store.document(pk).text
        keep = create_entity(store, "Pentagon", "military", entity_id="pentagon")
        old = create_entity(store, "the Pentagon", "military", ["DoD"], entity_id="the-pentagon")
        older = create_entity(store, "US Department of Defense", entity_id="us-dod")
        at = text.index("Pentagon")
        span = store.add_span(pk, "alice", at, at + 8, "ACTOR")
        link_span(store, span.id, old.id)
    before = db_path.parent / "before.jsonl"
    assert main(["--db", str(db_path), "export", "--format", "jsonl", "-o", str(before)]) == 0
    with Store(db_path) as store:
        merge_entities(store, old.id, older.id)  # us-dod -> the-pentagon
        merge_entities(store, keep.id, old.id)  # the-pentagon -> pentagon
    return db_path, before


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_entities_export_writes_merged_actors_as_redirects(merged, tmp_path, capsys):
    db_path, _before = merged
    out = tmp_path / "registry.jsonl"
    assert main(["--db", str(db_path), "export", "--format", "entities", "-o", str(out)]) == 0
    rows = {r["id"]: r for r in _lines(out)}
    assert rows["pentagon"] == {"id": "pentagon", "name": "Pentagon", "kind": "military",
                                "aliases": ["the Pentagon", "DoD", "US Department of Defense"],
                                "mentions": 1}
    assert rows["the-pentagon"]["merged_into"] == "pentagon"
    assert rows["the-pentagon"]["mentions"] == 0
    assert rows["us-dod"]["merged_into"] == "pentagon"  # the chain followed to the survivor
    assert "2 merged-away actor(s) as redirects" in capsys.readouterr().err
    with Store(db_path) as store:
        assert [(e.id, s) for e, s in redirects(store)] == [("the-pentagon", "pentagon"),
                                                            ("us-dod", "pentagon")]


def test_importing_an_export_that_names_the_old_id_resolves_to_the_survivor(merged, tmp_path,
                                                                            capsys):
    db_path, before = merged
    rows = _lines(before)
    assert any(s["entity"] == "the-pentagon" for r in rows for s in r["spans"])
    for r in rows:
        r["annotator"] = "carol" if r["annotator"] else None
    again = tmp_path / "carol.jsonl"
    again.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["--db", str(db_path), "import", str(again)]) == 0
    assert "1 span(s) named a merged actor" in capsys.readouterr().err
    with Store(db_path) as store:
        pk = store.document_pks()[0]
        assert [s.entity for s in store.spans(pk, "carol")] == ["pentagon"]


def test_undoing_a_merge_removes_the_redirect(merged):
    db_path, _ = merged
    with Store(db_path) as store:
        result = merge_entities(store, "pentagon", create_entity(store, "DoD2").id)
        assert len(redirects(store)) == 3
        undo_merge(store, result)
        assert len(redirects(store)) == 2


def test_search_matches_anywhere_ignoring_case_and_a_leading_the(store):
    pentagon = create_entity(store, "Pentagon", "military")
    the_sd = create_entity(store, "The US State Department", "government_body", ["Foggy Bottom"])
    fuad = create_entity(store, "Fuad Hussein", "person", ["Foreign Minister Fuad Hussein"])
    create_entity(store, "Pentagonal Group")
    names = lambda q: [e.name for e in search_entities(store, q)]
    assert names("the Pentagon")[0] == "Pentagon"
    assert names("THE PENTAGON") == ["Pentagon", "Pentagonal Group"]
    assert names("state depart") == ["The US State Department"]
    assert names("us state") == ["The US State Department"]  # "the" of the name ignored
    assert names("bottom") == ["The US State Department"]  # inside an alias
    assert names("hussein") == ["Fuad Hussein"]
    assert names("agon") == ["Pentagon", "Pentagonal Group"]  # anywhere in a word
    assert names("  ") == [] and names("Baghdad") == []
    assert find_actor(store, "the pentagon").id == pentagon.id
    assert find_actor(store, "US State Department").id == the_sd.id
    assert find_actor(store, "foreign minister fuad hussein").id == fuad.id
    assert find_actor(store, "Penta") is None


def test_search_ranks_exact_then_prefix_then_word_then_mentions(store, article):
    pk, text = article
    iraq = create_entity(store, "Iraq", "state")
    create_entity(store, "Iraqi officials", "government_body")
    create_entity(store, "Kataib Hezbollah Iraq")
    create_entity(store, "Republic of Iraq", "state")
    create_entity(store, "Iraq Ministry of Defense", "government_body")
    first = text.index("Iraq")
    for start in (first, text.index("Iraq", first + 1)):
        store.add_span(pk, "alice", start, start + 4, "ACTOR", entity=iraq.id)
    names = [e.name for e in search_entities(store, "iraq")]
    assert names[0] == "Iraq"
    assert names[1:3] == ["Iraq Ministry of Defense", "Iraqi officials"]
    assert set(names[3:]) == {"Kataib Hezbollah Iraq", "Republic of Iraq"}
