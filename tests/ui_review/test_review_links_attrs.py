"""Links and attributes in review mode: the links are drawn and decided one by one, and the
reviewer picks which analyst's attribute values the gold span gets (all undoable)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from review_ui_helpers import REVIEWER, TEXTS, answer, at, gold, pk_of

from annotator.core.model import GOLD
from annotator.store import Store
from annotator.store import review_queries as rq

CTRL = Qt.KeyboardModifier.ControlModifier


def open_review(open_window, qtbot, db, doc_id="doc-putin"):
    window = open_window(db, REVIEWER)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    with Store(db) as s:
        window.open_document(pk_of(s, doc_id))
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    return window, window.review_mode


def item(doc_id: str, piece: str, label: str) -> str:
    return rq.item_id(*at(doc_id, piece), label)


def test_links_are_drawn_and_decided_by_key_with_undo(team_db, open_window, qtbot):
    _window, mode = open_review(open_window, qtbot, team_db)
    quote, putin = item("doc-putin", "talks failed", "QUOTE"), item("doc-putin", "Putin", "ACTOR")
    drawn = [(r.head, r.child, r.label) for r in mode.links.links]
    assert drawn == [(quote, putin, "SPEAKER · alice")]
    (link,) = mode.link_items
    assert link.shown_state == rq.PARTIAL  # bob drew no link
    qtbot.waitUntil(lambda: mode.links.curve(link.id) is not None)  # painted on screen

    # a link is accepted only between gold spans: A on it first asks; no changes nothing
    mode.select_link(link.id)
    seen: list[str] = []
    answer("&No", seen)
    qtbot.keyClick(mode.view, Qt.Key.Key_A)
    assert "a link joins gold spans only" in seen[0]
    assert gold(team_db, "doc-putin") == (set(), set())
    for end in (quote, putin):
        mode.select(end)
        qtbot.keyClick(mode.view, Qt.Key.Key_A)
    ends = ({("talks failed", "QUOTE"), ("Putin", "ACTOR")}, set())
    assert gold(team_db, "doc-putin") == ends

    # a click on the curve selects the link; A accepts it into gold
    mode.select(None)
    point = mode.links.curve(link.id).pointAtPercent(0.5).toPoint()
    qtbot.mouseClick(mode.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert mode.links.selected == link.id
    assert mode.selected_item().id == quote
    assert "<b>▶ link SPEAKER → ACTOR “Putin” (alice)</b>" in mode.panel.details.text()
    qtbot.keyClick(mode.view, Qt.Key.Key_A)
    accepted = ({("talks failed", "QUOTE"), ("Putin", "ACTOR")},
                {("talks failed", "SPEAKER", "Putin")})
    assert gold(team_db, "doc-putin") == accepted
    assert mode.link_items[0].shown_state == rq.ACCEPTED
    assert [r.label for r in mode.links.links] == ["SPEAKER · alice"]  # still drawn, now blue

    qtbot.keyClick(mode.view, Qt.Key.Key_Z, CTRL)
    assert gold(team_db, "doc-putin") == ends
    qtbot.keyClick(mode.view, Qt.Key.Key_Y, CTRL)
    assert gold(team_db, "doc-putin") == accepted

    # chosen in the details pane, R rejects the link: gold keeps the spans, not the link
    mode.select(putin)
    mode.panel.details.linkActivated.emit(link.id)
    assert mode.links.selected == link.id
    qtbot.keyClick(mode.view, Qt.Key.Key_R)
    assert gold(team_db, "doc-putin") == (accepted[0], set())
    assert mode.link_items[0].shown_state == rq.REJECTED
    with Store(team_db) as s:
        assert s.conn.execute("SELECT decision, reviewer FROM review_decisions WHERE "
                              "kind = 'relation'").fetchall() == [("rejected", "rita")]
    qtbot.keyClick(mode.view, Qt.Key.Key_Z, CTRL)
    assert gold(team_db, "doc-putin") == accepted
    mode.select(putin)  # R moved on; back to the link, then Esc leaves it for its span
    mode.panel.details.linkActivated.emit(link.id)
    qtbot.keyClick(mode.view, Qt.Key.Key_Escape)  # off the link: A and R decide spans again
    assert mode.links.selected is None and mode.selected_item().id == putin


def test_reviewer_picks_bobs_attribute_value_with_undo(team_db, open_window, qtbot):
    with Store(team_db) as s:
        pk = pk_of(s, "doc-putin")
        for span in s.spans(pk):
            if TEXTS["doc-putin"][span.start:span.end] == "Putin":
                kind = {"alice": "person", "bob": "state"}[span.annotator]
                s.update_span(span.id, attrs={"kind": kind})
    _window, mode = open_review(open_window, qtbot, team_db)
    mode.select(item("doc-putin", "Putin", "ACTOR"))
    combo = mode.panel.attr_combos["kind"]
    assert mode.panel.attrs_box.isVisible() and not combo.isEnabled()  # not in gold yet
    qtbot.keyClick(mode.view, Qt.Key.Key_A)

    def gold_kind():
        with Store(team_db) as s:
            (span,) = s.spans(pk_of(s, "doc-putin"), GOLD)
            return span.attrs.get("kind")

    # a tie, one each: the schema's order of values decides (person before state)
    assert gold_kind() == "person"
    assert mode.selected_item().id != item("doc-putin", "Putin", "ACTOR")  # A moved on
    mode.select(item("doc-putin", "Putin", "ACTOR"))
    combo = mode.panel.attr_combos["kind"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["person — alice",
                                                                 "state — bob"]
    assert combo.isEnabled() and combo.currentText() == "person — alice"
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the reviewer picks bob's value
    assert gold_kind() == "state"
    assert mode.panel.attr_combos["kind"].currentText() == "state — bob"
    assert "<b>gold</b>: kind=state" in mode.panel.details.text()
    qtbot.keyClick(mode.view, Qt.Key.Key_Z, CTRL)
    assert gold_kind() == "person"
    qtbot.waitUntil(lambda: mode.panel.attr_combos["kind"].currentText() == "person — alice")
