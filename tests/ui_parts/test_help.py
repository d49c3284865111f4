"""Help dialogs: the shortcut sheet matches what it is given, the guide shows, About opens."""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence

from annotator import __version__
from annotator.core.schema import default_schema
from annotator.ui.dialogs.help import (
    AboutDialog,
    GuideViewer,
    ShortcutSheet,
    default_shortcuts,
    shortcuts_from_actions,
)


def test_default_sheet_lists_the_design_keys(qtbot):
    sheet = ShortcutSheet()
    qtbot.addWidget(sheet)
    rows = {keys: action for action, keys in sheet.rows()}
    for label in default_schema().labels:
        assert rows[label.key] == f"Label the selection as {label.name}"
    for keys in ["Delete", "Ctrl+Z", "Ctrl+Shift+Z or Ctrl+Y", "Ctrl+Return",
                 "PageUp / PageDown", "Ctrl++ / Ctrl+-", "Alt + drag", "S", "A", "T", "Enter"]:
        assert keys in rows, keys
    assert len(sheet.rows()) == len(default_shortcuts())


def test_sheet_built_from_real_actions_shows_their_keys(qtbot):
    undo = QAction("&Undo")
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo = QAction("&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    plain = QAction("Statistics…")  # no shortcut: not on the sheet
    sheet = ShortcutSheet(shortcuts_from_actions([undo, redo, plain]))
    qtbot.addWidget(sheet)
    assert sheet.rows() == [("Undo", "Ctrl+Z"), ("Redo", "Ctrl+Shift+Z or Ctrl+Y")]
    assert sheet.table.editTriggers() == sheet.table.EditTrigger.NoEditTriggers


def test_guide_viewer_renders_markdown(qtbot, tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text("# Labeling in one minute\n\nSelect **Kataib Hezbollah** 😀, press 1.\n",
                     encoding="utf-8")
    viewer = GuideViewer(guide)
    qtbot.addWidget(viewer)
    assert viewer.found
    text = viewer.browser.toPlainText()
    assert "Labeling in one minute" in text
    assert "Select Kataib Hezbollah 😀, press 1." in text
    assert "**" not in text


def test_missing_guide_says_so(qtbot, tmp_path):
    viewer = GuideViewer(tmp_path / "absent.md")
    qtbot.addWidget(viewer)
    assert not viewer.found
    assert "The user guide is missing" in viewer.browser.toPlainText()


def test_guide_from_resources_or_a_clear_message(qtbot):
    viewer = GuideViewer()
    qtbot.addWidget(viewer)
    text = viewer.browser.toPlainText()
    assert text.strip()
    assert viewer.found != ("The user guide is missing" in text)


class _FileUrls(QObject):
    def __init__(self):
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_about_shows_version_database_analyst_and_opens_the_folder(qtbot, tmp_path):
    db = tmp_path / "data folder é" / "annotations.sqlite"
    db.parent.mkdir()
    about = AboutDialog(db, "Leïla")
    qtbot.addWidget(about)
    assert about.fields["Version"].text() == __version__
    assert about.fields["Database"].text() == str(db)
    assert about.fields["Analyst"].text() == "Leïla"
    handler = _FileUrls()
    QDesktopServices.setUrlHandler("file", handler, "open")
    try:
        about.open_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in handler.urls] == [str(db.parent.resolve())]


def test_guide_contents_links_jump_to_their_heading(qtbot, tmp_path):
    body = "\n\n".join(f"Paragraph {n} about labeling." for n in range(60))
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\n\n- [Where your data lives](#where-your-data-lives-and-backups)\n\n"
                     f"{body}\n\n## Where your data lives, and backups\n\nIn one file.\n",
                     encoding="utf-8")
    viewer = GuideViewer(guide)
    qtbot.addWidget(viewer)
    viewer.show()
    bar = viewer.browser.verticalScrollBar()
    assert bar.value() == 0
    viewer.browser.setSource(QUrl("#where-your-data-lives-and-backups"))
    assert bar.value() > 0
    assert "Where your data lives" in viewer.browser.toPlainText()
