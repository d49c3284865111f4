"""An ACTOR span's canonical actor: a field that completes over the registry (names and
aliases, matched anywhere, case- and "the"-blind) and offers "Create actor 'X'" when
nothing fits. An unlinked span's field starts with the span's words, so Return links the
actor of that name or creates it. The popup is as wide as its longest name, and Ctrl+Z
inside the field undoes typing (not the window's last edit). Linking, creating and
unlinking are undoable `LinkEntity` commands."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotator.core.actor_match import normalize
from annotator.core.model import Span
from annotator.store.entities import ENTITY_LABEL, find_actor, get_entity, search_entities
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
        self._prefill = ""  # the span's words, proposed as the actor's name
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
        popup = self.completer.popup()
        popup.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.edit.installEventFilter(self)  # its own undo: Ctrl+Z is the field's first
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
        # Unlinked: start from the span's own words, the name most often wanted.
        words = " ".join(self.editor.view.text[span.start:span.end].split())
        self.edit.setText(entity.name if entity else words)
        self.edit.setToolTip("" if entity else "Return links the actor of this name, or "
                             "creates it; type to search the registry")
        self.unlink.setEnabled(entity is not None)
        self._prefill = "" if entity else words
        self.edit.selectAll()  # typing replaces the proposal
        if entity is None and words:
            self._refresh_choices(words)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Undo and redo keys typed in the field are the field's, not the window's."""
        if obj is self.edit and event.type() == QEvent.Type.FocusIn and \
                self._prefill and self.edit.text() == self._prefill:
            QTimer.singleShot(0, self.edit.selectAll)  # a click too: typing replaces it
        if obj is self.edit and event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or (event.key() == Qt.Key.Key_Y
                    and event.modifiers() == Qt.KeyboardModifier.ControlModifier)):
            event.accept()
            return False
        return super().eventFilter(obj, event)

    def _refresh_choices(self, text: str) -> None:
        found = search_entities(self.editor.store, text, 10)
        self._choices = {_display(e): e.id for e in found}
        name = text.strip()
        wanted = normalize(name)
        if name and not any(normalize(n) == wanted for e in found for n in (e.name, *e.aliases)):
            self._choices[CREATE.format(name)] = None
        self.model.setStringList(list(self._choices))
        popup = self.completer.popup()
        metrics = popup.fontMetrics()
        widest = max((metrics.horizontalAdvance(t) for t in self._choices), default=0)
        popup.setMinimumWidth(max(self.edit.width(), widest + 40))

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
        if self.span is None:
            self.editor.sig_message.emit("Select an ACTOR span first: no actor was linked.")
            return False
        if not name:
            return False
        if name.startswith("Create actor '") and name.endswith("'"):
            return self.create(name[len("Create actor '"):-1])
        if name in self._choices and self._choices[name] is not None:
            return self.link(self._choices[name])  # a popup entry typed out in full
        entity = find_actor(self.editor.store, name)  # "the Pentagon" is "Pentagon"
        if entity is not None:
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
