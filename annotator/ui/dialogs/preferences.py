"""The Preferences dialog: analyst name, font, word snapping, theme, default export folder.

It reads and writes annotator.settings (JSON) and tells the window what changed through
`sig_changed`; it applies nothing itself, so the window stays the one place that decides
how a change shows (re-font the article, re-theme the app, switch the analyst's layer).
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.paths import login_name
from annotator.settings import load_settings, save_settings
from annotator.ui.dialogs import file_dialogs
from annotator.ui.shell.theme import THEMES

# Keys this dialog owns in settings.json ("annotator" is the one paths.resolve_annotator reads).
KEYS = ("annotator", "font_family", "font_size", "snap_to_words", "theme", "export_folder")
FONT_SIZES = (6, 48)
_THEME_NAMES = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class PreferencesDialog(QDialog):
    """Edits the preferences; OK saves them and emits what changed."""

    sig_changed = Signal(dict)
    """{key: new value} for each preference OK changed (not emitted when nothing did)."""

    def __init__(self, parent: QWidget | None = None, settings_path: Path | None = None,
                 article_font: QFont | None = None):
        """`article_font`: the font the article is drawn in, so the dialog names the font
        actually used (the first installed of the families asked for), not the UI's."""
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self._path = settings_path
        saved = load_settings(settings_path)

        self.name_edit = QLineEdit(str(saved.get("annotator") or ""))
        self.name_edit.setPlaceholderText(f"{login_name()} (your login name)")
        self.name_edit.setAccessibleName("Analyst name")
        self.name_edit.setAccessibleDescription(
            "The name your labels are saved under; empty uses your login name.")

        self.font_combo = QFontComboBox()
        self.font_combo.setAccessibleName("Article font")
        family = saved.get("font_family")
        if article_font is not None:
            family = QFontInfo(article_font).family()
        self.font_combo.setCurrentFont(QFont(family) if family else self.font())
        self.size_spin = QSpinBox()
        self.size_spin.setRange(*FONT_SIZES)
        self.size_spin.setSuffix(" pt")
        self.size_spin.setValue(article_font.pointSize() if article_font is not None
                                and article_font.pointSize() > 0
                                else _int(saved.get("font_size"), 12))
        self.size_spin.setAccessibleName("Article font size")

        self.snap_check = QCheckBox("&Snap selections to whole words")
        self.snap_check.setChecked(bool(saved.get("snap_to_words", True)))
        self.snap_check.setAccessibleName("Snap selections to whole words")
        self.snap_check.setToolTip("Hold Alt while selecting to pick exact characters.")

        self.theme_combo = QComboBox()
        for key in THEMES:
            self.theme_combo.addItem(_THEME_NAMES[key], key)
        theme = saved.get("theme")
        self.theme_combo.setCurrentIndex(THEMES.index(theme) if theme in THEMES else 0)
        self.theme_combo.setAccessibleName("Theme")

        self.folder_edit = QLineEdit(str(saved.get("export_folder") or ""))
        self.folder_edit.setPlaceholderText("Ask each time")
        self.folder_edit.setAccessibleName("Default export folder")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Choose the default export folder")
        self.browse_button.clicked.connect(self._browse)

        self.error_label = QLabel()
        self.error_label.setAccessibleName("Problem")
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Save")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self._lay_out()
        self._shown = self.values()  # what the saved settings looked like in the dialog

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(_buddy("&Analyst name:", self.name_edit), self.name_edit)
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_combo, 1)
        font_row.addWidget(_buddy("Si&ze:", self.size_spin))
        font_row.addWidget(self.size_spin)
        form.addRow(_buddy("&Font:", self.font_combo), font_row)
        form.addRow("", self.snap_check)
        form.addRow(_buddy("&Theme:", self.theme_combo), self.theme_combo)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        form.addRow(_buddy("Default &export folder:", self.folder_edit), folder_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        chain = [self.name_edit, self.font_combo, self.size_spin, self.snap_check,
                 self.theme_combo, self.folder_edit, self.browse_button, self.buttons]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setMinimumWidth(480)

    def values(self) -> dict[str, Any]:
        """The preferences as the dialog shows them now."""
        folder = self.folder_edit.text().strip()
        return {
            "annotator": self.name_edit.text().strip(),
            "font_family": self.font_combo.currentFont().family(),
            "font_size": self.size_spin.value(),
            "snap_to_words": self.snap_check.isChecked(),
            "theme": self.theme_combo.currentData(),
            "export_folder": str(Path(folder).expanduser()) if folder else "",
        }

    def changes(self) -> dict[str, Any]:
        """Only what the analyst changed since the dialog opened."""
        return {key: value for key, value in self.values().items() if value != self._shown[key]}

    def problem(self) -> str | None:
        """Why OK cannot save yet, in words the analyst can act on."""
        folder = self.values()["export_folder"]
        if folder and not Path(folder).is_dir():
            return f"The export folder {folder} does not exist. Choose another, or leave it empty."
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            self.folder_edit.setFocus()
            return
        changes = self.changes()
        if changes:
            current = load_settings(self._path)  # keep keys other parts of the app saved
            current.update(changes)
            save_settings(current, self._path)
            self._shown.update(changes)
        super().accept()
        if changes:
            self.sig_changed.emit(changes)

    def pick_folder(self, start: str) -> str:
        """Ask for a folder (a seam tests replace, as the native picker blocks)."""
        return file_dialogs.existing_folder(self, "Default export folder", start)

    def _browse(self) -> None:
        start = self.folder_edit.text().strip() or str(Path.home())
        chosen = self.pick_folder(start)
        if chosen:
            self.folder_edit.setText(chosen)
            self.error_label.hide()


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)  # Alt + the underlined letter focuses the widget
    return label


def _int(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, FONT_SIZES[0]), FONT_SIZES[1])
