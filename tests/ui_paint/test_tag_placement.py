"""Where a tag goes when a line has no room above it, and at the viewport's right edge.

Room for tags comes from the spaces of each line (span_tags.spacer_format); a line with no
space inside it (a one-word heading or last line, a long link) has none, so its tags sit
beside its text. A tag never runs past the viewport's right edge."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import Document
from annotator.store import Store
from annotator.store.entities import create_entity
from annotator.ui.article.span_geometry import line_boxes, text_rects

BODY = ("The coalition said on Sunday that talks with officials from Baghdad and Erbil had "
        "collapsed after protests over salaries, and that its forces would stay near the "
        "border for the time being while the ministry reviewed the agreement. ") * 3
TEXT = f"Iraq Considers Ending the Mission\n\nAirstrikes\n\n{BODY}\n\nhttps://example.org/a/very/long/link"


def _open(open_window, db_path, qapp):
    with Store(db_path) as store:
        store.add_document(Document("placement", TEXT, "Placement"))
    window = open_window(db_path, show=True)
    window.resize(900, 600)
    qapp.processEvents()
    view = window.view
    view.setFocus()
    return window, view


def _label(qtbot, qapp, view, start: int, end: int, key=Qt.Key.Key_2) -> None:
    view.select_range(start, end)
    qtbot.keyClick(view, key)
    view.clear_selection()
    view.verticalScrollBar().setValue(0)
    qapp.processEvents()
    view.viewport().grab()


def _tag(view, start: int):
    span = next(s for s in view.index if s.start == start)
    return next(t for t in view.tags.last if t.span_id == span.id)


def _covers_text(view, rect) -> bool:
    lo, hi = view.visible_range()
    return any(rect.intersects(box.adjusted(0, 0.5, 0, 0)) for box in text_rects(view, lo, hi))


def test_a_one_word_line_gets_its_tag_beside_the_word_not_over_the_line_above(
        open_window, db_path, qtbot, qapp):
    window, view = _open(open_window, db_path, qapp)
    start = TEXT.index("Airstrikes")
    _label(qtbot, qapp, view, start, start + len("Airstrikes"))
    tag = _tag(view, start)
    word = text_rects(view, start, start + len("Airstrikes"))[0]
    assert tag.rect.left() >= word.right()  # beside it, on its line
    assert word.top() <= tag.rect.center().y() <= word.bottom()
    assert not _covers_text(view, tag.rect)
    stored = window.store.spans(window.editor.doc.pk, "alice")
    assert [(s.start, s.end, s.label) for s in stored] == [(start, start + 10, "EVENT")]


def test_a_span_at_the_right_edge_keeps_its_tag_inside_the_viewport(
        open_window, db_path, qtbot, qapp):
    window, view = _open(open_window, db_path, qapp)
    body = TEXT.index(BODY)
    words, pos = [], body
    for word in BODY.split()[:40]:
        pos = TEXT.index(word, pos)
        words.append((pos, pos + len(word)))
        pos += len(word)
    # the word that ends furthest right on its line, as an ACTOR with a long registry name
    start, end = max(words, key=lambda w: line_boxes(view, w[0], w[1])[0][0].right())
    actor = create_entity(window.store, "Popular Mobilization Forces Commission", "other")
    window.store.add_span(window.editor.doc.pk, "alice", start, end, "ACTOR", entity=actor.id)
    _label(qtbot, qapp, view, start, end, Qt.Key.Key_3)  # and a QUOTE on the same words
    width = view.viewport().width()
    tags = [t for t in view.tags.last if view.index.get(t.span_id).start == start]
    assert sorted(t.text for t in tags) == ["ACTOR · Popular Mobilization Fo…", "QUOTE"]
    for tag in tags:
        assert 0 <= tag.rect.left() and tag.rect.right() <= width, tag.text
        assert not _covers_text(view, tag.rect)
    assert not tags[0].rect.intersects(tags[1].rect)
