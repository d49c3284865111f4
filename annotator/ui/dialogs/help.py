"""The Help menu's dialogs: keyboard shortcut sheet, user guide, About.

The shortcut sheet is built from (action, keys) pairs the window passes in, ideally made
from its real QActions with `shortcuts_from_actions`, so the sheet cannot drift from the
keys that actually work. `default_shortcuts` is the list docs/architecture.md promises.
"""

from __future__ import annotations

import platform
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core.schema import LabelSchema, default_schema

Shortcut = tuple[str, str]  # (what it does, the keys)


def default_shortcuts(schema: LabelSchema | None = None) -> list[Shortcut]:
    """The keys docs/architecture.md promises; label and link keys come from the schema, which is
    editable."""
    schema = schema or default_schema()
    labels = [(f"Label the selection as {lab.name}", lab.key) for lab in schema.labels if lab.key]
    links = [(_link_text(r.head, r.name, r.child), r.key) for r in schema.relations if r.key]
    return [
        *labels,
        ("Select exact characters (no snapping to words)", "Alt + drag"),
        ("Remove the selected span", "Delete"),
        ("Undo", "Ctrl+Z"),
        ("Redo", "Ctrl+Shift+Z or Ctrl+Y"),
        *links,
        ("Accept the suggestion", "Enter"),
        ("Mark the document done and open the next", "Ctrl+Return"),
        ("Previous / next document", "PageUp / PageDown"),
        ("Larger / smaller text", "Ctrl++ / Ctrl+-"),
    ]


def _link_text(head: str | None, name: str, child: str | None) -> str:
    return (f"Link the selected {(head or 'span').lower()} as {name.lower()} "
            f"(then click the {(child or 'span').lower()})")


def shortcuts_from_actions(actions: Iterable[QAction]) -> list[Shortcut]:
    """(action, keys) for every action that has a shortcut, as the user sees them."""
    rows = []
    for action in actions:
        keys = [seq.toString(QKeySequence.SequenceFormat.NativeText) for seq in action.shortcuts()]
        if keys:
            text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            rows.append((text.rstrip(".…"), " or ".join(keys)))
    return rows


class ShortcutSheet(QDialog):
    """A table of what each key does."""

    def __init__(self, shortcuts: Sequence[Shortcut] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        rows = list(default_shortcuts() if shortcuts is None else shortcuts)
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutTable")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for row, (action, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(action))
            keys_item = QTableWidgetItem(keys)
            font = keys_item.font()
            font.setBold(True)
            keys_item.setFont(font)
            self.table.setItem(row, 1, keys_item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(1)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(1, self.table.columnWidth(1) + 24)  # bold keys need air
        self.table.resizeRowsToContents()
        height = (header.sizeHint().height() + 2 * self.table.frameWidth()
                  + sum(self.table.rowHeight(r) for r in range(len(rows))))
        self.table.setMinimumHeight(min(height, 600))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        self._close = close
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(580, self.sizeHint().height())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._close.setFocus()  # Enter or Esc closes; Tab reaches the table to scroll it

    def rows(self) -> list[Shortcut]:
        """What the sheet shows, row by row."""
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text())
                for r in range(self.table.rowCount())]


def guide_file() -> Path | None:
    """The shipped user guide, or None when this build does not carry one."""
    from annotator.assets import resource_path

    try:
        return resource_path("guide.md")
    except FileNotFoundError:
        return None


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: "Labeling: the keys" -> "labeling-the-keys"."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchor_headings(document: QTextDocument) -> None:
    """Give each heading its GitHub anchor, so a guide's "[Install](#install)" links work
    here as on the web (Qt's Markdown reader makes no heading anchors)."""
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and block.text().strip():
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                                QTextCursor.MoveMode.KeepAnchor)
            mark = QTextCharFormat()
            mark.setAnchor(True)
            mark.setAnchorNames([slug(block.text())])
            cursor.mergeCharFormat(mark)
        block = block.next()


class GuideViewer(QDialog):
    """The user guide (Markdown) in a browser window; says so plainly when it is missing."""

    def __init__(self, path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("User guide")
        self.setAccessibleName("User guide")
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setAccessibleName("User guide text")
        self.browser.setOpenExternalLinks(True)
        path = path or guide_file()
        text = None
        if path is not None:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
        if text is None:
            self.browser.setMarkdown(
                "# The user guide is missing\n\n"
                "This installation does not include the guide (`guide.md` in the app's "
                "resources). Reinstall the app, or read `docs/guide.md` in the project's "
                "source.\n\nThe keyboard shortcuts are under **Help > Keyboard shortcuts**.")
        else:
            self.browser.setSearchPaths([str(path.parent)])  # relative images and links
            self.browser.setMarkdown(text)
            anchor_headings(self.browser.document())
        self.found = text is not None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 640)


class AboutDialog(QDialog):
    """Version, where the data lives, who is working; a button opens the data folder."""

    def __init__(self, db_path: str | Path, analyst: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About Annotator")
        self.setAccessibleName("About Annotator")
        self.db_path = Path(db_path)
        title = QLabel(f"<h2>Annotator {__version__}</h2>"
                       "<p>Label actors, events and quotes in news articles, offline.</p>")
        title.setTextFormat(Qt.TextFormat.RichText)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for name, value in [
            ("Version", __version__),
            ("Database", str(self.db_path)),
            ("Analyst", analyst),
            ("Built with", (f"Python {platform.python_version()}, PySide6 {PySide6.__version__}"
                           f" on {sys.platform}")),
        ]:
            label = QLabel(value)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label.setAccessibleName(name)
            label.setWordWrap(True)
            form.addRow(f"{name}:", label)
            self.fields[name] = label
        self.open_button = QPushButton("&Open data folder")
        self.open_button.setAccessibleName("Open data folder")
        self.open_button.clicked.connect(self.open_data_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def data_folder(self) -> Path:
        return self.db_path.expanduser().resolve().parent

    def open_data_folder(self) -> bool:
        folder = self.data_folder()
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if not opened:
            box = QMessageBox(QMessageBox.Icon.Information, "Open data folder",
                              f"The file manager could not be opened. The data is in:\n{folder}",
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        return opened
