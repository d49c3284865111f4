"""The first-start note: shown once over the article, gone for good after "Got it"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from annotator.settings import load_settings, save_settings
from annotator.ui.dialogs.first_start import MESSAGE, FirstStartNote, should_show, show_first_start


def test_should_show_until_seen():
    assert should_show({})
    assert should_show({"first_start_seen": False})
    assert not should_show({"first_start_seen": True})


def _article(qtbot):
    view = QPlainTextEdit()
    view.setPlainText("Kataib Hezbollah said…")
    view.resize(700, 400)
    qtbot.addWidget(view)
    view.show()
    return view


def test_note_floats_in_the_top_right_corner_and_follows_resizes(qtbot):
    view = _article(qtbot)
    note = show_first_start(view)
    assert note is not None and note.isVisible()
    assert MESSAGE in note.message.text()
    geometry = note.geometry()
    assert view.rect().contains(geometry)
    assert view.width() - geometry.right() < 30 and geometry.top() < 30
    view.resize(900, 400)
    assert view.width() - note.geometry().right() < 30


def test_got_it_hides_it_for_good_and_keeps_other_settings(qtbot):
    save_settings({"theme": "dark"})
    view = _article(qtbot)
    note = show_first_start(view)
    with qtbot.waitSignal(note.sig_dismissed):
        qtbot.mouseClick(note.button, Qt.MouseButton.LeftButton)
    assert not note.isVisible()
    assert load_settings()["first_start_seen"] is True
    assert load_settings()["theme"] == "dark"
    assert show_first_start(view) is None


def test_keyboard_can_dismiss_it(qtbot):
    note = FirstStartNote()
    qtbot.addWidget(note)
    note.show()
    assert note.button.accessibleName() and note.accessibleName()
    assert note.button.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert not note.isVisible()
    assert load_settings()["first_start_seen"] is True
