"""Prodigy's and spaCy's pattern files (issue 19): the token attributes and operators they
use, the pattern id kept on every suggestion, and `annotator suggest --patterns` over them."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.core.pattern_tokens import parse_token, shape
from annotator.core.suggest_patterns import PatternMatcher, load_patterns, parse_pattern
from annotator.store import Store
from annotator.transfer.pipeline import import_paths


def _found(text, *patterns):
    matcher = PatternMatcher([parse_pattern(p) for p in patterns])
    return [(text[s.start:s.end], s.label, s.pattern_id) for s in matcher.suggest(text)]


def test_lower_in_as_prodigy_and_spacy_write_it():
    text = "Strikes by the US and Iran; the U.S. denied it. Iranian media said so."
    assert _found(text, {"label": "ACTOR", "pattern": [{"lower": {"IN": ["us", "u.s.", "iran"]}}],
                         "id": "state"}) == [("US", "ACTOR", "state"), ("Iran", "ACTOR", "state"),
                                             ("U.S.", "ACTOR", "state")]
    # spaCy's upper-case keys and the same values in another case
    assert [f[0] for f in _found(text, {"label": "ACTOR",
                                        "pattern": [{"LOWER": {"IN": ["US", "IRAN"]}}]})] == [
        "US", "Iran"]


def test_not_in_and_orth_and_text():
    text = "Iraqi officials and Iraqi forces met Iraqi Kurds."
    got = _found(text, {"label": "ACTOR", "pattern": [{"orth": "Iraqi"},
                                                      {"lower": {"NOT_IN": ["forces"]}}]})
    assert [g[0] for g in got] == ["Iraqi officials", "Iraqi Kurds"]
    assert [g[0] for g in _found(text, {"label": "X", "pattern": [{"TEXT": "Kurds"}]})] == [
        "Kurds"]
    assert _found(text, {"label": "X", "pattern": [{"orth": "iraqi"}]}) == []  # orth is exact


@pytest.mark.parametrize("op, expected", [
    ("?", ["Prime Minister Sudani", "Minister Hussein"]),
    ("*", ["Prime Minister Sudani", "Minister Hussein"]),
    ("+", ["Prime Minister Sudani"]),
    ("{1}", ["Prime Minister Sudani"]),
    ("{0,1}", ["Prime Minister Sudani", "Minister Hussein"]),
])
def test_operators_on_an_optional_leading_token(op, expected):
    text = "Prime Minister Sudani met Minister Hussein."
    got = _found(text, {"label": "ACTOR", "pattern": [
        {"lower": "prime", "OP": op}, {"lower": "minister"}, {"is_title": True}]})
    assert [g[0] for g in got] == expected


def test_negation_and_repeats():
    text = "the armed group Kataib Hezbollah and the group Hamas"
    got = _found(text, {"label": "ACTOR", "pattern": [
        {"lower": "group"}, {"is_title": True, "OP": "+"}]})
    assert [g[0] for g in got] == ["group Kataib Hezbollah", "group Hamas"]
    got = _found(text, {"label": "ACTOR", "pattern": [
        {"lower": "the"}, {"lower": "armed", "OP": "!"}, {"lower": "group"}]})
    assert got == []  # "the armed group": armed is the forbidden word; "the group": none
    got = _found("the new group", {"label": "ACTOR", "pattern": [
        {"lower": "the"}, {"lower": "armed", "OP": "!"}, {"lower": "group"}]})
    assert [g[0] for g in got] == ["the new group"]


def test_shape_digits_numbers_length_punct_and_regex():
    text = "On 11 FEB 2024, 2,500 troops and three drones hit Jurf al-Sakhar (site B-52)!"
    assert [g[0] for g in _found(text, {"label": "DATE", "pattern": [
        {"is_digit": True, "length": 2}, {"is_upper": True}, {"shape": "dddd"}]})] == [
        "11 FEB 2024"]
    assert [g[0] for g in _found(text, {"label": "NUM", "pattern": [
        {"like_num": True}, {"lower": {"IN": ["troops", "drones"]}}]})] == [
        "2,500 troops", "three drones"]
    assert [g[0] for g in _found(text, {"label": "P", "pattern": [{"is_punct": True}]})] == [
        ",", "(", ")", "!"]
    assert [g[0] for g in _found(text, {"label": "W", "pattern": [
        {"TEXT": {"REGEX": "^[A-Z]-\\d+$"}}]})] == ["B-52"]
    assert [g[0] for g in _found(text, {"label": "W", "pattern": [
        {"LENGTH": {">=": 6}, "is_alpha": True}]})] == ["troops", "drones"]
    assert shape("Hezbollah") == "Xxxxx" and shape("2,500") == "d,ddd"


def test_longest_match_wins_and_phrases_still_work():
    text = "US Central Command said the US acted."
    got = _found(text, {"label": "ACTOR", "pattern": "US"},
                 {"label": "ORG", "pattern": "US Central Command", "id": "centcom"})
    assert got == [("US Central Command", "ORG", "centcom"), ("US", "ACTOR", None)]


def test_every_line_is_scanned_when_no_first_word_is_fixed():
    text = "First line.\nKataib Hezbollah struck\nthen 3 drones."
    got = _found(text, {"label": "ACTOR", "pattern": [{"is_title": True}, {"is_title": True}]})
    assert [g[0] for g in got] == ["Kataib Hezbollah"]


def test_parse_token_refuses_what_needs_a_pipeline():
    from annotator.core.pattern_tokens import PatternError
    for tok in ({"POS": "PROPN"}, {"lemma": "say"}, {"ENT_TYPE": "GPE"}):
        with pytest.raises(PatternError, match="needs a trained spaCy pipeline"):
            parse_token(tok)


def test_suggest_cli_runs_a_prodigy_pattern_file_and_keeps_ids(db_path, sample_article,
                                                               tmp_path, capsys):
    with Store(db_path) as store:
        import_paths(store, [sample_article])
    patterns = tmp_path / "prodigy_patterns.jsonl"
    patterns.write_text("\n".join(json.dumps(p) for p in [
        {"label": "ACTOR", "pattern": [{"lower": {"IN": ["pentagon", "hamas"]}}],
         "id": "named"},
        {"label": "ACTOR", "pattern": [{"lower": "kataib"}, {"lower": "hezbollah"}],
         "id": "kh"},
        {"label": "EVENT", "pattern": [{"LOWER": {"IN": ["airstrike", "airstrikes"]}}]},
        {"label": "ACTOR", "pattern": [{"TEXT": "US"}, {"is_title": True, "OP": "+"}]},
    ]) + "\n", encoding="utf-8")
    assert main(["--db", str(db_path), "suggest", "--patterns", str(patterns), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    mine = [r for r in rows if r["source"] == "patterns:prodigy_patterns.jsonl"]
    by_text = {r["text"]: r for r in mine}
    assert by_text["Pentagon"]["pattern_id"] == "named" and "entity" not in by_text["Pentagon"]
    assert by_text["Kataib Hezbollah"]["pattern_id"] == "kh"
    assert by_text["Hamas"]["label"] == "ACTOR"
    assert "US Central Command" in by_text and "US State Department" in by_text
    assert sum(r["label"] == "EVENT" for r in mine) >= 3
    assert load_patterns(patterns)[0].id == "named"
