"""The selected span's attributes in the label panel: a choice list for an attribute with
allowed values, a text field for a free one (an event's date or location). Each change is
an undoable `SetAttrs` command.

One form per label is built when the schema is set and only filled in on selection, so
selecting a span (which happens on every label key press) costs no widget building.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span
from annotator.core.schema import LabelSchema
from annotator.ui.article.article_view import snippet
from annotator.ui.rich.rich_commands import SetAttrs

UNSET = "—"


class AttributesEditor(QGroupBox):
    def __init__(self, editor, parent: QWidget | None = None):
        super().__init__("Attributes", parent)
        self.setObjectName("attributesEditor")
        self.editor = editor
        self.span: Span | None = None
        self.fields: dict[str, dict[str, QWidget]] = {}  # label -> attribute -> widget
        self.pages = QStackedWidget(self)
        self._empty = QLabel("Select a span to see its attributes.", wordWrap=True)
        self._empty.setEnabled(False)
        self.pages.addWidget(self._empty)
        self._page_of: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.pages)
        self.extra = QVBoxLayout()  # the actor field sits here (entity_field)
        layout.addLayout(self.extra)

    def set_schema(self, schema: LabelSchema) -> None:
        for page in self._page_of.values():
            self.pages.removeWidget(page)
            page.deleteLater()
        self._page_of, self.fields = {}, {}
        for lab in schema.labels:
            page = QWidget(self.pages)
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            widgets: dict[str, QWidget] = {}
            for attr in lab.attributes:
                if attr.values:
                    box = QComboBox(page, objectName=f"attr_{lab.name}_{attr.name}")
                    box.addItems([UNSET, *attr.values])
                    box.activated.connect(lambda _i, a=attr.name, b=box: self._chosen(a, b))
                    widgets[attr.name] = box
                else:
                    edit = QLineEdit(page, objectName=f"attr_{lab.name}_{attr.name}")
                    edit.setPlaceholderText("free text")
                    edit.setClearButtonEnabled(True)
                    edit.editingFinished.connect(lambda a=attr.name, e=edit: self._typed(a, e))
                    widgets[attr.name] = edit
                if attr.required:  # marked, and said why on hover
                    widgets[attr.name].setToolTip(f"Required: a finished {lab.name} sets "
                                                  f"its {attr.name}")
                form.addRow(f"{attr.name} *" if attr.required else attr.name,
                            widgets[attr.name])
            if not lab.attributes:
                form.addRow(QLabel(f"{lab.name} has no attributes."))
            self.pages.addWidget(page)
            self._page_of[lab.name] = page
            self.fields[lab.name] = widgets
        self.show_span(self.span)

    def show_span(self, span: Span | None) -> None:
        """Fill the form of the selected span's label (None: nothing selected)."""
        self.span = span
        page = self._page_of.get(span.label) if span is not None else None
        if page is None:
            self.pages.setCurrentWidget(self._empty)
            return
        self.pages.setCurrentWidget(page)
        for name, widget in self.fields[span.label].items():
            value = span.attrs.get(name)
            widget.blockSignals(True)
            if isinstance(widget, QComboBox):
                text = UNSET if value in (None, "") else str(value)
                i = widget.findText(text)
                if i < 0:  # a value the schema does not list (imported): show it anyway
                    widget.addItem(text)
                    i = widget.count() - 1
                widget.setCurrentIndex(i)
            else:
                widget.setText("" if value is None else str(value))
            widget.blockSignals(False)

    def focus_first(self) -> bool:
        """Edit attributes (the span's menu): show this box and put the caret in the
        selected span's first field; False when the span has none."""
        span = self.span
        widgets = list(self.fields.get(span.label, {}).values()) if span is not None else []
        extra = self.extra.itemAt(0).widget() if self.extra.count() else None
        if not widgets and extra is not None and extra.isVisible():
            widgets = [getattr(extra, "edit", extra)]  # an ACTOR: its registry actor
        scroll = self.parent()
        while scroll is not None and not hasattr(scroll, "ensureWidgetVisible"):
            scroll = scroll.parent()
        if scroll is not None:
            scroll.ensureWidgetVisible(self)
        if not widgets:
            self.editor.sig_message.emit("This span has no attributes to edit.")
            return False
        widgets[0].setFocus()
        return True

    def _chosen(self, name: str, box: QComboBox) -> None:
        text = box.currentText()
        self.set_value(name, None if text == UNSET else text)

    def _typed(self, name: str, edit: QLineEdit) -> None:
        self.set_value(name, edit.text().strip() or None)

    def set_value(self, name: str, value: Any) -> bool:
        """Set (None: clear) one attribute of the selected span, as an undoable command."""
        span, doc = self.span, self.editor.doc
        if span is None or doc is None:
            self.editor.sig_message.emit("Select a span first: no attribute was changed.")
            return False
        if span.attrs.get(name) == value or (value is None and name not in span.attrs):
            return False
        new = dict(span.attrs)
        if value is None:
            new.pop(name, None)
        else:
            new[name] = value
        text = snippet(self.editor.view.text[span.start:span.end], 24)
        what = f"{span.label}.{name} of '{text}' to {value if value is not None else 'nothing'}"
        return self.editor.push(SetAttrs(self.editor.store, doc.pk, span.id, span.attrs, new,
                                         what, self.editor._report))
