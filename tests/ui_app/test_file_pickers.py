"""The window's file pickers (issue 18, issue 13): they list the database's own folder
without reading any file (SQLite's locks stay), and offer a filter per format."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.ui.dialogs.file_dialogs import NameOnlyIconProvider, import_filters
from annotator.ui.dialogs.import_export import ExportDialog, ImportDialog

LINUX_LOCKS = Path("/proc/self/fdinfo").exists()


def _inspect_next_dialog(qtbot, seen: dict) -> None:
    """When the next file dialog is up and has listed its folder, note what it offers and
    cancel it."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, look)
            return
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        seen["filters"] = dialog.nameFilters()
        seen["provider"] = dialog.iconProvider()
        seen["native"] = not dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        QTimer.singleShot(500, dialog.reject)

    QTimer.singleShot(20, look)


@pytest.fixture
def window(open_window, db_path, sample_article):
    from annotator.store import Store
    from annotator.transfer.pipeline import import_paths

    with Store(db_path) as store:
        import_paths(store, [sample_article], "auto", "alice")
    return open_window(db_path, "alice")


def test_the_import_picker_offers_each_format_and_reads_no_file(window, qtbot, db_path):
    seen: dict = {}
    _inspect_next_dialog(qtbot, seen)
    assert ImportDialog(window, str(Path(db_path).parent)).pick_files() == []
    assert isinstance(seen["provider"], NameOnlyIconProvider)
    assert not seen["native"]
    filters = seen["filters"]
    assert filters[0].startswith("All supported files (")
    assert filters[-1] == "All files (*)"
    assert any(f.startswith("conll:") and "*.conll" in f for f in filters)
    assert any(f.startswith("text:") and "*.txt" in f for f in filters)
    if LINUX_LOCKS:
        assert window.store._watch.check().ok


def test_the_export_picker_filters_by_the_chosen_format(window, qtbot, db_path):
    dialog = ExportDialog(["ACTOR"], "alice", window, str(Path(db_path).parent), "x")
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("conll"))
    seen: dict = {}
    _inspect_next_dialog(qtbot, seen)
    dialog.pick_output(str(Path(db_path).parent))
    assert seen["filters"] == ["conll (*.conll)", "All files (*)"]
    if LINUX_LOCKS:
        assert window.store._watch.check().ok


def test_import_filters_cover_every_importable_extension():
    from annotator.formats import registry

    text = import_filters()
    for suffix in registry.IMPORT_EXTENSIONS:
        assert f"*{suffix}" in text
