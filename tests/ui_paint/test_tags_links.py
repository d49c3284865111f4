"""Label tags above spans (View > Show labels) and links in the gaps between lines, checked
from the geometry the window computes and draws."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from annotator.settings import load_settings
from annotator.ui.article.span_geometry import text_rects


def _label(qtbot, view, piece: str, key, nth: int = 0) -> int:
    text = view.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    view.select_range(start, start + len(piece))
    qtbot.keyClick(view, key)
    return start


def _window(open_window, db, qtbot, qapp):
    window = open_window(db, show=True)
    store = window.store
    window.open_document(next(pk for pk in store.document_pks()
                              if "Pentagon" in store.document(pk).text))
    qapp.processEvents()
    view = window.view
    view.setFocus()
    # nested and neighbouring spans on one line: an EVENT around an ACTOR, a second ACTOR
    _label(qtbot, view, "the Pentagon", Qt.Key.Key_2)
    _label(qtbot, view, "Pentagon", Qt.Key.Key_1)
    _label(qtbot, view, "Kataib Hezbollah", Qt.Key.Key_1)
    view.set_selected_span(None)
    view.clear_selection()
    start = view.text.index("Kataib Hezbollah")
    view.verticalScrollBar().setValue(0)
    view.set_selected_span(next(s.id for s in view.index if s.start == start), reveal=True)
    view.set_selected_span(None)
    qapp.processEvents()
    view.viewport().grab()
    return window, view


def _text_boxes(view):
    lo, hi = view.visible_range()
    return text_rects(view, lo, hi)


def test_tags_name_each_span_above_its_first_line_and_never_overlap(
        two_docs_db, open_window, qtbot, qapp):
    view = _window(open_window, two_docs_db, qtbot, qapp)[1]
    tags = view.tags.last
    assert {t.text for t in tags} >= {"ACTOR", "EVENT"}
    assert len(tags) == len([s for s in view.visible_spans()])
    for tag in tags:
        span = view.index.get(tag.span_id)
        first = text_rects(view, span.start, span.end)[0]
        assert tag.rect.bottom() <= first.top() + 0.5  # above the text, not on it
        assert first.top() - tag.rect.bottom() < 4
    for i, a in enumerate(tags):
        for b in tags[i + 1:]:
            assert not a.rect.intersects(b.rect), (a.text, b.text)
    # and no tag covers any text
    for tag in tags:
        assert not any(tag.rect.intersects(box.adjusted(0, 0.5, 0, 0))
                       for box in _text_boxes(view)), tag.text


def test_show_labels_toggles_tags_and_their_room_and_is_remembered(
        two_docs_db, open_window, qtbot, qapp):
    window, view = _window(open_window, two_docs_db, qtbot, qapp)
    action = window.action_table["view.labels"]
    assert action.isCheckable() and action.isChecked()
    menu_texts = [a.text() for a in window.menuBar().actions()]
    assert any("View" in t for t in menu_texts)
    block = view.document().findBlock(view.mapper.to_qt(view.text.index("Kataib")))
    tall = view.blockBoundingRect(block).height()
    action.trigger()
    qapp.processEvents()
    view.viewport().grab()
    assert not action.isChecked()
    assert view.tags.last == []
    block = view.document().findBlock(view.mapper.to_qt(view.text.index("Kataib")))
    plain = view.blockBoundingRect(block).height()
    lines = block.layout().lineCount()
    # off: each line is exactly as tall as the font's own line spacing (no room kept)
    assert plain == lines * block.layout().lineAt(0).height()
    assert block.layout().lineAt(0).ascent() <= view.text_metrics()[0] + 1
    assert tall > plain + lines * view.tags.tag_height()
    assert load_settings()["show_labels"] is False
    action.trigger()
    qapp.processEvents()
    view.viewport().grab()
    assert view.tags.last and load_settings()["show_labels"] is True


def test_tag_shows_the_registry_name_of_a_linked_actor(two_docs_db, open_window, qtbot, qapp):
    from annotator.store.actor_sync import link_span

    window, view = _window(open_window, two_docs_db, qtbot, qapp)
    start = view.text.index("Kataib Hezbollah")
    span = next(s for s in view.index if s.start == start)
    from annotator.store.entities import create_entity

    entity_id = create_entity(window.store, "Kataib Hezbollah (KH)", "armed_group").id
    link_span(window.store, span.id, entity_id)
    qapp.processEvents()
    view.viewport().grab()
    texts = {t.text for t in view.tags.last if t.span_id == span.id}
    assert texts == {"ACTOR · Kataib Hezbollah (KH)"}


def test_links_run_between_lines_with_their_names_shown(two_docs_db, open_window, qtbot,
                                                        qapp):
    window, view = _window(open_window, two_docs_db, qtbot, qapp)
    spans = sorted(view.index, key=lambda s: s.start)
    event = next(s for s in spans if s.label == "EVENT")
    kataib = next(s for s in spans if view.text[s.start:s.end] == "Kataib Hezbollah")
    window.store.add_relation(event.id, kataib.id, "AGENT")
    qapp.processEvents()
    view.viewport().grab()
    links = window.rich.links
    (rel,) = links.links
    path = links.curve(rel.id)
    assert path is not None
    boxes = _text_boxes(view)
    for k in range(5, 96):  # the ends touch the spans' tags; in between it never meets text
        p = path.pointAtPercent(k / 100)
        assert not any(b.adjusted(0, 1, 0, -1).contains(p) for b in boxes), (k, p)
    # the name is drawn although neither span is selected, and it covers no text
    assert view.selected_id is None and links._pills
    for pill in links._pills:
        assert not any(pill.intersects(b.adjusted(0, 1, 0, -1)) for b in boxes)
    # nor any tag at small fonts (the names once had a larger floor than the tags)
    for size in (9, 10):
        view.set_font_size(size)
        qapp.processEvents()
        view.set_selected_span(kataib.id, reveal=True)
        view.set_selected_span(None)
        qapp.processEvents()
        view.viewport().grab()
        assert links._pills and view.tags.last
        for pill in links._pills:
            assert not any(pill.adjusted(0, -0.5, 0, 0.5).intersects(t.rect)
                           for t in view.tags.last), size
    view.set_font_size(12)
    qapp.processEvents()
    view.viewport().grab()
    # a click on the curve's middle is not a click on a span
    assert view.spans_at_point(path.pointAtPercent(0.5).toPoint()) == []
    assert links.link_at(QPointF(path.pointAtPercent(0.5))) == rel.id


def test_show_labels_off_is_remembered_by_the_next_window(two_docs_db, open_window, qapp):
    from annotator.settings import update_settings

    update_settings(show_labels=False)
    window = open_window(two_docs_db, show=True)
    assert not window.action_table["view.labels"].isChecked()
    assert not window.view.tags.enabled
    assert not window.review_mode.view.tags.enabled
    assert window.view.tags.room() == 0
