"""The one object every part of the window receives instead of the bare window.

It holds what the parts share: the store, the settings, the current analyst (one property
with a change signal; nothing else keeps a copy of the name), the mode the keys follow
("annotate" or "review") and, once the window has built them, the editor with its undo
stack, the main widgets, the key router and the action table. A part reads
`ctx.analyst` when it needs the name, and listens to `sig_analyst_changed` when what it
shows depends on it. See docs/window.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from annotator.core.model import GOLD
from annotator.settings import load_settings, update_settings
from annotator.store import Store

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QMainWindow

    from annotator.ui.article.article_pane import ArticlePane
    from annotator.ui.article.article_view import ArticleView
    from annotator.ui.article.editor import Editor
    from annotator.ui.article.label_panel import LabelPanel
    from annotator.ui.shell.actions import ActionTable
    from annotator.ui.shell.document_panel import DocumentPanel
    from annotator.ui.shell.keys import KeyRouter
    from annotator.ui.shell.refresh import Refresher

ANNOTATE, REVIEW = "annotate", "review"
MODES = (ANNOTATE, REVIEW)


def clean_name(name: str | None) -> str | None:
    """A usable analyst name, or None (empty, or the reserved gold layer's name)."""
    name = (name or "").strip()
    if not name or name.lower() == GOLD:
        return None
    return name


class WindowContext(QObject):
    sig_analyst_changed = Signal(str)
    """The analyst is now this name: what shows their layer re-reads it."""
    sig_mode_changed = Signal(str)
    """The keys now follow this mode ("annotate" or "review")."""
    sig_sources_changed = Signal()
    """A suggestion source was added or now answers differently (a new model): the open
    document's suggestions are computed again."""

    # Filled in by MainWindow while it builds, before any part is installed.
    window: QMainWindow
    editor: Editor
    view: ArticleView
    article: ArticlePane
    documents: DocumentPanel
    labels: LabelPanel
    keys: KeyRouter
    actions: ActionTable
    refresher: Refresher

    def __init__(self, store: Store, analyst: str, parent: QObject | None = None):
        super().__init__(parent)
        self.store: Store | None = store  # None once the window has closed it
        name = clean_name(analyst)
        if name is None:
            raise ValueError(f"not a usable analyst name: {analyst!r}")
        self._analyst = name
        self._mode = ANNOTATE
        self.settings: dict[str, Any] = load_settings()
        # More suggestion sources than the rules (the trained model): callables text ->
        # [Suggestion], run on the suggestions worker thread, so they touch no Qt object.
        self.suggestion_sources: list[Callable[[str], list]] = []

    # -- the analyst ----------------------------------------------------------------------

    @property
    def analyst(self) -> str:
        """Whose layer the window shows and writes."""
        return self._analyst

    def set_analyst(self, name: str) -> None:
        """Work as `name` from now on (ValueError if it is empty or the gold layer's)."""
        clean = clean_name(name)
        if clean is None:
            raise ValueError(f"not a usable analyst name: {name!r}")
        if clean != self._analyst:
            self._analyst = clean
            self.sig_analyst_changed.emit(clean)

    # -- the mode the keys follow ----------------------------------------------------------

    @property
    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        if mode != self._mode:
            self._mode = mode
            self.sig_mode_changed.emit(mode)

    # -- suggestion sources ----------------------------------------------------------------

    def add_suggestion_source(self, source: Callable[[str], list]) -> None:
        """Offer `source`'s suggestions too, next to the rules' (see suggestion_sources)."""
        self.suggestion_sources.append(source)
        self.sig_sources_changed.emit()

    # -- shared helpers -------------------------------------------------------------------

    @property
    def stack(self) -> QUndoStack:
        return self.editor.stack

    def update_settings(self, **values: Any) -> None:
        """Write settings and keep the shared copy current."""
        self.settings = update_settings(**values)

    def reload_settings(self) -> None:
        self.settings = load_settings()

    def message(self, text: str, ms: int = 6000) -> None:
        """A line in the status bar."""
        self.window.statusBar().showMessage(text, ms)
