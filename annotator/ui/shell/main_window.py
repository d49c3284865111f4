"""The annotation workspace: documents on the left, the article in the centre, labels on
the right. This module only builds and wires; the behaviour lives in the widgets and the
editor."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSplitter, QWidget

from annotator.core.model import Span
from annotator.settings import load_settings, update_settings
from annotator.store import Store
from annotator.store.changes import Change, ChangeKind
from annotator.ui.article.article_pane import ArticlePane
from annotator.ui.article.colors import styles_for
from annotator.ui.article.editor import Editor
from annotator.ui.article.label_panel import LabelPanel
from annotator.ui.shell.actions import ActionTable
from annotator.ui.shell.context import ANNOTATE, WindowContext
from annotator.ui.shell.document_panel import DocumentPanel
from annotator.ui.shell.input_watch import watch_input
from annotator.ui.shell.keys import KeyRouter, Mod
from annotator.ui.shell.layout import PaneLayout
from annotator.ui.shell.parts import install_parts
from annotator.ui.shell.refresh import Refresher
from annotator.ui.shell.shell_actions import shell_actions

MIN_FONT, MAX_FONT = 8, 32


class MainWindow(QMainWindow):
    def __init__(self, store: Store, annotator: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        ctx = self.ctx = WindowContext(store, annotator, self)
        ctx.window = self
        self._db_key = str(store.path.resolve())  # last document is remembered per database
        self._show_title()
        screen = self.screen().availableGeometry()
        self.resize(min(1280, screen.width()), min(800, screen.height()))

        self.documents = ctx.documents = DocumentPanel(ctx, self)
        self.article = ctx.article = ArticlePane(self)
        self.labels = ctx.labels = LabelPanel(self)
        self.view = ctx.view = self.article.view
        splitter = QSplitter(self, objectName="mainSplitter")
        for widget, stretch in ((self.documents, 0), (self.article, 1), (self.labels, 0)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        self.setCentralWidget(splitter)
        self.panes = PaneLayout(splitter, self.documents, self.article, self.labels, self)

        styles = styles_for(store.schema(), self.palette())
        self.editor = ctx.editor = Editor(ctx, self.view, styles, self)
        self.editor.snap = bool(self.settings.get("snap_to_words", True))
        self.view.tags.set_enabled(bool(self.settings.get("show_labels", True)))
        self.labels.set_schema(store.schema(), styles)
        self.view.set_font_size(self._font_size())

        self._wire()
        self.keys = ctx.keys = KeyRouter(lambda: ctx.mode, self)
        watch_input(QApplication.instance())  # workers pause while a key is answered
        self.action_table = ctx.actions = ActionTable(ctx, self.keys)
        self.action_table.add(*shell_actions(self))
        self.action_table.set_labeler(ANNOTATE, self.editor.label)
        self.refresher = ctx.refresher = Refresher(ctx)
        install_parts(self)
        if not self.view.tags.enabled:  # the review view follows the saved choice too
            self.set_show_labels(False)
        self.action_table.build(self.menu)
        self.undo_action, self.redo_action = self.action_table["edit.undo"], \
            self.action_table["edit.redo"]
        self.snap_action = self.action_table["view.snap"]
        self.review_action = self.action_table["review.mode"]
        self._follow_undo_stack()
        self.keys.watch(self, self.documents.view, self.labels, self.labels.span_view)
        self.keys.watch(self.view, self.view.viewport(), surface=True)
        geometry = self.settings.get("geometry")
        if isinstance(geometry, str):
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
        self.panes.restore(self.settings)
        self.panes.follow(self.action_table["view.documents"], self.action_table["view.label_panel"])
        self._open_first()

    @property
    def settings(self) -> dict:
        """The settings as last read or written (shared with every part through ctx)."""
        return self.ctx.settings

    @settings.setter
    def settings(self, value: dict) -> None:
        self.ctx.settings = value

    # -- the analyst ----------------------------------------------------------------------

    @property
    def analyst(self) -> str:
        """Whose layer the window shows and writes (change it with `set_analyst`)."""
        return self.ctx.analyst

    @property
    def annotator(self) -> str:
        """The analyst, under the name the store uses for a layer's owner."""
        return self.ctx.analyst

    def set_analyst(self, name: str) -> None:
        """Work as `name`: every part that shows or writes a layer follows at once
        (ValueError if the name is empty or the gold layer's)."""
        self.ctx.set_analyst(name)

    def _analyst_changed(self, name: str) -> None:
        self._show_title()
        self.documents.reload()
        self.editor.reopen()  # the open document, shown again in the new layer
        self.statusBar().showMessage(f"Now labeling as {name}", 4000)

    def _show_title(self) -> None:
        """Document — database — analyst; the platform adds the application's display name
        ("Annotator") itself, so the title never names it (it showed twice)."""
        doc = getattr(getattr(self, "editor", None), "doc", None)
        parts = [doc.title or doc.id] if doc is not None else []
        self.setWindowTitle(" — ".join([*parts, self.store.path.name, self.ctx.analyst]))

    # -- wiring -------------------------------------------------------------------------

    def _wire(self) -> None:
        ed, labels = self.editor, self.labels
        self.documents.sig_document_selected.connect(self.open_document)
        ed.sig_open_request.connect(self.open_document)
        ed.sig_message.connect(lambda m: self.statusBar().showMessage(m, 6000))
        ed.sig_opened.connect(self._opened)
        ed.sig_span_changed.connect(labels.span_changed)
        ed.sig_selected.connect(lambda span: labels.show_span(span, self.view.text))
        labels.sig_label_clicked.connect(self._label_clicked)
        labels.sig_span_activated.connect(lambda sid: ed.select_span(sid, reveal=True))
        labels.sig_delete_clicked.connect(ed.delete_selected)
        self.store.subscribe(self._on_change)
        self.ctx.sig_analyst_changed.connect(self._analyst_changed)

    def _follow_undo_stack(self) -> None:
        stack = self.editor.stack
        stack.undoTextChanged.connect(self._update_undo_texts)
        stack.redoTextChanged.connect(self._update_undo_texts)
        stack.indexChanged.connect(self._update_undo_texts)
        self._update_undo_texts()

    def menu(self, title: str) -> QMenu:
        """The top-level menu with this title (mnemonic '&' ignored), created if missing;
        new menus go before Help so Help stays last."""
        plain = title.replace("&", "")
        help_action = None
        for action in self.menuBar().actions():
            text = action.text().replace("&", "")
            if text == plain and action.menu() is not None:
                return action.menu()
            if text == "Help":
                help_action = action
        menu = QMenu(title, self)
        if help_action is not None and plain != "Help":
            self.menuBar().insertMenu(help_action, menu)
        else:
            self.menuBar().addMenu(menu)
        return menu

    def add_action(self, menu: QMenu, text: str, slot) -> QAction:
        """A plain entry (no keys) in a menu a part fills itself, such as the per-label
        entries of Suggestions > Accept all of a label; keyed commands go in the table."""
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # -- documents ----------------------------------------------------------------------

    def _open_first(self) -> None:
        last = self._last_documents().get(self._db_key)
        doc = self.store.document_by_id(last) if isinstance(last, str) else None
        pk = doc.pk if doc is not None else self.documents.model.pk_at(0)
        if pk is None:
            self.article.show_header(None)
            return
        self.open_document(pk)

    def open_document(self, pk: int) -> None:
        if self.documents.current_pk() != pk and not self.documents.select_pk(pk, notify=False):
            self.documents.search.clear()
            self.documents.filter.setCurrentIndex(0)
            self.documents.review_filter.setCurrentIndex(0)
            self.documents.select_pk(pk, notify=False)
        self.editor.open(pk)
        self.view.setFocus()

    def _opened(self, doc, spans: list[Span]) -> None:
        self._show_title()
        self.article.show_header(doc, self.store.status(doc.pk, self.annotator))
        self.labels.set_spans(spans, doc.text, self.editor.styles)
        QTimer.singleShot(0, lambda doc_id=doc.id: self._remember(doc_id))

    def _remember(self, doc_id: str) -> None:
        last = self._last_documents()
        last[self._db_key] = doc_id
        self.settings = update_settings(last_documents=last)

    def _last_documents(self) -> dict:
        value = load_settings().get("last_documents")
        return dict(value) if isinstance(value, dict) else {}

    def step_document(self, step: int) -> None:
        pk = self.documents.neighbour(step)
        if pk is not None:
            self.open_document(pk)

    def _on_change(self, change: Change) -> None:
        doc = self.editor.doc
        if change.kind == ChangeKind.STATUS and doc is not None and change.doc == doc.pk:
            self.article.show_header(doc, self.store.status(doc.pk, self.annotator))
        elif change.kind == ChangeKind.SCHEMA:
            self.restyle()

    # -- view settings ------------------------------------------------------------------

    def _font_size(self) -> int:
        size = self.settings.get("font_size", 12)
        return min(MAX_FONT, max(MIN_FONT, size if isinstance(size, int) else 12))

    def change_font(self, step: int) -> None:
        size = min(MAX_FONT, max(MIN_FONT, self._font_size() + step))
        self.view.set_font_size(size)
        self.settings = update_settings(font_size=size)
        self.statusBar().showMessage(f"Text size {size} pt", 2000)

    def set_show_labels(self, on: bool) -> None:
        """View > Show labels: the label tags above spans (and their room) on or off."""
        from annotator.ui.article.article_view import ArticleView

        for view in self.findChildren(ArticleView):  # the article and the review view
            view.tags.set_enabled(on)
        marks = getattr(self, "article_marks", None)
        if marks is not None:
            marks.enabled = not on  # the corner marks stand in for tags when they are off
        self.settings = update_settings(show_labels=bool(on))

    def set_snap(self, on: bool) -> None:
        self.editor.snap = on
        self.settings = update_settings(snap_to_words=on)

    def _label_clicked(self, name: str) -> None:
        from PySide6.QtWidgets import QApplication

        exact = bool(QApplication.keyboardModifiers() & Mod.AltModifier)
        self.editor.label(name, exact)

    def _update_undo_texts(self, *_args) -> None:
        stack = self.editor.stack
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        self.undo_action.setText(f"&Undo {stack.undoText()}".rstrip())
        self.redo_action.setText(f"&Redo {stack.redoText()}".rstrip())

    def restyle(self) -> None:
        """Recompute label styles from the schema and palette (after either changes)."""
        if self.store is None:  # closed: a theme change after close has nothing to paint
            return
        styles = styles_for(self.store.schema(), self.palette())
        self.editor.set_styles(styles)
        self.labels.set_schema(self.store.schema(), styles)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange and self.store is not None:
            self.restyle()  # dark mode switched: recompute the tints
        super().changeEvent(event)

    def closeEvent(self, event) -> None:
        if self.store is not None:
            self.settings = update_settings(
                geometry=bytes(self.saveGeometry().toBase64()).decode(),
                splitter=self.panes.state())
            self.store.unsubscribe(self._on_change)
            self.documents.close_store()
            self.editor.close()
            self.store.close()
            self.store = self.ctx.store = None
        super().closeEvent(event)
