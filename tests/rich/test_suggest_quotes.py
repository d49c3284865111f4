"""Quote suggestions on real sentences: the sample articles and typical news phrasings."""

from __future__ import annotations

import pytest

from annotator.core.suggest_quotes import find_quote_marks, suggest_quotes


def _quotes(text):
    return {text[s.start:s.end]: (s.attrs["mode"], s.speaker.text if s.speaker else None)
            for s in suggest_quotes(text)}


def test_sample_article_direct_quotes_with_speakers(article):
    _pk, text = article
    found = _quotes(text)
    assert found["blatant assassination"] == ("direct", "Iraqi officials")
    assert found["not complete"] == ("direct", "Pentagon")


def test_sample_article_indirect_quote_of_the_spokesman(article):
    _pk, text = article
    found = _quotes(text)
    assert found["the situation could draw Iraq into a broader confrontation"] == (
        "indirect", "Yahya Rasool")
    assert found["Iraq was not forewarned about the strikes"] == (
        "indirect", "US State Department")


def test_every_suggestion_is_its_own_text_and_speaker_offsets_hold(article, crlf_doc):
    for _pk, text in (article, crlf_doc):
        for s in suggest_quotes(text):
            assert 0 <= s.start < s.end <= len(text)
            assert s.label == "QUOTE" and s.source == "quotes"
            if s.speaker:
                assert text[s.speaker.start:s.speaker.end] == s.speaker.text
                assert s.speaker.end <= s.start or s.speaker.start >= s.end


def test_crlf_sample_curly_guillemets_and_straight_single(crlf_doc):
    _pk, text = crlf_doc
    found = _quotes(text)
    assert found["We will not accept our land becoming a battlefield"] == (
        "direct", "Fuad Hussein")
    assert found["unacceptable"] == ("direct", "\u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644")
    assert found["Nobody warned us."] == ("direct", "Zo\u00eb Kova\u010d")


def test_apostrophes_are_not_quote_marks(crlf_doc):
    _pk, text = crlf_doc
    line = text.splitlines()[0]  # Iraq's foreign ministry ... chargé d'affaires
    assert "'" in line and find_quote_marks(line) == []
    assert find_quote_marks("Iraq\u2019s soldiers\u2019 families and the coalition's plan") == []


@pytest.mark.parametrize("sentence, quote, speaker", [
    ('"We will respond," Hussein said on Monday.', "We will respond", "Hussein"),
    ('Prime Minister Mohammed Shia al-Sudani said: "The coalition must leave."',
     "The coalition must leave.", "Mohammed Shia al-Sudani"),
    ('"The talks failed," according to Reuters.', "The talks failed", "Reuters"),
    ("\u2018It\u2019s over,\u2019 said Gen. Yahya Rasool.", "It\u2019s over", "Yahya Rasool"),
    ('"It was a mistake," said a ministry spokesman.', "It was a mistake", "ministry spokesman"),
    ("\u201eWe stay\u201c, Scholz said.", "We stay", "Scholz"),
    ("\u201cWe are ready,\u201d he said.", "We are ready", None),
])
def test_direct_quote_phrasings(sentence, quote, speaker):
    assert _quotes(sentence)[quote] == ("direct", speaker)


def test_indirect_quote_phrasings():
    found = _quotes("Putin said talks failed. The army warned reporters that more strikes "
                    "would follow.")
    assert found["talks failed"] == ("indirect", "Putin")
    assert found["more strikes would follow"] == ("indirect", "army")


def test_participle_borrows_the_speaker_of_its_sentence():
    found = _quotes('"It was a mistake," said a ministry spokesman, adding that an inquiry '
                    "had begun.")
    assert found["an inquiry had begun"] == ("indirect", "ministry spokesman")


def test_indirect_clause_overlapping_a_direct_quote_is_left_out():
    text = 'The Pentagon added that the response is "not complete," officials said.'
    modes = [s.attrs["mode"] for s in suggest_quotes(text)]
    assert modes == ["direct"]


def test_offsets_are_code_points_after_emoji():
    text = "\U0001F1EE\U0001F1F6 \U0001F600 \u201cWe stay,\u201d said Fuad Hussein."
    (s,) = suggest_quotes(text)
    assert text[s.start:s.end] == "We stay"
    assert s.speaker.text == "Fuad Hussein"
    assert text[s.speaker.start:s.speaker.end] == "Fuad Hussein"
