"""Review mode driven with keys: the decisions land in the gold layer of the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from review_ui_helpers import REVIEWER, TEXTS, at, gold, pk_of, select

from annotator.core.model import GOLD
from annotator.store import Store

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def decisions(db):
    with Store(db) as s:
        return sorted(s.conn.execute("SELECT decision, reviewer FROM review_decisions "
                                     "WHERE decision != 'undecided'").fetchall())


def open_review(open_window, qtbot, db, doc_id="doc-putin"):
    window = open_window(db, REVIEWER)
    with Store(db) as s:
        window.open_document(pk_of(s, doc_id))
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    mode = window.review_mode
    assert mode.active and mode.view.isVisibleTo(window) and not window.view.isVisibleTo(window)
    return window, mode


def selected_text(mode):
    item = mode.selected_item()
    return (mode.doc.text[item.start:item.end], item.label, tuple(item.analysts))


def test_review_mode_shows_every_analyst_span_coloured_by_state(team_db, open_window, qtbot):
    window, mode = open_review(open_window, qtbot, team_db)
    text = TEXTS["doc-putin"]
    shown = {(text[s.start:s.end], s.label) for s in mode.view.index}
    assert shown == {("Putin", "ACTOR · alice, bob · all agree"),
                     ("said", "EVENT · alice, bob · all agree"),
                     ("talks failed", "QUOTE · alice · other bounds"),
                     ("talks", "QUOTE · bob · other bounds")}
    agree = mode.view.styles["ACTOR · alice, bob · all agree"].background
    bounds = mode.view.styles["QUOTE · bob · other bounds"].background
    assert agree != bounds
    assert agree.green() > agree.red() and bounds.red() > bounds.blue()  # green vs orange
    assert mode.panel.counts["agree"].text() == "2"
    assert mode.panel.counts["disagree_bounds"].text() == "2"
    assert window.article.meta.text().endswith("unreviewed")
    qtbot.keyClick(mode.view, Qt.Key.Key_F6)
    assert window.article.meta.text().endswith("new")  # rita's own (empty) layer again


def test_keys_accept_reject_accept_agreed_undo_redo(team_db, open_window, qtbot):
    _window, mode = open_review(open_window, qtbot, team_db)
    view = mode.view
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert selected_text(mode) == ("Putin", "ACTOR", ("alice", "bob"))
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert gold(team_db, "doc-putin") == ({("Putin", "ACTOR")}, set())
    assert selected_text(mode) == ("said", "EVENT", ("alice", "bob"))  # A moved on

    qtbot.keyClick(view, Qt.Key.Key_N)  # "said" (agreed): skip it for now
    assert selected_text(mode) == ("talks", "QUOTE", ("bob",))
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert gold(team_db, "doc-putin") == ({("Putin", "ACTOR")}, set())
    assert decisions(team_db) == [("accepted", "rita"), ("accepted", "rita"),
                                  ("rejected", "rita")]
    assert selected_text(mode) == ("talks failed", "QUOTE", ("alice",))  # R moved on
    details = mode.panel.details.text()
    assert "link SPEAKER → ACTOR “Putin” (alice)" in details
    assert "also here: QUOTE “talks” by bob" in details
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter accepts too; alice's link stays out
    after_quote = ({("Putin", "ACTOR"), ("talks failed", "QUOTE")}, set())
    assert gold(team_db, "doc-putin") == after_quote

    qtbot.keyClick(view, Qt.Key.Key_A, CTRL | SHIFT)
    # only alice marked both ends of her link: not agreed, so not accepted with the rest
    everything = ({("Putin", "ACTOR"), ("talks failed", "QUOTE"), ("said", "EVENT")}, set())
    assert gold(team_db, "doc-putin") == everything
    qtbot.waitUntil(lambda: mode.panel.counts["accepted"].text() == "3")

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert gold(team_db, "doc-putin") == after_quote
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert gold(team_db, "doc-putin") == ({("Putin", "ACTOR")}, set())
    qtbot.keyClick(view, Qt.Key.Key_Y, CTRL)
    assert gold(team_db, "doc-putin") == after_quote
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert gold(team_db, "doc-putin") == everything
    with Store(team_db) as s:
        assert s.conn.execute("SELECT review_status, reviewer FROM documents WHERE id = ?",
                              ("doc-putin",)).fetchone() == ("in_review", "rita")


def test_free_edits_in_gold_with_emoji_offsets(team_db, open_window, qtbot):
    _window, mode = open_review(open_window, qtbot, team_db, "doc-arabic")
    text = TEXTS["doc-arabic"]
    shown = {s.label for s in mode.view.index}
    assert shown == {"ACTOR · alice · other label", "EVENT · bob · other label"}
    start, end = at("doc-arabic", "Hezbollah")
    select(mode.view, text, start, end)
    qtbot.keyClick(mode.view, Qt.Key.Key_1)
    assert gold(team_db, "doc-arabic") == ({("Hezbollah", "ACTOR")}, set())
    with Store(team_db) as s:
        (span,) = s.spans(pk_of(s, "doc-arabic"), GOLD)
        assert (span.start, span.end) == (start, end)
    assert selected_text(mode) == ("Hezbollah", "ACTOR", ())
    qtbot.keyClick(mode.view, Qt.Key.Key_Delete)
    assert gold(team_db, "doc-arabic") == (set(), set())
    qtbot.keyClick(mode.view, Qt.Key.Key_Z, CTRL)
    assert gold(team_db, "doc-arabic") == ({("Hezbollah", "ACTOR")}, set())
