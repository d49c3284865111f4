"""The offset rule: strict UTF-8, CRLF and CR turned into LF, offsets remapped onto the
normalized text so every span still covers the same characters (code points)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.core.text import (
    OffsetMap,
    decode_bytes,
    normalize_newlines,
    normalize_with_map,
    read_text_file,
)


def test_decode_strips_bom_and_keeps_everything_else():
    raw = "\ufeffA 😀 B يحيى رسول «x»".encode("utf-8")
    assert decode_bytes(raw) == "A 😀 B يحيى رسول «x»"


def test_invalid_utf8_names_file_and_line():
    raw = b"first line\nsecond \xff line\n"
    with pytest.raises(InputError) as info:
        decode_bytes(raw, "bad.txt")
    assert info.value.path == "bad.txt"
    assert info.value.line == 2
    assert "invalid UTF-8" in info.value.reason
    assert str(info.value).startswith("bad.txt:2: invalid UTF-8")


def test_binary_refused():
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.txt")


def test_newline_normalization_only_touches_newlines():
    assert normalize_newlines("a\r\nb\rc\n\u2029d\t") == "a\nb\nc\n\u2029d\t"
    assert normalize_newlines("no change 😀") == "no change 😀"


def test_read_text_file_normalizes_and_refuses_empty(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbfHeadline\r\n\r\nBody \xf0\x9f\x98\x80\r\n")
    assert read_text_file(p) == "Headline\n\nBody 😀\n"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \r\n\t\n")
    with pytest.raises(InputError, match="empty file"):
        read_text_file(empty)
    with pytest.raises(InputError, match="no such file"):
        read_text_file(tmp_path / "missing.txt")


def test_offset_map_on_the_crlf_sample(crlf_sample):
    original = crlf_sample.read_bytes().decode("utf-8")
    assert "\r\n" in original
    text, remap = normalize_with_map(original)
    assert "\r" not in text
    for needle in ("Fuad Hussein 🇮🇶", "يحيى رسول", "«unacceptable». 😠", "Zoë Kovač"):
        start = original.index(needle)
        end = start + len(needle)
        assert text[remap(start):remap(end)] == needle
    # A stretch spanning line breaks keeps exactly its characters, newlines normalized.
    start, end = original.find("Iraq"), original.find("warned us.") + len("warned us.")
    assert text[remap(start):remap(end)] == normalize_newlines(original[start:end])


def test_offset_map_identity_and_lone_cr():
    assert OffsetMap("plain\ntext").identity
    original = "a\rb\r\nc"
    text, remap = normalize_with_map(original)
    assert text == "a\nb\nc"
    assert [remap(i) for i in range(len(original) + 1)] == [0, 1, 2, 3, 3, 4, 5]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["a", "😀", "ع", "\r\n", "\r", "\n", " ", "«"]),
                min_size=1, max_size=40),
       st.data())
def test_remapped_spans_cover_the_same_characters(pieces, data):
    original = "".join(pieces)
    # Span boundaries anywhere except between the two halves of a CRLF.
    bounds = [b for b in range(len(original) + 1)
              if not (0 < b < len(original) and original[b - 1:b + 1] == "\r\n")]
    i = data.draw(st.integers(0, len(bounds) - 1))
    j = data.draw(st.integers(i, len(bounds) - 1))
    start, end = bounds[i], bounds[j]
    text, remap = normalize_with_map(original)
    assert text[remap(start):remap(end)] == normalize_newlines(original[start:end])
