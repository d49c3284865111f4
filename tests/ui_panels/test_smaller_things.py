"""The smaller things of issue 13: the first-start note off the text with focus kept in
the article, a legend for suggestions, the font shown is the font used, a title without
repeats, and a shortcut sheet that lists actions, not undo texts."""

from __future__ import annotations

from panel_helpers import find, label
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication

from annotator.settings import save_settings
from annotator.ui.dialogs.first_start import show_first_start


def test_first_start_note_leaves_the_text_uncovered_and_focus_in_the_article(
        sized_window, qtbot):
    save_settings({"first_start_seen": False})
    window = sized_window(900, 600)
    note = show_first_start(window.view)
    assert note is not None
    qtbot.waitUntil(note.isVisible)
    view_rect = window.view.geometry()
    note_rect = note.geometry()
    assert note.parentWidget() is window.view.parentWidget()
    assert not note_rect.intersects(view_rect)  # a strip above the article, not over it
    window.activateWindow()
    qtbot.waitActive(window)
    note.button.setFocus()
    qtbot.mouseClick(note.button, Qt.MouseButton.LeftButton)
    assert not note.isVisible()
    assert window.focusWidget() is window.view


def test_title_names_each_thing_once(sized_window):
    window = sized_window()
    title = window.windowTitle()
    shown = f"{title} — {QApplication.applicationDisplayName()}"  # as the platform shows it
    assert shown.lower().count("annotator") <= 1 or "annotator" in window.store.path.name
    assert window.editor.doc.title in title and window.analyst in title
    assert window.store.path.name in title
    window.step_document(1)
    assert window.editor.doc.title in window.windowTitle()


def test_shortcut_sheet_says_undo_not_the_last_edit(sized_window, qtbot):
    window = sized_window()
    label(qtbot, window, *find(window.view.text, "airstrikes"), Qt.Key.Key_2)
    assert window.undo_action.text() != "&Undo"  # the menu names the edit ...
    rows = dict(window.app_feature.show_shortcuts().rows())
    assert "Undo" in rows and "Redo" in rows  # ... the sheet lists the action
    assert not any(what.startswith(("Undo ", "Redo ")) for what in rows)


def test_preferences_show_the_articles_font_and_change_it(sized_window):
    window = sized_window()
    used = QFontInfo(window.view.font()).family()
    dialog = window.app_feature.show_preferences()
    assert dialog.font_combo.currentFont().family() == used
    assert dialog.size_spin.value() == window.view.font().pointSize()
    other = "DejaVu Sans Mono" if used != "DejaVu Sans Mono" else "DejaVu Sans"
    dialog.font_combo.setCurrentFont(QFont(other))
    dialog.accept()
    assert QFontInfo(window.view.font()).family() == other
    again = window.app_feature.show_preferences()
    assert again.font_combo.currentFont().family() == other
    again.reject()


def test_a_legend_explains_the_dashed_suggestions(sized_window, qtbot):
    window = sized_window(900, 600)
    sugg = window.rich.suggestions
    sugg.wait()
    qtbot.waitUntil(lambda: bool(sugg.shown), timeout=10_000)
    legend = window.suggestion_legend
    assert legend.isVisible()
    assert "Suggestion" in legend.text.text() and "Enter" in legend.text.text()
    assert legend.geometry().right() <= window.width()  # on screen even at 900 px
    window.action_table["suggest.show"].trigger()  # suggestions off: no legend
    assert not sugg.shown and not legend.isVisible()
