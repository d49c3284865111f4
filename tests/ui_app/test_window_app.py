"""The window's application parts: refresh across windows, live preferences, Help, the
status filter, keyboard reach and accessible names, labels told apart by shape."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

from annotator.paths import resolve_annotator
from annotator.ui.dialogs.help import AboutDialog, GuideViewer, ShortcutSheet
from annotator.ui.dialogs.preferences import PreferencesDialog
from annotator.ui.shell.app_feature import ACCESSIBLE, application_icon, mnemonic
from annotator.ui.shell.theme import apply_theme, is_dark
from ui_app.helpers import action, select_code_points


def _activate(window) -> None:
    """What the window system sends when the analyst comes back to this window."""
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))


def test_a_window_sees_another_windows_edit_when_it_regains_focus(qtbot, two_docs_db,
                                                                  open_window):
    a, b = open_window(two_docs_db), open_window(two_docs_db)
    pk = a.editor.doc.pk
    assert b.editor.doc.pk == pk
    text = a.editor.doc.text
    word = text.index("Fuad Hussein")
    select_code_points(a.view, text, 0, 4)  # A's analyst is in the middle of a selection
    spans_before = a.documents.model.row_data(a.documents.model.row_of(pk))["spans"]

    select_code_points(b.view, text, word, word + len("Fuad Hussein"))
    b.editor.label("ACTOR")
    assert a.view.index.get(b.view.selected_id) is None  # A has not looked yet

    _activate(a)
    span = a.view.index.get(b.view.selected_id)
    assert span is not None and text[span.start:span.end] == "Fuad Hussein"
    qtbot.waitUntil(lambda: a.labels.spans.total() == 1)
    assert a.view.selection_range() == (0, 4)  # the selection survived
    row = a.documents.model.row_data(a.documents.model.row_of(pk))
    assert row["spans"] == spans_before + 1
    assert a.documents.current_pk() == pk

    b.editor.delete_selected()
    _activate(a)
    assert len(a.view.index) == 0


def test_preferences_apply_at_once(qtbot, two_docs_db, open_window):
    window = open_window(two_docs_db)
    app = QApplication.instance()
    action(window, "Preferences").trigger()
    dialog = window.app_feature.dialogs["preferences"]
    assert isinstance(dialog, PreferencesDialog) and dialog.isVisible()
    dialog.size_spin.setValue(19)
    dialog.font_combo.setCurrentFont(window.view.font())
    dialog.snap_check.setChecked(False)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.name_edit.setText("Leila Haddad")
    try:
        dialog.accept()
        assert window.view.font().pointSize() == 19
        assert window.editor.snap is False and not window.snap_action.isChecked()
        assert is_dark(app)
        assert resolve_annotator(None) == ("Leila Haddad", True)  # for the next start
        window.change_font(1)  # the View menu goes on from the new size
        assert window.view.font().pointSize() == 20
    finally:
        apply_theme(app, "system")


def test_help_actions_open_their_dialogs(qtbot, two_docs_db, open_window):
    window = open_window(two_docs_db)
    feature = window.app_feature
    for text, key, kind in (("Keyboard shortcuts", "shortcuts", ShortcutSheet),
                            ("User guide", "guide", GuideViewer),
                            ("About Annotator", "about", AboutDialog)):
        action(window, text).trigger()
        dialog = feature.dialogs[key]
        assert isinstance(dialog, kind) and dialog.isVisible()
        dialog.close()
    rows = dict(ShortcutSheet.rows(feature.dialogs["shortcuts"]))
    assert rows["Label the selection as ACTOR"] == "1"
    assert "Ctrl+Return" in rows["Mark done and open next"]
    assert rows["Search documents"].startswith("Ctrl+L")
    assert feature.dialogs["guide"].found
    assert feature.dialogs["about"].fields["Database"].text() == str(two_docs_db)


def test_the_status_filter_follows_a_status_change(qtbot, two_docs_db, open_window):
    window = open_window(two_docs_db)
    panel = window.documents
    panel.filter.setCurrentIndex(1)  # Not done
    first = window.editor.doc.pk
    assert first in panel.model.pks()
    window.editor.mark_done_and_next()
    assert first not in panel.model.pks()
    assert panel.current_pk() == window.editor.doc.pk != first
    window.editor.undo()  # back to in progress: listed again
    assert first in panel.model.pks()


def test_every_menu_action_is_reachable_by_keyboard(qtbot, two_docs_db, open_window):
    window = open_window(two_docs_db)
    qtbot.wait(1)  # menus features add after this one get their mnemonics too
    bar = window.menuBar().actions()
    letters = [mnemonic(top.text()) for top in bar]
    assert None not in letters and len(set(letters)) == len(letters), letters
    assert bar[-1].text().replace("&", "") == "Help"
    for top in bar:
        top.menu().aboutToShow.emit()  # as Qt does when the menu opens
        entries = [a for a in top.menu().actions() if not a.isSeparator()]
        for act in entries:
            assert mnemonic(act.text()) or act.shortcuts(), f"{top.text()} > {act.text()}"


def test_focus_keys_move_between_the_panes(qtbot, two_docs_db, open_window):
    window = open_window(two_docs_db)
    window.show()
    qtbot.waitExposed(window)
    for text, widget in (("Search documents", window.documents.search),
                         ("Document list", window.documents.view),
                         ("Article", window.view),
                         ("Span list", window.labels.span_view)):
        action(window, text).trigger()
        assert window.focusWidget() is widget, text


def test_main_widgets_have_accessible_names(qtbot, two_docs_db, open_window):
    window = open_window(two_docs_db)
    for name, accessible, _description in ACCESSIBLE:
        assert window.findChild(QWidget, name).accessibleName() == accessible
    for label, button in window.labels.buttons.items():
        assert button.accessibleName().startswith(f"Label {label}")


def test_labels_differ_by_shape_in_buttons_and_article(qtbot, two_docs_db, open_window):
    window = open_window(two_docs_db)
    shapes = [style.mark for style in window.editor.styles.values()]
    assert len(set(shapes)) == len(shapes)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    text = window.editor.doc.text
    words = [w for w in text[:200].split() if w.isalpha()][:2]  # on screen
    for label, word in zip(("ACTOR", "EVENT"), words, strict=True):
        start = text.index(word)
        select_code_points(window.view, text, start, start + len(word))
        window.editor.label(label, exact=True)
    marks = window.article_marks
    marks.enabled = False
    plain = window.view.viewport().grab().toImage()
    marks.enabled = True
    marked = window.view.viewport().grab().toImage()
    assert marks.last_count == 2 and marked != plain  # a shape at each span's start
    assert not application_icon().isNull()
