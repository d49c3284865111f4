"""The label schema editor: labels (name, key, colour, attributes with allowed values or
free text, each optionally required) and relation types (name, head label, child label,
the key that links with it).

It edits a copy; Save goes through `apply_schema`, which refuses a schema that breaks a
rule or would orphan existing annotations. The refusal, the same text `annotator schema
import` prints, lists every problem at once in the dialog, which stays open so the
analyst can fix the schema instead of losing the edits.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import DataError
from annotator.core.schema import (
    AttributeDef,
    LabelDef,
    LabelSchema,
    RelationDef,
    normalize_key,
)
from annotator.store.schema_guard import apply_schema, refusal
from annotator.ui.article.colors import swatch
from annotator.ui.article.commands import StoreCommand
from annotator.ui.rich.rich_commands import SetSchema

ANY = "(any)"


def _table(headers: list[str], parent: QWidget, stretch: int = 0) -> QTableWidget:
    """A table whose headers are read in full: every column as wide as its header and
    contents, the `stretch` column taking the rest."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for col in range(len(headers)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    return table


def _buttons(parent: QWidget, *pairs) -> QHBoxLayout:
    row = QHBoxLayout()
    for text, slot in pairs:
        button = QPushButton(text, parent)
        button.clicked.connect(lambda _=False, s=slot: s())
        row.addWidget(button)
    row.addStretch(1)
    return row


class SchemaEditor(QDialog):
    def __init__(self, store, parent: QWidget | None = None,
                 push: Callable[[StoreCommand], bool] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Label schema")
        self.setObjectName("schemaEditor")
        self.store = store
        self.push = push  # the window editor's push: saving becomes an undoable command
        schema = store.schema()
        self.labels: list[LabelDef] = copy.deepcopy(schema.labels)
        relations = copy.deepcopy(schema.relations)
        self._filling = False

        labels_box = QGroupBox("Labels", self)
        self.label_table = _table(["Name", "Key", "Colour"], labels_box)
        self.label_table.horizontalHeaderItem(1).setToolTip("The digit 1-9 that labels the "
                                                            "selection")
        self.label_table.setObjectName("labelTable")
        lb = QVBoxLayout(labels_box)
        lb.addWidget(self.label_table)
        lb.addLayout(_buttons(labels_box, ("Add label", self.add_label),
                              ("Remove label", self.remove_label),
                              ("Colour…", self._pick_colour)))

        self.attr_box = QGroupBox("Attributes", self)
        self.attr_table = _table(["Attribute", "Allowed values", "Required"], self.attr_box,
                                 stretch=1)
        self.attr_table.setObjectName("attributeTable")
        self.attr_table.horizontalHeaderItem(1).setToolTip(
            "Comma-separated; leave empty for free text")
        self.attr_table.horizontalHeaderItem(2).setToolTip(
            "A finished span must set it (annotator check reports those that do not)")
        ab = QVBoxLayout(self.attr_box)
        ab.addWidget(self.attr_table)
        attr_hint = QLabel("Allowed values: comma-separated; empty means free text.",
                           self.attr_box, wordWrap=True)
        attr_hint.setEnabled(False)
        ab.addWidget(attr_hint)
        ab.addLayout(_buttons(self.attr_box, ("Add attribute", self.add_attribute),
                              ("Remove attribute", self.remove_attribute)))

        rel_box = QGroupBox("Relation types", self)
        self.rel_table = _table(["Name", "Head label", "Child label", "Key"], rel_box)
        self.rel_table.horizontalHeaderItem(3).setToolTip(
            "The letter that starts this link in the window (then click the other span)")
        self.rel_table.setObjectName("relationTable")
        rb = QVBoxLayout(rel_box)
        rb.addWidget(self.rel_table)
        rb.addLayout(_buttons(rel_box, ("Add relation", lambda: self.add_relation()),
                              ("Remove relation", self.remove_relation)))

        self.problems = QLabel("", self, wordWrap=True, objectName="schemaProblems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setStyleSheet("color: #b00020;")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._save_clicked)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(labels_box, 1)
        top.addWidget(self.attr_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 3)
        layout.addWidget(rel_box, 2)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(820, 600)

        self._fill_labels()
        for rel in relations:
            self.add_relation(rel)
        self.label_table.currentCellChanged.connect(lambda *_: self._fill_attributes())
        self.label_table.itemChanged.connect(self._label_edited)
        self.attr_table.itemChanged.connect(self._attribute_edited)
        if self.labels:
            self.label_table.setCurrentCell(0, 0)

    # -- labels ---------------------------------------------------------------------------

    def _fill_labels(self) -> None:
        self._filling = True
        self.label_table.setRowCount(0)
        for lab in self.labels:
            row = self.label_table.rowCount()
            self.label_table.insertRow(row)
            self.label_table.setItem(row, 0, QTableWidgetItem(lab.name))
            self.label_table.setItem(row, 1, QTableWidgetItem(lab.key or ""))
            colour = QTableWidgetItem(lab.color)
            colour.setIcon(swatch(QColor(lab.color), 12))
            self.label_table.setItem(row, 2, colour)
        self._filling = False

    def current_label(self) -> LabelDef | None:
        row = self.label_table.currentRow()
        return self.labels[row] if 0 <= row < len(self.labels) else None

    def add_label(self, name: str = "NEW_LABEL", key: str = "", color: str = "#8c564b"
                  ) -> None:
        self.labels.append(LabelDef(name, key or None, color))
        self._fill_labels()
        self._refresh_relation_choices()
        self.label_table.setCurrentCell(len(self.labels) - 1, 0)

    def remove_label(self) -> None:
        row = self.label_table.currentRow()
        if 0 <= row < len(self.labels):
            del self.labels[row]
            self._fill_labels()
            self._refresh_relation_choices()
            self._fill_attributes()

    def _label_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or not 0 <= item.row() < len(self.labels):
            return
        lab, text = self.labels[item.row()], item.text().strip()
        if item.column() == 0:
            lab.name = text
            self._refresh_relation_choices()
        elif item.column() == 1:
            lab.key = text or None
        elif item.column() == 2 and QColor(text).isValid():
            lab.color = text
            self._filling = True  # the new icon is an itemChanged too
            item.setIcon(swatch(QColor(text), 12))
            self._filling = False

    def _pick_colour(self) -> None:
        lab = self.current_label()
        if lab is None:
            return
        chosen = QColorDialog.getColor(QColor(lab.color), self, f"Colour of {lab.name}")
        if chosen.isValid():
            self.label_table.item(self.label_table.currentRow(), 2).setText(chosen.name())

    # -- attributes -----------------------------------------------------------------------

    def _fill_attributes(self) -> None:
        lab = self.current_label()
        self._filling = True
        self.attr_table.setRowCount(0)
        self.attr_box.setTitle(f"Attributes of {lab.name}" if lab else "Attributes")
        for attr in lab.attributes if lab else []:
            row = self.attr_table.rowCount()
            self.attr_table.insertRow(row)
            self.attr_table.setItem(row, 0, QTableWidgetItem(attr.name))
            self.attr_table.setItem(row, 1, QTableWidgetItem(", ".join(attr.values)))
            box = QCheckBox(self.attr_table, checked=attr.required,
                            objectName=f"required:{attr.name}")
            box.setToolTip(f"{lab.name}.{attr.name} must be set on a finished span")
            box.toggled.connect(lambda on, a=attr: setattr(a, "required", on))
            self.attr_table.setCellWidget(row, 2, box)
        self._filling = False

    def add_attribute(self, name: str = "attribute", values: list[str] | None = None) -> None:
        lab = self.current_label()
        if lab is not None:
            lab.attributes.append(AttributeDef(name, list(values or [])))
            self._fill_attributes()

    def remove_attribute(self) -> None:
        lab, row = self.current_label(), self.attr_table.currentRow()
        if lab is not None and 0 <= row < len(lab.attributes):
            del lab.attributes[row]
            self._fill_attributes()

    def _attribute_edited(self, item: QTableWidgetItem) -> None:
        lab = self.current_label()
        if self._filling or lab is None or not 0 <= item.row() < len(lab.attributes):
            return
        attr = lab.attributes[item.row()]
        if item.column() == 0:
            attr.name = item.text().strip()
        elif item.column() == 1:
            attr.values = [v.strip() for v in item.text().split(",") if v.strip()]
            if attr.default is not None and attr.values and attr.default not in attr.values:
                attr.default = None  # a default the values no longer allow

    # -- relations ------------------------------------------------------------------------

    def add_relation(self, rel: RelationDef | None = None) -> None:
        if rel is None:
            current = LabelSchema(self.labels, self.relations())
            rel = RelationDef("NEW_RELATION", key=current.free_relation_key("NEW_RELATION"))
        row = self.rel_table.rowCount()
        self.rel_table.insertRow(row)
        self.rel_table.setItem(row, 0, QTableWidgetItem(rel.name))
        for col, value in ((1, rel.head), (2, rel.child)):
            box = QComboBox(self.rel_table)
            self._set_choices(box, value)
            self.rel_table.setCellWidget(row, col, box)
        self.rel_table.setItem(row, 3, QTableWidgetItem(rel.key or ""))

    def remove_relation(self) -> None:
        row = self.rel_table.currentRow()
        if row >= 0:
            self.rel_table.removeRow(row)

    def _set_choices(self, box: QComboBox, value: str | None) -> None:
        box.clear()
        names = [lab.name for lab in self.labels]
        box.addItems([ANY, *names])
        if value is not None and value not in names:
            box.addItem(value)  # a label just renamed or removed: the save will say so
        box.setCurrentText(value or ANY)

    def _refresh_relation_choices(self) -> None:
        for row in range(self.rel_table.rowCount()):
            for col in (1, 2):
                box = self.rel_table.cellWidget(row, col)
                self._set_choices(box, None if box.currentText() == ANY else box.currentText())

    def relations(self) -> list[RelationDef]:
        out = []
        for row in range(self.rel_table.rowCount()):
            item = self.rel_table.item(row, 0)
            ends = [self.rel_table.cellWidget(row, c).currentText() for c in (1, 2)]
            key = self.rel_table.item(row, 3)
            out.append(RelationDef((item.text() if item else "").strip(),
                                   *[None if e == ANY else e for e in ends],
                                   normalize_key(key.text() if key else None)))
        return out

    # -- saving ---------------------------------------------------------------------------

    def schema(self) -> LabelSchema:
        return LabelSchema(copy.deepcopy(self.labels), self.relations())

    def save(self) -> bool:
        """Apply the edited schema; on refusal, list why in the dialog and keep it open:
        every broken rule and every conflict with existing annotations at once."""
        schema = self.schema()
        reason = refusal(self.store, schema)
        if reason:
            self.problems.setText(reason)
            return False
        try:
            if self.push is not None:  # the window's undo stack: Ctrl+Z undoes a save
                if not self.push(SetSchema(self.store, schema)):
                    raise DataError("the store refused the schema (see the status bar)")
            else:
                apply_schema(self.store, schema)
        except DataError as exc:
            self.problems.setText(str(exc))
            return False
        self.problems.setText("")
        return True

    def _save_clicked(self) -> None:
        if self.save():
            self.accept()
