"""Every file dialog of the app, built so that it never opens a file to look at it.

Qt's own dialog asks `QMimeDatabase` for each listed file's type and icon, which opens and
closes files whose name is not conclusive; on Linux and macOS closing any descriptor of
the open database drops SQLite's locks on it (docs/architecture.md, "SQLite's locks and
file dialogs"). Here the icon provider answers from the file name alone, and a platform
dialog is used only where it runs in another process (the XDG portal, macOS), so nothing
in this process touches the database's files. The store still checks its locks around
every write, in case something else sniffs.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QStyle,
    QWidget,
)


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the name and `stat` alone, never from file contents."""

    def icon(self, what):  # Qt passes a QFileInfo or an IconType
        style = QApplication.style()
        if isinstance(what, QFileInfo):
            if what.isDir():
                return style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
            if what.isSymLink():
                return style.standardIcon(QStyle.StandardPixmap.SP_FileLinkIcon)
            return style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        kind = QAbstractFileIconProvider.IconType
        pixmap = {
            kind.Computer: QStyle.StandardPixmap.SP_ComputerIcon,
            kind.Desktop: QStyle.StandardPixmap.SP_DesktopIcon,
            kind.Trashcan: QStyle.StandardPixmap.SP_TrashIcon,
            kind.Network: QStyle.StandardPixmap.SP_DriveNetIcon,
            kind.Drive: QStyle.StandardPixmap.SP_DriveHDIcon,
            kind.Folder: QStyle.StandardPixmap.SP_DirIcon,
        }.get(what, QStyle.StandardPixmap.SP_FileIcon)
        return style.standardIcon(pixmap)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


_PROVIDER: NameOnlyIconProvider | None = None


def _provider() -> NameOnlyIconProvider:
    global _PROVIDER  # one for the process: Qt keeps only a pointer to it
    if _PROVIDER is None:
        _PROVIDER = NameOnlyIconProvider()
    return _PROVIDER


def native_runs_out_of_process() -> bool:
    """The platform's dialog is safe only where another process draws it."""
    if sys.platform == "darwin":
        return True  # NSOpenPanel is drawn by a separate service
    if sys.platform.startswith("linux"):
        theme = os.environ.get("QT_QPA_PLATFORMTHEME", "").lower()
        return "xdgdesktopportal" in theme or os.path.exists("/.flatpak-info")
    return False  # Windows' dialog runs shell extensions in process


def make_safe(dialog: QFileDialog) -> QFileDialog:
    """Configure any QFileDialog so it reads no file contents."""
    if not native_runs_out_of_process():
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    dialog.setIconProvider(_provider())
    return dialog


def import_filters() -> str:
    """Name filters for the import picker: every supported file, then one per format (from
    the format registry, so a new format shows up by itself), then all files."""
    from annotator.formats import registry

    by_format: dict[str, list[str]] = {}
    for suffix, name in {**registry.IMPORT_EXTENSIONS,
                         **registry.IMPORT_COMPOUND_SUFFIXES}.items():
        by_format.setdefault(name, []).append(f"*{suffix}")
    everything = sorted({p for patterns in by_format.values() for p in patterns})
    filters = [f"All supported files ({' '.join(everything)})"]
    for name, patterns in sorted(by_format.items()):
        info = registry.FORMATS.get(name)
        title = info.description.split(":")[0].split(",")[0] if info else name
        filters.append(f"{name}: {title} ({' '.join(sorted(patterns))})")
    filters.append("All files (*)")
    return ";;".join(filters)


def export_filter(fmt: str) -> str:
    """The save picker's filter for one export format ("" for folder formats)."""
    from annotator.formats import registry

    info = registry.FORMATS.get(fmt)
    if info is None or info.folder or not info.suffix:
        return "All files (*)"
    return f"{fmt} (*{info.suffix});;All files (*)"


def _dialog(parent: QWidget | None, caption: str, start: str, filters: str,
            mode: QFileDialog.FileMode, accept: QFileDialog.AcceptMode) -> QFileDialog:
    dialog = make_safe(QFileDialog(parent, caption, start or "", filters or ""))
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog


def _run(dialog: QFileDialog) -> tuple[list[str], str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return [], ""
        return dialog.selectedFiles(), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def open_file(parent: QWidget | None, caption: str, start: str = "",
              filters: str = "") -> tuple[str, str]:
    """(path or "", the chosen filter): as QFileDialog.getOpenFileName."""
    files, chosen = _run(_dialog(parent, caption, start, filters,
                                 QFileDialog.FileMode.ExistingFile,
                                 QFileDialog.AcceptMode.AcceptOpen))
    return (files[0] if files else ""), chosen


def open_files(parent: QWidget | None, caption: str, start: str = "",
               filters: str = "") -> tuple[list[str], str]:
    return _run(_dialog(parent, caption, start, filters, QFileDialog.FileMode.ExistingFiles,
                        QFileDialog.AcceptMode.AcceptOpen))


def save_file(parent: QWidget | None, caption: str, start: str = "",
              filters: str = "") -> tuple[str, str]:
    files, chosen = _run(_dialog(parent, caption, start, filters,
                                 QFileDialog.FileMode.AnyFile,
                                 QFileDialog.AcceptMode.AcceptSave))
    return (files[0] if files else ""), chosen


def existing_folder(parent: QWidget | None, caption: str, start: str = "") -> str:
    files, _ = _run(_dialog(parent, caption, start, "", QFileDialog.FileMode.Directory,
                            QFileDialog.AcceptMode.AcceptOpen))
    return files[0] if files else ""


__all__ = ["NameOnlyIconProvider", "existing_folder", "export_filter", "import_filters",
           "make_safe", "open_file", "open_files", "save_file"]
