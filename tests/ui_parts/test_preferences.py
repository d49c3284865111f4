"""The Preferences dialog: what OK saves, what it announces, and that the keyboard reaches it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from annotator.paths import resolve_annotator, settings_path
from annotator.settings import load_settings, save_settings
from annotator.ui.dialogs.preferences import PreferencesDialog


@pytest.fixture
def dialog(qtbot):
    save_settings({"theme": "light", "font_size": 14, "first_start_seen": True})
    dlg = PreferencesDialog()
    qtbot.addWidget(dlg)
    return dlg


def test_shows_the_saved_preferences(dialog):
    assert dialog.theme_combo.currentData() == "light"
    assert dialog.size_spin.value() == 14
    assert dialog.snap_check.isChecked()
    assert dialog.name_edit.text() == ""


def test_ok_saves_changes_keeps_other_keys_and_emits_only_what_changed(dialog, qtbot, tmp_path):
    dialog.name_edit.setText("  Leïla Haddad  ")
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.snap_check.setChecked(False)
    dialog.folder_edit.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.sig_changed) as blocker:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert blocker.args[0] == {"annotator": "Leïla Haddad", "theme": "dark",
                               "snap_to_words": False, "export_folder": str(tmp_path)}
    saved = load_settings()
    assert saved["theme"] == "dark" and saved["font_size"] == 14
    assert saved["first_start_seen"] is True
    assert resolve_annotator(None) == ("Leïla Haddad", True)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_ok_without_changes_saves_nothing(dialog, qtbot):
    before = settings_path().read_text(encoding="utf-8")
    with qtbot.assertNotEmitted(dialog.sig_changed):
        dialog.accept()
    assert settings_path().read_text(encoding="utf-8") == before


def test_cancel_discards(dialog):
    dialog.size_spin.setValue(20)
    dialog.reject()
    assert load_settings()["font_size"] == 14


def test_missing_export_folder_is_explained_and_not_saved(dialog, tmp_path):
    dialog.show()
    dialog.folder_edit.setText(str(tmp_path / "nowhere"))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "does not exist" in dialog.error_label.text()
    assert "export_folder" not in load_settings()


def test_browse_fills_in_the_chosen_folder(dialog, tmp_path):
    dialog.pick_folder = lambda start: str(tmp_path)
    dialog.browse_button.click()
    assert dialog.folder_edit.text() == str(tmp_path)


def test_damaged_values_fall_back_to_defaults(qtbot):
    save_settings({"theme": "neon", "font_size": "huge", "snap_to_words": False})
    dlg = PreferencesDialog()
    qtbot.addWidget(dlg)
    assert dlg.theme_combo.currentData() == "system"
    assert dlg.size_spin.value() == 12
    assert not dlg.snap_check.isChecked()


def _controls(dialog):
    kinds = (QLineEdit, QComboBox, QSpinBox, QAbstractButton)
    return [w for w in dialog.findChildren(QWidget)
            if isinstance(w, kinds) and w.isVisibleTo(dialog)
            and not isinstance(w.parent(), (QComboBox, QSpinBox))]  # their inner line edits


def test_every_control_has_an_accessible_name_and_is_in_the_tab_chain(dialog):
    dialog.show()
    controls = _controls(dialog)
    assert len(controls) >= 8
    for widget in controls:
        assert widget.accessibleName(), widget
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget
    chain, widget = [], dialog.name_edit
    for _ in range(100):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is dialog.name_edit:
            break
    expected = [dialog.name_edit, dialog.font_combo, dialog.size_spin, dialog.snap_check,
                dialog.theme_combo, dialog.folder_edit, dialog.browse_button]
    positions = [next(i for i, w in enumerate(chain) if w is e or w.parent() is e)
                 for e in expected]
    assert positions == sorted(positions)
    for widget in controls:
        assert any(w is widget for w in chain), widget


def test_mnemonics_are_unique_and_focus_their_field(dialog, qtbot):
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    labels = [lab for lab in dialog.findChildren(QLabel) if lab.buddy() is not None]
    texts = [lab.text() for lab in labels] + [dialog.snap_check.text(), dialog.browse_button.text()]
    letters = [t[t.index("&") + 1].lower() for t in texts]
    assert len(letters) == len(set(letters)) == 7
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.theme_combo
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.folder_edit
