"""Text over every span fill reads at WCAG AA (>= 4.5:1), for every label colour (the
default schema's and the palette new labels get, and review's state colours), in every
state, in both themes: computed from the colours the painter itself chooses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QTextFormat

from annotator.core.colors import MIN_CONTRAST, contrast_ratio
from annotator.core.schema import default_schema
from annotator.store.store import NEW_LABEL_PALETTE
from annotator.ui.article.colors import STATES, fill_colors, label_style, styles_for
from annotator.ui.article.span_geometry import text_rects
from annotator.ui.review.review_panel import STATE_COLORS, state_styles
from annotator.ui.shell.theme import apply_theme, dark_palette

DEFAULT_COLORS = [lab.color for lab in default_schema().labels]
ALL_COLORS = DEFAULT_COLORS + NEW_LABEL_PALETTE + list(STATE_COLORS.values()) + ["#888888"]


def _over(fg, bg) -> str:
    """`fg` (with alpha) composited over the opaque colour `bg`, as the painter does."""
    a = fg.alphaF()
    return "#" + "".join(f"{round(a * f + (1 - a) * b):02x}" for f, b in
                         zip(fg.getRgb()[:3], bg.getRgb()[:3], strict=True))


@pytest.fixture
def palettes(qapp):
    from PySide6.QtWidgets import QStyleFactory

    return {"light": QStyleFactory.create("Fusion").standardPalette(), "dark": dark_palette()}


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("color", ALL_COLORS)
def test_fill_colours_pass_aa(color, state, dark):
    background, text = fill_colors(color, dark, state)
    assert contrast_ratio(background, text) >= MIN_CONTRAST, (color, state, dark)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("color", ALL_COLORS)
def test_styles_the_painter_uses_pass_aa(palettes, theme, color):
    palette = palettes[theme]
    style = label_style(color, palette)
    page = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    assert contrast_ratio(style.background.name(), style.text.name()) >= MIN_CONTRAST
    assert contrast_ratio(style.strong.name(), style.on_strong.name()) >= MIN_CONTRAST
    # a suggestion: its translucent tint is painted over the page and its text alike
    assert contrast_ratio(_over(style.tint, page), _over(style.tint, text)) >= MIN_CONTRAST
    # review mode: the state colours go through the same function
    for review in state_styles(palette).values():
        assert contrast_ratio(review.background.name(), review.text.name()) >= MIN_CONTRAST
        assert contrast_ratio(review.strong.name(), review.on_strong.name()) >= MIN_CONTRAST


def test_painter_formats_carry_the_chosen_colours(two_docs_db, open_window, qtbot, qapp):
    """The span format in the article's layout is the style's fill and text colour."""
    window = open_window(two_docs_db, show=True)
    view = window.view
    text = view.text
    start = text.index("Iraq") if "Iraq" in text else 0
    view.select_range(start, start + 4)
    qtbot.keyClick(view, Qt.Key.Key_1)
    qapp.processEvents()
    view.grab()
    style = view.styles["ACTOR"]
    span = next(s for s in view.index if s.start == start)
    view.set_selected_span(None)
    fills = {color.name() for rect, color in view.fill_boxes()
             if any(rect.intersects(r) for r in text_rects(view, span.start, span.end))}
    assert style.background.name() in fills  # painted under the text
    block = view.document().findBlock(view.mapper.to_qt(start))
    inks = {r.format.foreground().color().name() for r in block.layout().formats()
            if r.format.hasProperty(QTextFormat.Property.ForegroundBrush)}
    assert style.text.name() in inks  # the text on it


def test_review_colours_follow_a_live_theme_switch(two_docs_db, open_window, qapp):
    window = open_window(two_docs_db, show=True)
    review = window.review_mode
    try:
        apply_theme(qapp, "light")
        qapp.processEvents()
        light = {k: v.background.name() for k, v in review.styles.items()}
        apply_theme(qapp, "dark")
        qapp.processEvents()
        dark = {k: v.background.name() for k, v in review.styles.items()}
        assert dark == {k: v.background.name() for k, v in state_styles(dark_palette()).items()}
        assert dark != light
        assert styles_for(window.store.schema(), window.palette())["ACTOR"].background == \
            window.view.styles["ACTOR"].background
    finally:
        apply_theme(qapp, "system")
