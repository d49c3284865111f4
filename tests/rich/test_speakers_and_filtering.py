"""Speakers as an analyst labels them (several for a coordinated subject, names without
titles) and `annotator suggest` leaving out what is already labelled, accepted or
rejected unless `--all` (issue 19)."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.core.model import Span
from annotator.core.suggest import Suggester
from annotator.core.suggest_quotes import suggest_quotes
from annotator.store import Store
from annotator.store.rejections import reject
from annotator.store.suggestions import accept
from annotator.transfer.pipeline import import_paths


def _speakers(sentence):
    return {sentence[s.start:s.end]: [(h.text, h.title) for h in s.speakers]
            for s in suggest_quotes(sentence)}


def test_sample_article_quote_with_both_the_us_and_iran(article):
    _pk, text = article
    (quote,) = [s for s in suggest_quotes(text) if text[s.start:s.end] == "they do not seek war"]
    assert [h.text for h in quote.speakers] == ["US", "Iran"]
    assert all(text[h.start:h.end] == h.text for h in quote.speakers)
    js = quote.to_json("d", text)
    assert js["speaker"]["text"] == "US" and [s["text"] for s in js["speakers"]] == ["US", "Iran"]


@pytest.mark.parametrize("sentence, quote, speakers", [
    ("Britain, France and Germany said that the deal must hold.", "the deal must hold",
     [("Britain", None), ("France", None), ("Germany", None)]),
    ("Hamas and Israel warned that the truce could collapse.", "the truce could collapse",
     [("Hamas", None), ("Israel", None)]),
    ('"We will stay," said Kataib Hezbollah and Harakat al-Nujaba.', "We will stay",
     [("Kataib Hezbollah", None), ("Harakat al-Nujaba", None)]),
    # A comma alone is an aside, not a list.
    ("In Baghdad, officials said that the talks had failed.", "the talks had failed",
     [("officials", None)]),
    ("After talks with Iran, Iraqi officials said that nothing changed.", "nothing changed",
     [("Iraqi officials", None)]),
])
def test_coordinated_subjects(sentence, quote, speakers):
    assert _speakers(sentence)[quote] == speakers


@pytest.mark.parametrize("sentence, quote, speaker", [
    ('"No," said Foreign Minister Fuad Hussein.', "No", ("Fuad Hussein", "Foreign Minister")),
    ('Prime Minister Mohammed Shia al-Sudani said: "Leave."', "Leave.",
     ("Mohammed Shia al-Sudani", "Prime Minister")),
    ('"Over," said Gen. Yahya Rasool.', "Over", ("Yahya Rasool", "Gen.")),
    ('"Never," said Secretary of State Antony Blinken.', "Never",
     ("Antony Blinken", "Secretary of State")),
    ('"Yes," said President Biden and Prime Minister Sunak.', "Yes", None),
    # No name after the title: the title is the speaker.
    ('"Later," said the Prime Minister.', "Later", ("Prime Minister", None)),
    ('"Later," said US Central Command.', "Later", ("US Central Command", None)),
])
def test_titles_are_left_out_of_speaker_names(sentence, quote, speaker):
    got = _speakers(sentence)[quote]
    if speaker is None:
        assert got == [("Biden", "President"), ("Sunak", "Prime Minister")]
    else:
        assert got == [speaker]


def test_crlf_sample_speaker_without_title_keeps_offsets(crlf_doc):
    _pk, text = crlf_doc
    (quote,) = [s for s in suggest_quotes(text) if "battlefield" in text[s.start:s.end]]
    sp = quote.speaker
    assert (text[sp.start:sp.end], sp.title) == ("Fuad Hussein", "Foreign Minister")


def test_registry_names_speakers_with_the_and_other_case():
    from annotator.core.model import Entity
    text = 'The Pentagon added that the response is "not complete".'
    pentagon = Entity("pentagon", "military", [], "p")
    quotes = [s for s in Suggester([pentagon]).suggest(text) if s.label == "QUOTE"]
    assert quotes and all(s.speaker.entity == "p" for s in quotes)


def test_already_labelled_words_are_not_suggested_again():
    text = "The Pentagon added that Kataib Hezbollah struck."
    from annotator.core.model import Entity
    suggester = Suggester([Entity("Pentagon", None, [], "p"), Entity("Kataib Hezbollah",
                                                                     None, [], "kh")])
    keys = lambda existing, rejected=(): {
        text[s.start:s.end] for s in suggester.suggest(text, existing, rejected)
        if s.label == "ACTOR"}
    assert keys([]) == {"Pentagon", "Kataib Hezbollah"}
    assert keys([Span(0, 12, "ACTOR")]) == {"Kataib Hezbollah"}  # inside "The Pentagon"
    assert keys([Span(0, 12, "EVENT")]) == {"Pentagon", "Kataib Hezbollah"}
    assert keys([], [(4, 12, "ACTOR")]) == {"Kataib Hezbollah"}


@pytest.fixture
def worked(db_path, sample_article):
    """alice labelled "The Pentagon", accepted one quote and rejected another."""
    with Store(db_path) as store:
        import_paths(store, [sample_article])
        pk = store.document_pks()[0]
        text = store.document(pk).text
        at = text.index("The Pentagon")
        store.add_span(pk, "alice", at, at + 12, "ACTOR")
        quotes = [s for s in Suggester().suggest(text) if s.label == "QUOTE"]
        accept(store, pk, "alice", next(q for q in quotes
                                        if text[q.start:q.end] == "blatant assassination"))
        reject(store, pk, "alice", [next(q for q in quotes
                                         if text[q.start:q.end] == "not complete").key])
    return db_path


def _suggested(capsys, db_path, *extra):
    assert main(["--db", str(db_path), "--annotator", "alice", "suggest", "--json",
                 *extra]) == 0
    out, err = capsys.readouterr()
    return [(r["label"], r["text"]) for r in map(json.loads, out.splitlines())], err


def test_suggest_leaves_out_labelled_accepted_and_rejected(worked, tmp_path, capsys):
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "ACTOR", "pattern": "Pentagon"}\n', encoding="utf-8")
    shown, err = _suggested(capsys, worked, "--patterns", str(patterns))
    assert ("QUOTE", "blatant assassination") not in shown  # accepted
    assert ("QUOTE", "not complete") not in shown  # rejected
    # "the Pentagon accuses" is offered; "Pentagon" inside alice's "The Pentagon" is not.
    assert shown.count(("ACTOR", "Pentagon")) == 1
    assert ("QUOTE", "they do not seek war") in shown
    assert "left out" in err
    everything, _err = _suggested(capsys, worked, "--patterns", str(patterns), "--all")
    assert {("QUOTE", "blatant assassination"), ("QUOTE", "not complete")} <= set(everything)
    assert everything.count(("ACTOR", "Pentagon")) == 2
    # Another analyst's layer has labelled nothing: everything is offered to them.
    assert main(["--db", str(worked), "--annotator", "bob", "suggest", "--json"]) == 0
    bob = {json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()}
    assert {"blatant assassination", "not complete"} <= bob
