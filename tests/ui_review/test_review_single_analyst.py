"""Review mode with one analyst, and with none (issue 13): N / P walk review items only
(undecided spans, then links; never a suggestion), the header and the legend agree and say
what there is to do, the accept actions are off with no analyst, and the item N selects is
fully on screen at 900x600. The database is built from the shipped sample article
(tests/review/team3.py): alice's file merged into rita's, or no analyst file at all."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from team3 import ARTICLE, QUOTE, SPANS, TEXTS, gold_of, make_analyst, make_base, pk

from annotator.store import Store
from annotator.store import review as rv
from annotator.store import review_queries as rq
from annotator.transfer.merge_source import merge_file

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
ALICE_SPANS = {(piece, label) for piece, label, _attrs in SPANS["alice"]}


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """rita's database with alice's file merged in, and the lead's file with no analyst."""
    folder = tmp_path_factory.mktemp("single")
    base = make_base(folder / "base.sqlite")
    alice = make_analyst(base, "alice", folder)
    one = folder / "one.sqlite"
    shutil.copy(base, one)
    with Store(one) as store:
        merge_file(store, alice)
    return {"one": one, "none": base}


def copy_of(templates, which: str, tmp_path):
    target = tmp_path / f"{which}.sqlite"
    shutil.copy(templates[which], target)
    return target


def open_review(open_window, qtbot, db, size=(900, 600)):
    """rita's window at `size`, on the article, its suggestions computed, in review mode."""
    window = open_window(db, "rita", show=True)
    window.resize(*size)
    with Store(db) as s:
        window.open_document(pk(s))
    sugg = window.rich.suggestions
    qtbot.waitUntil(lambda: bool(sugg.shown), timeout=5000)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    mode = window.review_mode
    assert mode.active
    qtbot.wait(50)
    return window, mode


def fully_visible(mode) -> bool:
    item, view = mode.selected_item(), mode.view
    for pos in (item.start, item.end):
        cursor = view.textCursor()
        cursor.setPosition(view.mapper.to_qt(pos))
        if not view.viewport().rect().contains(view.cursorRect(cursor)):
            return False
    return True


def test_n_and_p_walk_review_items_only_never_suggestions(templates, tmp_path, open_window,
                                                          qtbot):
    db = copy_of(templates, "one", tmp_path)
    window, mode = open_review(open_window, qtbot, db)
    annotate_cursor = window.view.textCursor().position()
    undecided = [i.id for i in mode.items if i.undecided]
    links = [link.id for link in mode.link_items if link.undecided]
    assert len(undecided) == len(SPANS["alice"]) and len(links) == 1
    seen = []
    for _ in range(len(undecided) + len(links)):
        qtbot.keyClick(mode.view, Qt.Key.Key_N)
        item = mode.selected_item()
        assert item is not None and item.undecided  # a review item, not a suggestion
        assert fully_visible(mode)  # never half off screen, at 900x600
        seen.append((item.id, mode.links.selected))
        assert "Wrapped" not in window.statusBar().currentMessage()
    # every undecided span in text order, then the link (selected with its head)
    assert [s[0] for s in seen[:len(undecided)]] == undecided
    assert seen[-1][1] == links[0]
    assert window.view.textCursor().position() == annotate_cursor  # suggestions untouched
    assert window.rich.suggestions.current is None or not window.view.isVisible()
    qtbot.keyClick(mode.view, Qt.Key.Key_N)
    assert window.statusBar().currentMessage().startswith("Wrapped round to the first")
    assert (mode.selected_item().id, mode.links.selected) == seen[0]
    qtbot.keyClick(mode.view, Qt.Key.Key_P)
    assert (mode.selected_item().id, mode.links.selected) == seen[-1]
    qtbot.keyClick(mode.view, Qt.Key.Key_P)
    assert (mode.selected_item().id, mode.links.selected) == seen[-2]
    assert fully_visible(mode)


def test_the_sheet_says_what_n_and_p_mean_in_each_mode(templates, tmp_path, open_window):
    window = open_window(copy_of(templates, "one", tmp_path), "rita")
    rows = window.action_table.sheet_rows()
    meanings: dict[str, list[str]] = {}
    for what, keys in rows:
        for key in keys.split(" or "):
            meanings.setdefault(key, []).append(what)
    assert sorted(meanings["N"]) == ["Next suggestion (while annotating)",
                                     "Next undecided span or link (in review mode)"]
    assert meanings["P"] == ["Previous undecided span or link (in review mode)"]
    assert meanings["Shift+N"] == ["Previous suggestion"]


def test_one_analyst_header_and_legend_agree_and_accept_item_by_item(templates, tmp_path,
                                                                    open_window, qtbot):
    db = copy_of(templates, "one", tmp_path)
    _window, mode = open_review(open_window, qtbot, db)
    panel = mode.panel
    n = len(SPANS["alice"])
    status = panel.status.text()
    assert "nothing to compare" in status and "alice" in status
    assert f"{n} span(s) and 1 link(s)" in status and "Ctrl+Shift+A" in status
    assert panel._legend_names[rq.AGREE].text() == "alice's, to decide"
    assert panel.counts[rq.AGREE].text() == str(n) == str(len(mode.items))
    assert panel.links_left.text() == "Links undecided: 1"
    assert panel.agreed_button.isEnabled()
    # A on the first, R on the second: each moves on, the legend and header follow
    qtbot.keyClick(mode.view, Qt.Key.Key_N)
    first = mode.selected_item()
    qtbot.keyClick(mode.view, Qt.Key.Key_A)
    second = mode.selected_item()
    qtbot.keyClick(mode.view, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: panel.counts[rq.ACCEPTED].text() == "1")
    assert panel.counts[rq.REJECTED].text() == "1"
    assert panel.counts[rq.AGREE].text() == str(n - 2)
    links_left = sum(1 for link in mode.link_items if link.undecided)  # 0: R took an end
    assert f"{n - 2} span(s) and {links_left} link(s)" in panel.status.text()
    assert panel.links_left.text() == f"Links undecided: {links_left}"
    text = TEXTS[ARTICLE]
    with Store(db) as s:
        spans, links = gold_of(s)
    assert {(t, label) for t, label, _a in spans} == {
        (text[first.start:first.end], first.label)}
    assert links == set()
    assert text[second.start:second.end] not in {t for t, _l, _a in spans}


def test_one_analyst_accept_all_at_once_puts_their_work_into_gold(templates, tmp_path,
                                                                  open_window, qtbot):
    db = copy_of(templates, "one", tmp_path)
    window, mode = open_review(open_window, qtbot, db)
    qtbot.keyClick(mode.view, Qt.Key.Key_A, CTRL | SHIFT)
    n = len(SPANS["alice"])
    assert window.statusBar().currentMessage() == f"Accepted {n} item(s) and 1 link(s)."
    with Store(db) as s:
        spans, links = gold_of(s)
        assert not [i for i in rq.review_items(s, pk(s)) if i.undecided]
    assert {(t, label) for t, label, _a in spans} == ALICE_SPANS
    assert ("Yahya Rasool", "ACTOR", (("kind", "military"),)) in spans
    assert links == {(QUOTE, "SPEAKER", "Yahya Rasool")}
    qtbot.waitUntil(lambda: mode.panel.counts[rq.ACCEPTED].text() == str(n))
    assert mode.panel.counts[rq.AGREE].text() == "0"
    assert "every span and link is decided" in mode.panel.status.text()
    qtbot.keyClick(mode.view, Qt.Key.Key_N)
    assert window.statusBar().currentMessage().startswith("No undecided item left")


def test_no_analyst_says_nothing_to_review_and_accepting_is_off(templates, tmp_path,
                                                               open_window, qtbot):
    db = copy_of(templates, "none", tmp_path)
    window, mode = open_review(open_window, qtbot, db)
    panel = mode.panel
    assert "No analyst has marked a span in this document: nothing to review" in \
        panel.status.text()
    assert panel.details.text() == "Nothing to review here."
    assert all(label.text() == "0" for label in panel.counts.values())
    assert panel._legend_names[rq.AGREE].text() == "all agree"
    for button in (panel.accept_button, panel.agreed_button, panel.majority_button):
        assert not button.isEnabled()
    table = window.action_table
    for action_id in ("review.accept", "review.accept_agreed", "review.accept_majority"):
        assert not table[action_id].isEnabled(), action_id
    qtbot.keyClick(mode.view, Qt.Key.Key_A, CTRL | SHIFT)  # does nothing
    qtbot.keyClick(mode.view, Qt.Key.Key_N)
    assert window.statusBar().currentMessage().startswith("No undecided item left")
    assert mode.selected_item() is None
    with Store(db) as s:
        assert gold_of(s) == (set(), set())
        assert rv.analysts(s, pk(s)) == []
    # back to annotating: the Review menu's accept entries work again for other documents
    qtbot.keyClick(mode.view, Qt.Key.Key_F6)
    assert not mode.active and table["review.accept_agreed"].isEnabled()
