"""UTF-16 <-> code point conversion, checked against a real QTextDocument."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.ui.article.offsets import OffsetMapper, from_qt, to_qt, utf16_length

PIECES = [
    "a", "Z", " ", "\n", ",", "é", "e\u0301", "\u0627\u0644\u0639\u0631\u0627\u0642",  # Arabic
    "\u064a\u064e", "😀", "🇮🇶", "🇫🇷", "👩\u200d👩\u200d👧", "👍🏽", "❤\ufe0f", "𝔸",
    "«", "»", "\u2028", "\t", "ß", "中",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _qt_text(doc: QTextDocument, start: int, end: int) -> str:
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n")


@settings(max_examples=150, deadline=None)
@given(texts, st.data())
def test_positions_match_a_qtextdocument(qapp, text, data):
    doc = QTextDocument()
    doc.setPlainText(text)
    assert doc.characterCount() - 1 == utf16_length(text)
    n = len(text)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    assert _qt_text(doc, to_qt(text, a), to_qt(text, b)) == text[a:b]
    for i in range(n + 1):
        assert from_qt(text, to_qt(text, i)) == i


@settings(max_examples=150, deadline=None)
@given(texts, st.data())
def test_any_qt_range_rounds_outward_to_whole_characters(qapp, text, data):
    doc = QTextDocument()
    doc.setPlainText(text)
    mapper = OffsetMapper(text)
    u16 = mapper.qt_length
    p = data.draw(st.integers(0, u16))
    q = data.draw(st.integers(p, u16))
    start, end = mapper.range_from_qt(p, q)
    assert 0 <= start <= end <= len(text)
    # the code-point range covers at least what Qt selected, and never cuts a character
    qs, qe = mapper.range_to_qt(start, end)
    assert qs <= p and qe >= q
    assert qe - qs - (q - p) <= 2
    assert _qt_text(doc, qs, qe) == text[start:end]


def test_selection_ending_inside_an_emoji_takes_the_whole_emoji():
    text = "A 😀 B"
    # Qt position 3 is between the two halves of the emoji
    assert from_qt(text, 3) == 2
    assert from_qt(text, 3, round_up=True) == 3
    assert OffsetMapper(text).range_from_qt(0, 3) == (0, 3)
    assert text[slice(*OffsetMapper(text).range_from_qt(0, 3))] == "A 😀"


def test_design_example():
    text = "A 😀 B Kataib Hezbollah"
    assert text[6:22] == "Kataib Hezbollah"
    assert (to_qt(text, 6), to_qt(text, 22)) == (7, 23)
