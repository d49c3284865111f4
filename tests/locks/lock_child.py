"""A process that holds an annotator database open and obeys one command per stdin line,
answering one line each, so a test can kill it between acknowledged edits.

`store` mode uses the Store alone; `window` mode builds the real window (build_window) and
labels with key presses. Commands: label, touch (open and close the database file, as a
content sniff does), sniff (QMimeDatabase on the database and its side files), dialogs
(every file dialog of the app, each shown on the database's folder until it has listed it),
qfiledialog (a plain non-native QFileDialog on that folder), racewrite (a commit that goes
into a WAL another process deleted meanwhile, then the store's after-write check).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WORD = re.compile(r"\w{4,}")


class StoreSession:
    def __init__(self, db: Path, analyst: str):
        from annotator.store import Store

        self.store = Store(db)
        self.analyst = analyst
        self.pk, self.text = self._document()
        self.words = [m.span() for m in WORD.finditer(self.text)]
        self.acked = 0

    def _document(self) -> tuple[int, str]:
        pk = self.store.document_pks()[0]
        return pk, self.store.document(pk).text

    def label(self) -> str:
        start, end = self.words[self.acked]
        self.store.add_span(self.pk, self.analyst, start, end, "ACTOR")
        self.acked += 1
        return f"ack {self.acked}"

    def racewrite(self) -> str:
        watch, self.store._watch = self.store._watch, None  # skip the check before the write
        try:
            reply = self.label()
        finally:
            self.store._watch = watch
        reopened = self.store.verify_files(after_write=True)
        return f"{reply} reopened={reopened}"


class WindowSession(StoreSession):
    def __init__(self, db: Path, analyst: str):
        from PySide6.QtWidgets import QApplication

        from annotator.app import build_window

        self.app = QApplication.instance() or QApplication([])
        self.window = build_window(db, analyst)
        self.window.resize(1200, 800)
        self.window.show()
        self.folder = db.parent
        self.db = db
        self._pump(50)
        self.store = self.window.store
        self.analyst = analyst
        self.pk, self.text = self.window.editor.doc.pk, self.window.editor.doc.text
        self.words = [m.span() for m in WORD.finditer(self.text)]
        self.acked = 0

    def _pump(self, ms: int) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def label(self) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QTextCursor
        from PySide6.QtTest import QTest

        start, end = self.words[self.acked]
        view = self.window.view
        cursor = view.textCursor()
        cursor.setPosition(len(self.text[:start].encode("utf-16-le")) // 2)
        cursor.setPosition(len(self.text[:end].encode("utf-16-le")) // 2,
                           QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        QTest.keyClick(view, Qt.Key.Key_1)
        self.acked += 1
        return f"ack {self.acked}"

    def sniff(self) -> str:
        from PySide6.QtCore import QMimeDatabase

        names = [QMimeDatabase().mimeTypeForFile(str(p)).name()
                 for p in (self.db, Path(f"{self.db}-wal"), Path(f"{self.db}-shm"))]
        return "sniffed " + ",".join(names)

    def _close_when_listed(self, ms: int = 600) -> None:
        """Let the next modal file dialog list the folder (icons, types), then cancel it."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QFileDialog

        def close() -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QFileDialog):
                dialog.setViewMode(QFileDialog.ViewMode.Detail)
                QTimer.singleShot(ms, dialog.reject)
            else:
                QTimer.singleShot(20, close)

        QTimer.singleShot(20, close)

    def dialogs(self) -> str:
        from annotator.ui.dialogs.import_export import ExportDialog, ImportDialog
        from annotator.ui.dialogs.preferences import PreferencesDialog

        folder = str(self.folder)
        shown = []
        importer = ImportDialog(self.window, folder)
        for name, show in (
            ("import files", importer.pick_files),
            ("import folder", importer.pick_folder),
            ("export", lambda: ExportDialog(["ACTOR"], self.analyst, self.window, folder,
                                            "x").pick_output(folder)),
            ("export folder", lambda: _folder_export(self.window, folder)),
            ("merge", self.window.merge_ui.ask_and_merge),
            ("patterns", self.window.rich.suggestions.choose_patterns),
            ("preferences", lambda: PreferencesDialog(self.window).pick_folder(folder)),
        ):
            self._close_when_listed()
            show()
            shown.append(name)
        health = self.store._watch.check()
        return f"dialogs {','.join(shown)} locks={'ok' if health.ok else health}"

    def qfiledialog(self) -> str:
        from PySide6.QtWidgets import QFileDialog

        dialog = QFileDialog(self.window, "Plain dialog", str(self.folder))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        dialog.show()
        self._pump(800)
        dialog.reject()
        return "qfiledialog shown"


def _folder_export(window, folder: str) -> None:
    from annotator.ui.dialogs.import_export import ExportDialog

    dialog = ExportDialog(["ACTOR"], "x", window, folder, "x")
    index = dialog.format_combo.findData("brat")
    if index >= 0:
        dialog.format_combo.setCurrentIndex(index)
    dialog.pick_output(folder)


def touch(db: Path) -> str:
    with db.open("rb") as fh:
        fh.read(16)
    return "touched"


def main() -> None:
    mode, db, analyst = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    session = WindowSession(db, analyst) if mode == "window" else StoreSession(db, analyst)
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "touch":
            reply = touch(db)
        else:
            reply = getattr(session, command)()
        print(reply, flush=True)


if __name__ == "__main__":
    main()
