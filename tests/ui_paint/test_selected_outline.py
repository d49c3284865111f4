"""A selected span wears a frame a plain text selection never has."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from annotator.ui.article.span_geometry import text_rects


def test_selected_span_is_framed_and_a_text_selection_is_not(two_docs_db, open_window,
                                                              qtbot, qapp):
    window = open_window(two_docs_db, show=True)
    view = window.view
    start = view.text.index("Iraq")
    view.select_range(start, start + 4)
    assert view.selected_outline() == []  # a plain text selection: no frame
    qtbot.keyClick(view, Qt.Key.Key_1)
    span = next(s for s in view.index if s.start == start)
    view.set_selected_span(span.id)
    qapp.processEvents()
    image = view.viewport().grab().toImage()
    frame = view.selected_outline()
    assert frame
    for outer, inner in zip(frame, text_rects(view, start, start + 4), strict=True):
        assert outer.contains(inner)
    # the frame is drawn in the text colour, left of the span's first character
    text = view.palette().color(QPalette.ColorRole.Text)
    x, y = int(frame[0].left()), int(frame[0].center().y())
    ratio = image.devicePixelRatio()
    drawn = [image.pixelColor(int((x + dx) * ratio), int(y * ratio)) for dx in (-1, 0, 1)]
    assert any(abs(c.lightness() - text.lightness()) < 90 for c in drawn)
    view.set_selected_span(None)
    assert view.selected_outline() == []


def test_article_font_falls_back_to_a_colour_emoji_font(two_docs_db, open_window):
    from annotator.ui.shell.app_feature import apply_article_font

    window = open_window(two_docs_db)
    assert "Noto Color Emoji" in window.view.font().families()
    apply_article_font(window, "DejaVu Sans")  # a family chosen in Preferences keeps it
    families = window.view.font().families()
    assert families[0] == "DejaVu Sans" and "Noto Color Emoji" in families
