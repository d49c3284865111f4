"""The one tokenizer: it covers the text exactly, keeps emoji, Arabic and hyphenated words
whole, never puts a newline in a word, and snaps spans outward."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Span
from annotator.core.overlaps import longest_non_overlapping
from annotator.core.tokenize import (
    sentence_starts,
    snap_to_tokens,
    snap_to_words,
    tokenize,
    words,
)


def pieces(text):
    return [text[t.start:t.end] for t in words(tokenize(text))]


def rebuild(text):
    return "".join(text[t.start:t.end] + (" " if t.ws else "") for t in tokenize(text))


def test_words_punctuation_apostrophes_hyphens():
    assert pieces("Iraq's chargé d'affaires met al-Sakhar's envoy, (1,000.5) today.") == [
        "Iraq's", "chargé", "d'affaires", "met", "al-Sakhar's", "envoy", ",", "(",
        "1,000.5", ")", "today", "."]


def test_emoji_sequences_stay_whole():
    text = "A 👨‍👩‍👧‍👦 and 👍🏽 and 🇮🇶 and 1️⃣ and ❤️ and 🏴󠁧󠁢󠁳󠁣󠁴󠁿 end"
    assert pieces(text) == ["A", "👨‍👩‍👧‍👦", "and", "👍🏽", "and", "🇮🇶", "and", "1️⃣",
                            "and", "❤️", "and", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "end"]


def test_arabic_words_whole_with_marks_and_combining_accents():
    assert pieces("قال مُحَمَّد، «لا».") == ["قال", "مُحَمَّد", "،", "«", "لا", "»", "."]
    assert pieces("Cafe\u0301 ok") == ["Cafe\u0301", "ok"]


def test_no_word_token_holds_a_newline_and_whitespace_tokens_rebuild_the_text():
    text = "One.\n\nTwo  words\tand\u00a0more \n"
    for tok in tokenize(text):
        piece = text[tok.start:tok.end]
        assert tok.space == piece.isspace()
        if not tok.space:
            assert "\n" not in piece
    assert rebuild(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ,.'-\n\t😀🇮🇶يح\u0301\u200d️")), max_size=40))
def test_tokens_always_cover_the_text_exactly(text):
    assert rebuild(text) == text


def test_snap_outward_and_report():
    toks = tokenize("Putin said talks failed.")
    assert snap_to_tokens(toks, 11, 23) == (11, 23, 2, 3, False)
    assert snap_to_tokens(toks, 12, 20) == (11, 23, 2, 3, True)
    assert snap_to_tokens(toks, 10, 11) is None  # only a space
    assert snap_to_tokens(toks, 10, 16) == (11, 16, 2, 2, False)  # edge whitespace left out


def test_snap_to_words_for_the_ui():
    text = "first line\nA 😀 B Kataib Hezbollah said"
    s = text.index("taib")
    assert snap_to_words(text, s, s + 8) == (text.index("Kataib"), text.index(" said"))
    assert snap_to_words(text, 10, 11) == (10, 10)


def test_sentences_split_on_end_punctuation_and_blank_lines():
    text = "Putin spoke. Talks failed! Why? «No». The U.S. Army left\n\nNext para"
    toks = words(tokenize(text))
    firsts = [text[toks[i].start:toks[i].end] for i in sentence_starts(text, toks)]
    assert firsts == ["Putin", "Talks", "Why", "«", "The", "Next"]


def test_longest_non_overlapping_counts_left_out_per_label():
    spans = [Span(0, 10, "EVENT"), Span(2, 4, "ACTOR"), Span(8, 12, "QUOTE"),
             Span(12, 14, "ACTOR")]
    kept, dropped = longest_non_overlapping(spans)
    assert [(s.start, s.end) for s in kept] == [(0, 10), (12, 14)]
    assert dropped == {"ACTOR": 1, "QUOTE": 1}
