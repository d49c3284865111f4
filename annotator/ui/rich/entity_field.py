"""An ACTOR span's canonical actor: a field that completes over the registry (names and
aliases) and offers "Create actor 'X'" when nothing fits. Linking, creating and unlinking
are undoable `LinkEntity` commands."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotator.core.model import Span
from annotator.store.entities import ENTITY_LABEL, get_entity, search_entities
from annotator.ui.article.article_view import snippet
from annotator.ui.rich.rich_commands import LinkEntity

CREATE = "Create actor '{}'"


def _display(entity) -> str:
    extra = [x for x in (entity.kind, ", ".join(entity.aliases[:2])) if x]
    return f"{entity.name}  ({'; '.join(extra)})" if extra else entity.name


class EntityField(QWidget):
    def __init__(self, editor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("entityField")
        self.editor = editor
        self.span: Span | None = None
        self.edit = QLineEdit(self, objectName="entityEdit")
        self.edit.setPlaceholderText("registry actor: type a name…")
        self.unlink = QToolButton(self, text="×", toolTip="Unlink from the registry actor")
        self.unlink.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._choices: dict[str, str | None] = {}  # shown text -> entity id (None: create)
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.edit.setCompleter(self.completer)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Actor"))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.unlink)
        self.edit.textEdited.connect(self._refresh_choices)
        self.completer.activated.connect(self._activated)
        self.edit.returnPressed.connect(lambda: self.choose(self.edit.text()))
        self.unlink.clicked.connect(lambda: self.link(None))
        self.setVisible(False)

    def show_span(self, span: Span | None) -> None:
        self.span = span if span is not None and span.label == ENTITY_LABEL else None
        self.setVisible(self.span is not None)
        if self.span is None:
            return
        entity = get_entity(self.editor.store, span.entity) if span.entity else None
        self.edit.setText(entity.name if entity else "")
        self.unlink.setEnabled(entity is not None)

    def _refresh_choices(self, text: str) -> None:
        found = search_entities(self.editor.store, text, 10)
        self._choices = {_display(e): e.id for e in found}
        name = text.strip()
        if name and not any(e.name.casefold() == name.casefold() for e in found):
            self._choices[CREATE.format(name)] = None
        self.model.setStringList(list(self._choices))

    def _activated(self, shown: str) -> None:
        if shown in self._choices:
            entity_id = self._choices[shown]
            if entity_id is None:
                self.choose(shown)  # "Create actor 'X'"
            else:
                self.link(entity_id)

    def choose(self, text: str) -> bool:
        """What Return does: link the actor of that exact name (or alias), or create it."""
        name = text.strip()
        if not name or self.span is None:
            return False
        if name.startswith("Create actor '") and name.endswith("'"):
            return self.create(name[len("Create actor '"):-1])
        for entity in search_entities(self.editor.store, name, 50):
            if name.casefold() in {entity.name.casefold(), *(a.casefold() for a in entity.aliases)}:
                return self.link(entity.id)
        return self.create(name)

    def link(self, entity_id: str | None) -> bool:
        span = self.span
        if span is None or self.editor.doc is None or span.entity == entity_id:
            return False
        return self._push(LinkEntity(self.editor.store, self.editor.doc.pk, span.id,
                                     entity_id, self._what(span), report=self.editor._report))

    def create(self, name: str) -> bool:
        """Add a registry actor named `name` and link the span to it (one undo step)."""
        span = self.span
        if span is None or self.editor.doc is None or not name.strip():
            return False
        kind = span.attrs.get("kind")
        label = self.editor.store.schema().label(ENTITY_LABEL)
        allowed = label.attribute("kind").values if label and label.attribute("kind") else []
        kind = kind if isinstance(kind, str) and (not allowed or kind in allowed) else None
        return self._push(LinkEntity(self.editor.store, self.editor.doc.pk, span.id, None,
                                     self._what(span), new_name=name.strip(), new_kind=kind,
                                     report=self.editor._report))

    def _push(self, cmd: LinkEntity) -> bool:
        ok = self.editor.push(cmd)
        if ok:
            self.editor.sig_message.emit(cmd.text() + ".")
        return ok

    def _what(self, span: Span) -> str:
        return f"'{snippet(self.editor.view.text[span.start:span.end], 24)}'"
