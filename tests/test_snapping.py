"""Word snapping for selections, in code points, without Qt."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.snapping import snap_to_words

TEXT = ("The strike near Jurf al-Sakhar was «unacceptable», said Kataib Hezbollah's "
        "spokesman \u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644 🇮🇶 Zoë Kovač 😀.")


def sub(start: int, end: int) -> str:
    s, e = snap_to_words(TEXT, start, end)
    return TEXT[s:e]


def test_partial_words_grow_to_whole_words():
    i = TEXT.index("ataib")
    assert sub(i, i + len("ataib Hezbol")) == "Kataib Hezbollah's"


def test_hyphen_and_apostrophe_join_words():
    i = TEXT.index("Sakhar")
    assert sub(i + 1, i + 3) == "al-Sakhar"


def test_spaces_are_trimmed_and_punctuation_kept():
    i = TEXT.index(" «unacceptable»")
    assert sub(i, i + len(" «unacceptable»")) == "«unacceptable»"
    j = TEXT.index("said")
    assert sub(j - 1, j + 4) == "said"


def test_arabic_words():
    i = TEXT.index("\u062d\u064a\u0649")
    assert sub(i, i + 1) == "\u064a\u062d\u064a\u0649"


def test_flag_never_split():
    i = TEXT.index("🇮🇶")
    s, e = snap_to_words(TEXT, i + 1, i + 2)
    assert TEXT[s:e] == "🇮🇶"


def test_only_spaces_gives_empty():
    i = TEXT.index("  ") if "  " in TEXT else TEXT.index(" ")
    s, e = snap_to_words(TEXT, i, i + 1)
    assert s == e


@given(st.integers(0, len(TEXT)), st.integers(0, len(TEXT)))
def test_snapping_covers_the_non_space_part_of_the_selection(a, b):
    a, b = min(a, b), max(a, b)
    s, e = snap_to_words(TEXT, a, b)
    core = TEXT[a:b].strip()
    if core:
        assert s <= a + (len(TEXT[a:b]) - len(TEXT[a:b].lstrip()))
        assert e >= b - (len(TEXT[a:b]) - len(TEXT[a:b].rstrip()))
        assert snap_to_words(TEXT, s, e) == (s, e)  # idempotent
    else:
        assert s == e
