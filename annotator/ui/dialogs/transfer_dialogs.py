"""The Import and Export dialogs: they only collect a request (files and a format; a
format, layers, statuses, labels, a split and a target), check it before they close, and
never touch the database: `import_export` runs the work."""

from __future__ import annotations

import importlib.util
from itertools import pairwise
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.formats import registry
from annotator.store.layers import LayerFilter
from annotator.transfer.pipeline import ExportRequest, parse_split
from annotator.ui.dialogs import file_dialogs

# The file name an export gets by default (folder formats get none).
EXTENSIONS = {"labelstudio": ".json", "conll": ".conll", "spacy": ".spacy"}
STATUSES = (("new", "&New"), ("in_progress", "In &progress"), ("done", "&Done"))
DEFAULT_SPLIT = "train=0.8,dev=0.1,test=0.1"


def extra_missing(fmt: str) -> str | None:
    """How to install the extra a format needs, or None when nothing is missing."""
    info = registry.FORMATS.get(fmt)
    if info is None or not info.extra or importlib.util.find_spec(info.extra) is not None:
        return None
    return (f"The {fmt} format needs the optional '{info.extra}' package. Install it with:\n"
            f"pip install 'annotator[{info.extra}]'  (then restart the app)")


def _error_label() -> QLabel:
    label = QLabel(wordWrap=True)
    label.setAccessibleName("Problem")
    label.setStyleSheet("color: #c62828;")
    label.hide()
    return label


class _CheckedDialog(QDialog):
    """A dialog whose OK says what is wrong (`problem()`) instead of closing."""

    error_label: QLabel

    def problem(self) -> str | None:
        raise NotImplementedError

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        super().accept()


class ImportDialog(_CheckedDialog):
    """Which files or folders to import, and their format (auto-detected by default)."""

    def __init__(self, parent: QWidget | None = None, start_folder: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.setAccessibleName("Import")
        self._start = start_folder or str(Path.home())
        self.paths = QListWidget(objectName="importPaths")
        self.paths.setAccessibleName("Files and folders to import")
        self.add_files_button = QPushButton("Add &files…")
        self.add_folder_button = QPushButton("Add f&older…")
        self.remove_button = QPushButton("&Remove")
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        self.add_files_button.clicked.connect(self._add_files)
        self.add_folder_button.clicked.connect(self._add_folder)
        self.remove_button.clicked.connect(self._remove)
        self.format_combo = QComboBox(objectName="importFormat")
        self.format_combo.setAccessibleName("Import format")
        self.format_combo.addItem("Detect from the file name and content (auto)", "auto")
        for name, info in registry.FORMATS.items():
            if info.can_import:
                self.format_combo.addItem(f"{name}: {info.description}", name)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.note = QLabel(wordWrap=True, objectName="importNote")
        self.note.setAccessibleName("Note")
        self.note.hide()
        self.error_label = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        side = QVBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.paths, 1)
        row.addLayout(side)
        form = QFormLayout()
        fmt_label = QLabel("F&ormat:")
        fmt_label.setBuddy(self.format_combo)
        form.addRow(fmt_label, self.format_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Articles and annotations to add to this database:"))
        layout.addLayout(row, 1)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    # seams tests replace: the native pickers block
    def pick_files(self) -> list[str]:
        files, _filter = file_dialogs.open_files(self, "Import files", self._start,
                                                  file_dialogs.import_filters())
        return files

    def pick_folder(self) -> str:
        return file_dialogs.existing_folder(self, "Import a folder", self._start)

    def add_paths(self, paths) -> None:
        shown = set(self.chosen_paths())
        for path in map(str, paths):
            if path and path not in shown:
                self.paths.addItem(path)
                shown.add(path)
        self.error_label.hide()

    def _add_files(self) -> None:
        self.add_paths(self.pick_files())

    def _add_folder(self) -> None:
        folder = self.pick_folder()
        if folder:
            self.add_paths([folder])

    def _remove(self) -> None:
        for item in self.paths.selectedItems():
            self.paths.takeItem(self.paths.row(item))

    def _format_changed(self) -> None:
        hint = extra_missing(self.chosen_format())
        self.note.setText(hint or "")
        self.note.setVisible(hint is not None)

    def chosen_paths(self) -> list[str]:
        return [self.paths.item(i).text() for i in range(self.paths.count())]

    def chosen_format(self) -> str:
        return self.format_combo.currentData()

    def set_format(self, name: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(name))

    def problem(self) -> str | None:
        if not self.chosen_paths():
            return "Add at least one file or folder to import."
        missing = [p for p in self.chosen_paths() if not Path(p).exists()]
        if missing:
            return f"{missing[0]} does not exist."
        return extra_missing(self.chosen_format())



class ExportDialog(_CheckedDialog):
    """Format, where to write, whose layer, which statuses and labels, optional split."""

    def __init__(self, labels: list[str], annotator: str, parent: QWidget | None = None,
                 folder: str = "", stem: str = "annotations"):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setAccessibleName("Export")
        self.annotator = annotator
        self._folder = Path(folder) if folder else Path.home()
        self._stem = stem
        self._typed = False  # the analyst edited the output path: keep it

        self.format_combo = QComboBox(objectName="exportFormat")
        self.format_combo.setAccessibleName("Export format")
        for name, info in registry.FORMATS.items():
            if info.can_export:
                self.format_combo.addItem(f"{name}: {info.description}", name)
        self.output_edit = QLineEdit(objectName="exportOutput")
        self.output_edit.setAccessibleName("Output file or folder")
        self.output_edit.textEdited.connect(self._edited)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Choose the output file or folder")
        self.browse_button.clicked.connect(self._browse)

        who = QGroupBox("Whose &layer")
        self.all_radio = QRadioButton("&All analysts")
        self.mine_radio = QRadioButton(f"Only &mine ({annotator})")
        self.gold_radio = QRadioButton("The reviewed &gold layer")
        self.who_group = QButtonGroup(self)
        who_layout = QVBoxLayout(who)
        for radio in (self.all_radio, self.mine_radio, self.gold_radio):
            self.who_group.addButton(radio)
            who_layout.addWidget(radio)
        self.all_radio.setChecked(True)

        statuses = QGroupBox("Status (none ticked: any)")
        status_layout = QHBoxLayout(statuses)
        self.status_checks: dict[str, QCheckBox] = {}
        for key, text in STATUSES:
            check = QCheckBox(text)
            check.setAccessibleName(f"Status {key.replace('_', ' ')}")
            status_layout.addWidget(check)
            self.status_checks[key] = check

        label_box = QGroupBox("Labels (none ticked: all)")
        label_layout = QGridLayout(label_box)
        self.label_checks: dict[str, QCheckBox] = {}
        for i, name in enumerate(labels):
            check = QCheckBox(name)
            check.setAccessibleName(f"Label {name}")
            label_layout.addWidget(check, i // 4, i % 4)
            self.label_checks[name] = check

        self.split_check = QCheckBox("&Split by document:")
        self.split_check.setAccessibleName("Split into parts")
        self.split_edit = QLineEdit(DEFAULT_SPLIT, enabled=False)
        self.split_edit.setAccessibleName("Split fractions")
        self.seed_spin = QSpinBox(enabled=False, minimum=0, maximum=2**31 - 1)
        self.seed_spin.setAccessibleName("Split seed")
        self.split_check.toggled.connect(self.split_edit.setEnabled)
        self.split_check.toggled.connect(self.seed_spin.setEnabled)

        self.note = QLabel(wordWrap=True, objectName="exportNote")
        self.note.setAccessibleName("Note")
        self.error_label = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_buddy("F&ormat:", self.format_combo), self.format_combo)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output_edit, 1)
        out_row.addWidget(self.browse_button)
        form.addRow(_buddy("Ou&tput:", self.output_edit), out_row)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_check)
        split_row.addWidget(self.split_edit, 1)
        split_row.addWidget(_buddy("S&eed:", self.seed_spin))
        split_row.addWidget(self.seed_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(who)
        layout.addWidget(statuses)
        layout.addWidget(label_box)
        layout.addLayout(split_row)
        layout.addWidget(self.note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        chain = [self.format_combo, self.output_edit, self.browse_button, self.all_radio,
                 self.mine_radio, self.gold_radio, *self.status_checks.values(),
                 *self.label_checks.values(), self.split_check, self.split_edit,
                 self.seed_spin, self.buttons]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setMinimumWidth(600)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    # -- what the analyst chose --------------------------------------------------------

    def chosen_format(self) -> str:
        return self.format_combo.currentData()

    def set_format(self, name: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(name))

    def is_folder_format(self) -> bool:
        return registry.FORMATS[self.chosen_format()].folder

    def default_output(self) -> str:
        fmt = self.chosen_format()
        if self.is_folder_format():
            return str(self._folder / f"{self._stem}-{fmt}")
        return str(self._folder / f"{self._stem}-{fmt}{EXTENSIONS.get(fmt, '.jsonl')}")

    def set_output(self, path: str | Path) -> None:
        self.output_edit.setText(str(path))
        self._typed = True

    def _edited(self, _text: str) -> None:
        self._typed = True

    def _format_changed(self) -> None:
        if not self._typed:
            self.output_edit.setText(self.default_output())
        notes = []
        hint = extra_missing(self.chosen_format())
        if hint:
            notes.append(hint)
        if self.is_folder_format():
            notes.append("This format writes a folder of files.")
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))

    def pick_output(self, start: str) -> str:
        """Ask where to write (a seam tests replace, as the native picker blocks)."""
        if self.is_folder_format():
            return file_dialogs.existing_folder(self, "Export into folder", start)
        path, _filter = file_dialogs.save_file(self, "Export to file", start,
                                               file_dialogs.export_filter(self.chosen_format()))
        return path

    def _browse(self) -> None:
        chosen = self.pick_output(self.output_edit.text().strip() or str(self._folder))
        if chosen:
            self.set_output(chosen)

    def request(self) -> ExportRequest:
        """The export as the dialog shows it; a UsageError says what to fix."""
        from annotator.core.errors import UsageError

        output = self.output_edit.text().strip()
        if not output:
            raise UsageError("Choose where to write the export.")
        if self.gold_radio.isChecked():
            annotators = ["gold"]
        elif self.mine_radio.isChecked():
            annotators = [self.annotator]
        else:
            annotators = None
        statuses = [k for k, c in self.status_checks.items() if c.isChecked()] or None
        labels = [k for k, c in self.label_checks.items() if c.isChecked()] or None
        split = parse_split(self.split_edit.text()) if self.split_check.isChecked() else None
        return ExportRequest(self.chosen_format(), str(Path(output).expanduser()),
                             LayerFilter(annotators, statuses, labels), split,
                             self.seed_spin.value())

    def problem(self) -> str | None:
        try:
            self.request()
        except AnnotatorError as exc:
            return str(exc).replace("--split", "The split")
        return extra_missing(self.chosen_format())



def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label
