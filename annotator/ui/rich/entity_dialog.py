"""Editing a registry actor: its name, kind and aliases (one per line).

Aliases are what the registry suggester looks for in every article, so this is where an
analyst teaches it that "KH" and "Kata'ib Hizballah" are Kataib Hezbollah.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from annotator.core.model import Entity

NO_KIND = "(none)"


class EntityDialog(QDialog):
    def __init__(self, entity: Entity, kinds: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Edit actor '{entity.name}'")
        self.setObjectName("entityDialog")
        self.name = QLineEdit(entity.name, self, objectName="entityName")
        self.name.setAccessibleName("Actor name")
        self.kind = QComboBox(self, objectName="entityKind")
        self.kind.setAccessibleName("Actor kind")
        self.kind.addItem(NO_KIND)
        self.kind.addItems(kinds)
        if entity.kind and entity.kind not in kinds:
            self.kind.addItem(entity.kind)
        self.kind.setCurrentText(entity.kind or NO_KIND)
        self.aliases = QPlainTextEdit("\n".join(entity.aliases), self,
                                      objectName="entityAliases")
        self.aliases.setAccessibleName("Aliases, one per line")
        self.aliases.setTabChangesFocus(True)
        self.error = QLabel("", self, objectName="entityError")
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Aliases\n(one per line):", self.aliases)
        form.addRow(self.error)
        form.addRow(buttons)
        self.resize(420, 300)

    def values(self) -> tuple[str, str | None, list[str]]:
        """(name, kind or None, aliases) as entered, trimmed, empty lines dropped."""
        kind = self.kind.currentText()
        aliases = [a.strip() for a in self.aliases.toPlainText().split("\n") if a.strip()]
        return self.name.text().strip(), (None if kind == NO_KIND else kind), aliases

    def accept(self) -> None:
        if not self.values()[0]:
            self.error.setText("An actor needs a name.")
            self.error.show()
            return
        super().accept()
