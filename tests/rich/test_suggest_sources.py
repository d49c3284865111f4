"""Registry and pattern-file suggestions on real sentences, and the combined Suggester."""

from __future__ import annotations

import pytest

from annotator.core.errors import InputError
from annotator.core.model import Entity, Span
from annotator.core.suggest import Suggester, load_patterns
from annotator.core.suggest_registry import RegistryMatcher

KH = Entity("Kataib Hezbollah", "armed_group", ["KH", "Kataib"], "kh")
US = Entity("United States", "state", ["US", "U.S."], "us")
IRAQ = Entity("Iraq", "state", [], "iraq")


def _texts(text, suggestions):
    return [(text[s.start:s.end], s.entity) for s in suggestions]


def test_registry_finds_aliases_longest_first_on_word_boundaries(article):
    _pk, text = article
    found = _texts(text, RegistryMatcher([KH, US, IRAQ]).suggest(text))
    assert ("Kataib Hezbollah", "kh") in found
    assert ("Kataib", "kh") not in found  # the longer name wins, no overlap
    assert ("US", "us") in found and ("Iraq", "iraq") in found
    # "USA" is no "US", "Iraqi" no "Iraq": whole words only.
    assert _texts("USA Iraqi", RegistryMatcher([US, IRAQ]).suggest("USA Iraqi")) == []


def test_registry_is_case_sensitive_and_counts_code_points():
    text = "\U0001F600 kataib KH and \u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644 met."
    rasool = Entity("Yahya Rasool", "person", ["\u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644"], "yr")
    found = _texts(text, RegistryMatcher([KH, rasool]).suggest(text))
    assert found == [("KH", "kh"), ("\u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644", "yr")]


def test_shared_alias_names_no_actor_but_a_canonical_name_wins():
    a = Entity("Hussein", "person", [], "a")
    b = Entity("Fuad Hussein", "person", ["Hussein"], "b")
    c = Entity("Saddam Hussein", "person", ["Hussein"], "c")
    assert RegistryMatcher([b, c]).entity_for("Hussein") is None
    assert RegistryMatcher([a, b, c]).entity_for("Hussein") == "a"


def _write(tmp_path, lines):
    p = tmp_path / "patterns.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_pattern_file_phrase_and_token_patterns(article, tmp_path):
    _pk, text = article
    p = _write(tmp_path, [
        '{"label": "ACTOR", "pattern": "Kataib Hezbollah"}',
        '{"label": "ACTOR", "pattern": [{"lower": "pentagon"}], "id": "pentagon"}',
        '{"label": "ACTOR", "pattern": [{"LOWER": "us"}, {"TEXT": "Central"}, {"lower": "command"}]}',
        '',
        '{"label": "EVENT", "pattern": [{"lower": "drone"}, {"lower": "attack"}]}',
        '{"label": "ACTOR", "pattern": [{"text": "pentagon"}]}',
    ])
    found = Suggester.from_files(pattern_files=[p]).suggest(text)
    by_label = {(text[s.start:s.end], s.label) for s in found if s.source.startswith("patterns")}
    assert {("Kataib Hezbollah", "ACTOR"), ("Pentagon", "ACTOR"),
            ("US Central Command", "ACTOR"), ("drone attack", "EVENT")} <= by_label
    assert all(s.source == "patterns:patterns.jsonl" for s in found if s.label == "EVENT")
    # "text" is exact: the lowercase {"text": "pentagon"} matches nothing in the article,
    # and a pattern id that is no registry actor is not passed on as one.
    assert all(s.entity is None for s in found if s.source.startswith("patterns"))


def test_pattern_id_of_a_registry_actor_is_kept(tmp_path):
    p = _write(tmp_path, ['{"label": "ACTOR", "pattern": "Kataib Hezbollah", "id": "kh"}'])
    text = "Strikes hit Kataib Hezbollah."
    s = Suggester.from_files([], [p])
    s_with = Suggester.from_files([KH], [p])
    assert [x.entity for x in s.suggest(text)] == [None]
    assert {x.entity for x in s_with.suggest(text)} == {"kh"}


def test_pattern_matches_arabic_and_hyphenated_words_over_the_shared_tokenizer(crlf_doc, tmp_path):
    _pk, text = crlf_doc
    p = _write(tmp_path, ['{"label": "ACTOR", "pattern": "\u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644"}',
                          '{"label": "EVENT", "pattern": [{"lower": "jurf"}, {"lower": "al-sakhar"}]}'])
    found = {text[s.start:s.end] for s in Suggester.from_files([], [p]).suggest(text)
             if s.source.startswith("patterns")}
    assert found == {"\u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644", "Jurf al-Sakhar"}


@pytest.mark.parametrize("line, reason", [
    ('{"label": "ACTOR", "pattern": [{"pos": "PROPN"}]}', "pos needs a trained spaCy pipeline"),
    ('{"label": "ACTOR", "pattern": [{"lower": "a", "OP": "++"}]}', "unknown OP '++'"),
    ('{"label": "ACTOR", "pattern": [{"colour": "red"}]}', "attribute 'colour' is not supported"),
    ('{"label": "ACTOR", "pattern": [{"lower": {"LIKE": ["a"]}}]}', "operator 'LIKE'"),
    ('{"label": "ACTOR", "pattern": [{"is_digit": "yes"}]}', "IS_DIGIT takes true or false"),
    ('{"label": "ACTOR", "pattern": [{"lower": "a", "OP": "?"}]}', "can match no token"),
    ('{"pattern": "Kataib"}', "without a 'label'"),
    ('{"label": "ACTOR", "pattern": 3}', "must be a string or a list"),
    ('{"label": "ACTOR", ', "not JSON"),
])
def test_bad_pattern_lines_are_refused_with_their_line(tmp_path, line, reason):
    p = _write(tmp_path, ['{"label": "ACTOR", "pattern": "ok"}', line])
    with pytest.raises(InputError) as err:
        load_patterns(p)
    assert err.value.line == 2 and reason in str(err.value)


def test_existing_spans_and_duplicates_between_sources_are_left_out(tmp_path):
    text = "Kataib Hezbollah struck."
    p = _write(tmp_path, ['{"label": "ACTOR", "pattern": "Kataib Hezbollah"}'])
    suggester = Suggester.from_files([KH], [p])
    (only,) = suggester.suggest(text)
    assert only.source == "registry" and only.entity == "kh"
    assert suggester.suggest(text, [Span(0, 16, "ACTOR")]) == []
    assert len(suggester.suggest(text, [Span(0, 16, "EVENT")])) == 1


def test_speaker_named_in_the_registry_carries_its_entity():
    fuad = Entity("Fuad Hussein", "person", ["Foreign Minister Fuad Hussein"], "fh")
    text = "\u201cNo,\u201d said Foreign Minister Fuad Hussein."
    (quote,) = [s for s in Suggester([fuad]).suggest(text) if s.label == "QUOTE"]
    assert quote.speaker.entity == "fh"
    at = text.index("Fuad")
    assert quote.to_json("d1")["speaker"] == {"start": at, "end": at + 12,
                                              "text": "Fuad Hussein", "entity": "fh",
                                              "title": "Foreign Minister"}
