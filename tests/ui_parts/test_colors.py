"""Span highlight colours: readable (WCAG AA) on light and dark pages, without Qt."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.colors import (
    DARK_PAGE,
    LIGHT_PAGE,
    MIN_CONTRAST,
    contrast_ratio,
    highlight_colors,
    relative_luminance,
)
from annotator.core.schema import default_schema

hex_colors = st.tuples(*[st.integers(0, 255)] * 3).map(lambda c: "#" + bytes(c).hex())


def test_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert relative_luminance("#ffffff") == pytest.approx(1.0)


@given(hex_colors, st.booleans())
def test_every_label_colour_gives_readable_text(color, dark):
    background, text = highlight_colors(color, dark)
    assert contrast_ratio(background, text) >= MIN_CONTRAST


@pytest.mark.parametrize("dark", [False, True])
def test_default_labels_stay_distinct_and_tinted(dark):
    labels = default_schema().labels
    highlights = [highlight_colors(label.color, dark) for label in labels]
    backgrounds = {h.background for h in highlights}
    assert len(backgrounds) == len(labels)
    page = DARK_PAGE if dark else LIGHT_PAGE
    for h in highlights:
        assert h.background != page
        assert h.text == ("#ffffff" if dark else "#000000")


def test_bright_label_on_dark_page_gets_dark_text():
    assert highlight_colors("#ffff00", dark=True).text == "#000000"


@pytest.mark.parametrize("bad", ["red", "#12345", "#gggggg", "1f77b4", None])
def test_malformed_colour_is_refused(bad):
    with pytest.raises(ValueError, match="#rrggbb"):
        highlight_colors(bad, dark=False)
