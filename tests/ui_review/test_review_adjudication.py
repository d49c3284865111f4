"""Adjudication in the window over three analysts' files built from the sample article
(tests/review/team3.py): every key and question of issue 17, the database read after."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from review_ui_helpers import answer
from team3 import ARTICLE, EVENT_C4, QUOTE, gold_of, items_by_text, pk, reviewer_db

from annotator.core.model import GOLD
from annotator.store import Store, review_log
from annotator.store import review as rv

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(scope="module")
def team3_template(tmp_path_factory):
    return reviewer_db(tmp_path_factory.mktemp("team3ui"))


@pytest.fixture
def db(team3_template, tmp_path):
    import shutil

    target = tmp_path / "rita.sqlite"
    shutil.copy(team3_template, target)
    return target


def open_review(open_window, qtbot, db, show=False):
    window = open_window(db, "rita", show=show)
    with Store(db) as s:
        window.open_document(pk(s))
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    mode = window.review_mode
    assert mode.active
    return window, mode


def select_text(mode, piece: str, label: str) -> None:
    item = next(i for i in mode.items
                if mode.doc.text[i.start:i.end] == piece and i.label == label)
    mode.select(item.id)


def status(db) -> tuple:
    with Store(db) as s:
        p = pk(s)
        return rv.review_status(s, p)[0], s.status(p, GOLD), s.status(p, "rita")


def test_ctrl_return_after_a_click_in_the_document_list_marks_reviewed(db, open_window,
                                                                       qtbot):
    window, mode = open_review(open_window, qtbot, db)
    # the Edit menu no longer offers marking rita's layer done; the Review menu has the key
    done = next(a for a in window.menu("&Edit").actions() if "Mark done" in a.text())
    reviewed = next(a for a in window.menu("&Review").actions()
                    if a.text().startswith("Mark the document reviewed and open"))
    assert not done.isEnabled() and not done.shortcuts()
    assert reviewed.shortcut().toString() == "Ctrl+Return"
    qtbot.keyClick(mode.view, Qt.Key.Key_A, CTRL | SHIFT)  # accept all agreed
    view = window.documents.view
    first = view.model().index(0, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(first).center())
    seen: list[str] = []
    answer("&No", seen)
    qtbot.keyClick(view, Qt.Key.Key_Return, CTRL)
    assert seen and "7 item(s) and 2 link(s) are still undecided" in seen[0]
    assert status(db) == ("in_review", "in_progress", "done")  # nothing changed
    answer("&Yes", seen)
    qtbot.keyClick(view, Qt.Key.Key_Return, CTRL)
    # reviewed, gold done; rita's own layer untouched (done, as team3 left it, and empty)
    assert status(db) == ("reviewed", "done", "done")
    with Store(db) as s:
        assert s.spans(pk(s), "rita") == []
        assert [p for p in rv.analysts(s, pk(s))] == ["alice", "bob", "carol"]
        assert review_log.entries(s, pk(s))[-1]["undecided_items"] == 7


def test_accept_all_agreed_says_items_and_links_and_takes_no_minority_link(db, open_window,
                                                                          qtbot):
    window, mode = open_review(open_window, qtbot, db)
    qtbot.keyClick(mode.view, Qt.Key.Key_A, CTRL | SHIFT)
    assert window.statusBar().currentMessage() == "Accepted 2 item(s) and 0 link(s)."
    with Store(db) as s:
        assert gold_of(s)[1] == set()
    assert mode.panel.links_left.text() == "Links undecided: 2"


def test_a_and_r_move_on_and_n_wraps_with_a_message(db, open_window, qtbot):
    window, mode = open_review(open_window, qtbot, db)
    qtbot.keyClick(mode.view, Qt.Key.Key_N)
    first = mode.selected_item()
    qtbot.keyClick(mode.view, Qt.Key.Key_A)
    after = mode.selected_item()
    assert after is not None and after.id != first.id and after.undecided
    qtbot.keyClick(mode.view, Qt.Key.Key_R)
    assert mode.selected_item().id != after.id
    with Store(db) as s:
        items = {i.id: i for i in items_by_text(s).values()}
        assert items[first.id].decision == "accepted" and items[after.id].decision == "rejected"
    for _ in range(len(mode.items)):
        qtbot.keyClick(mode.view, Qt.Key.Key_N)
        if "Wrapped" in window.statusBar().currentMessage():
            break
    assert window.statusBar().currentMessage().startswith("Wrapped round to the first")


def test_versions_side_by_side_and_a_number_key_accepts_one(db, open_window, qtbot):
    _window, mode = open_review(open_window, qtbot, db)
    select_text(mode, "Yahya Rasool", "ACTOR")
    lines = mode.panel.versions.lines()
    assert lines[0].startswith("1  alice: ACTOR “Yahya Rasool”") and "kind=military" in lines[0]
    assert "SPEAKER ← QUOTE" in lines[0] and lines[2].startswith("3  carol:")
    assert mode.view.styles[next(s.label for s in mode.view.index
                                 if s.id == mode.selected_item().id)] == \
        mode.styles["attr_conflict"]
    assert mode.panel.counts["attr_conflict"].text() == "1"
    qtbot.keyClick(mode.view, Qt.Key.Key_1)  # alice's version, military
    with Store(db) as s:
        assert ("Yahya Rasool", "ACTOR", (("kind", "military"),)) in gold_of(s)[0]
    select_text(mode, "Kataib Hezbollah", "ACTOR")
    assert mode.panel.versions.lines()[2] == "3  carol: marked nothing here"
    select_text(mode, "Pentagon", "ACTOR")
    assert "other label" in mode.panel.versions.lines()[2]
    qtbot.keyClick(mode.view, Qt.Key.Key_3)  # carol's EVENT wins, the ACTOR goes
    with Store(db) as s:
        items = items_by_text(s)
        assert items[("Pentagon", "EVENT")].decision == "accepted"
        assert items[("Pentagon", "ACTOR")].decision == "rejected"
    qtbot.keyClick(mode.view, Qt.Key.Key_Z, CTRL)
    with Store(db) as s:
        assert items_by_text(s)[("Pentagon", "EVENT")].decision is None


def test_a_link_whose_end_was_rejected_asks_first(db, open_window, qtbot):
    _window, mode = open_review(open_window, qtbot, db)
    qtbot.keyClick(mode.view, Qt.Key.Key_A, CTRL | SHIFT)
    select_text(mode, "Yahya Rasool", "ACTOR")
    qtbot.keyClick(mode.view, Qt.Key.Key_R)
    link = next(k for k in mode.link_items if k.analysts == ["alice", "bob"])
    mode.select_link(link.id)
    seen: list[str] = []
    answer("&No", seen)
    qtbot.keyClick(mode.view, Qt.Key.Key_A)
    assert "You rejected ACTOR “Yahya Rasool”" in seen[0]
    with Store(db) as s:
        assert gold_of(s)[1] == set()
    mode.select_link(link.id)
    answer("&Yes", seen)
    qtbot.keyClick(mode.view, Qt.Key.Key_A)
    with Store(db) as s:
        assert gold_of(s)[1] == {(QUOTE, "SPEAKER", "Yahya Rasool")}
        assert ("Yahya Rasool", "ACTOR", (("kind", "person"),)) in gold_of(s)[0]


def test_tab_and_a_second_click_reach_overlapping_items(db, open_window, qtbot):
    _window, mode = open_review(open_window, qtbot, db, show=True)
    select_text(mode, "Kataib Hezbollah", "ACTOR")
    qtbot.keyClick(mode.view, Qt.Key.Key_Tab)
    item = mode.selected_item()
    assert (mode.doc.text[item.start:item.end], item.label) in {
        (EVENT_C4, "EVENT"), ("Pentagon", "ACTOR")}
    # a click inside "Kataib" lies on both the ACTOR and carol's EVENT: clicks cycle
    kataib = next(i for i in mode.items if mode.doc.text[i.start:i.end] == "Kataib Hezbollah")
    cursor = mode.view.textCursor()
    cursor.setPosition(mode.view.mapper.to_qt(kataib.start + 2))
    point = mode.view.cursorRect(cursor).center()
    qtbot.mouseClick(mode.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    got = [mode.selected_item().id]
    qtbot.mouseClick(mode.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    got.append(mode.selected_item().id)
    texts = {mode.doc.text[mode.by_id[i].start:mode.by_id[i].end] for i in got}
    assert texts == {"Kataib Hezbollah", EVENT_C4}


def test_the_selected_item_is_scrolled_fully_into_view(db, open_window, qtbot):
    window, mode = open_review(open_window, qtbot, db, show=True)
    window.resize(900, 360)
    qtbot.wait(50)
    select_text(mode, "a drone attack", "EVENT")
    item = mode.selected_item()
    view = mode.view
    for pos in (item.start, item.end):
        cursor = view.textCursor()
        cursor.setPosition(view.mapper.to_qt(pos))
        assert view.viewport().rect().contains(view.cursorRect(cursor))


def test_review_colours_follow_a_live_theme_switch(db, open_window, qtbot):
    from annotator.ui.shell.theme import apply_theme

    _window, mode = open_review(open_window, qtbot, db)
    select_text(mode, "Yahya Rasool", "ACTOR")
    before = mode.styles["agree"].background
    app = QApplication.instance()
    try:
        apply_theme(app, "dark")
        qtbot.waitUntil(lambda: mode.styles["agree"].background != before)
        label = next(s.label for s in mode.view.index)
        assert mode.view.styles[label].background.lightness() < 128  # a dark fill
        item = mode.selected_item()  # the same item stays selected
        assert mode.doc.text[item.start:item.end] == "Yahya Rasool"
    finally:
        apply_theme(app, "light")


def test_document_list_shows_review_status_and_counts_in_review_mode(db, open_window, qtbot):
    window, mode = open_review(open_window, qtbot, db)
    model = window.documents.view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Review status" in headers and "Undecided" in headers
    status_col, count_col = headers.index("Review status"), headers.index("Undecided")
    assert model.index(0, status_col).data() == "unreviewed"
    assert model.index(0, count_col).data() == "11 of 11"
    qtbot.keyClick(mode.view, Qt.Key.Key_A, CTRL | SHIFT)
    qtbot.waitUntil(lambda: model.index(0, count_col).data() == "9 of 11")
    assert model.index(0, status_col).data() == "in review"
    qtbot.keyClick(mode.view, Qt.Key.Key_F6)  # back to annotating: rita's own status again
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Status" in headers and model.index(0, headers.index("Status")).data() == "done"


def test_agreement_dialog_confusion_lowest_and_the_pairs_disagreements_first(db, open_window,
                                                                            qtbot):
    from annotator.ui.review.agreement_view import open_agreement

    window, mode = open_review(open_window, qtbot, db)
    dialog = open_agreement(window.ctx, mode)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    matrix = dialog.confusion
    assert matrix.rowCount() == 3 and matrix.item(0, 0).text() == "10"
    assert dialog.lowest.item(0, 0).text() == ARTICLE
    assert "alice/carol 0.500" in dialog.lowest.item(0, 3).text()
    dialog.lowest.itemDoubleClicked.emit(dialog.lowest.item(0, 0))
    item = mode.selected_item()
    analysts = set(item.analysts)
    assert ("alice" in analysts) != ("carol" in analysts) or item.attr_conflict
    with Store(db) as s:
        out = json.dumps(rv.agreement(s).to_json())
    assert '"lowest"' in out


def test_accept_majority_conflicts_only_and_a_note(db, open_window, qtbot):
    window, mode = open_review(open_window, qtbot, db)
    assert mode.panel.threshold() == 2  # a strict majority of three analysts
    qtbot.keyClick(mode.view, Qt.Key.Key_M, CTRL | SHIFT)
    assert window.statusBar().currentMessage() == "Accepted 6 item(s) and 1 link(s)."
    with Store(db) as s:
        spans, links = gold_of(s)
        assert ("Yahya Rasool", "ACTOR", (("kind", "person"),)) in spans  # the majority's
        assert links == {(QUOTE, "SPEAKER", "Yahya Rasool")}  # carol's minority link: out
    mode.panel.conflicts_box.setChecked(True)
    qtbot.keyClick(mode.view, Qt.Key.Key_N)
    first = mode.selected_item()
    assert first.state != "agree" and first.undecided
    mode.panel.note.setText("carol's reading, not in the text")
    qtbot.keyClick(mode.view, Qt.Key.Key_R)
    assert mode.panel.note.text() == ""
    with Store(db) as s:
        assert review_log.notes(s, pk(s)) == {first.id: "carol's reading, not in the text"}


def test_document_list_headers_are_not_clipped_in_either_mode(db, open_window, qtbot):
    window, mode = open_review(open_window, qtbot, db)
    view = window.documents.view
    model, head = view.model(), view.horizontalHeader()

    def clipped():
        return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(1, model.columnCount())
                if not view.isColumnHidden(c) and view.columnWidth(c) < head.sectionSizeHint(c)]

    shown = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
             if not view.isColumnHidden(c)]
    assert shown.count("Review status") + shown.count("Review") == 1  # said once, not twice
    assert clipped() == []
    qtbot.keyClick(mode.view, Qt.Key.Key_F6)
    assert clipped() == []
