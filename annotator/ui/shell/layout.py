"""The window's three panes in one splitter: sizes that keep the article at least half the
window wide, panes that collapse (dragged shut or from the View menu), and the positions
remembered in the settings and restored on the next start."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

SETTING = "splitter"
ARTICLE_SHARE = 0.5  # the article never gets less than half the window's width


class PaneLayout(QObject):
    """Owns the splitter's sizes: `documents | article | labels` (and what parts append)."""

    def __init__(self, splitter: QSplitter, documents: QWidget, article: QWidget,
                 labels: QWidget, window: QWidget):
        super().__init__(splitter)
        self.splitter, self.window = splitter, window
        self.documents, self.article, self.labels = documents, article, labels
        splitter.setChildrenCollapsible(True)
        splitter.setCollapsible(splitter.indexOf(article), False)  # the text always shows
        splitter.setHandleWidth(6)
        self._restored = False
        window.installEventFilter(self)
        QApplication.instance().focusChanged.connect(self._focus_changed)

    # -- sizes ------------------------------------------------------------------------

    def default_sizes(self, width: int) -> list[int]:
        """First start: the lists take what they need up to a share of the window; at a
        small width the document list starts collapsed (View > Document list opens it)."""
        least = self.labels.minimumWidth() or self.labels.minimumSizeHint().width()
        right = max(least, min(300, int(width * 0.2)))
        left = min(400, max(self.documents.minimumSizeHint().width(), int(width * 0.24)))
        if width - left - right < width * ARTICLE_SHARE + 20:
            left = 0
        sizes = [0] * self.splitter.count()
        sizes[self._i(self.documents)] = left
        sizes[self._i(self.labels)] = right
        sizes[self._i(self.article)] = max(0, width - left - right)
        return sizes

    def keep_article_wide(self, keep: QWidget | None = None) -> None:
        """Give the article back at least half the width: narrow the document list (and
        collapse it if it cannot be narrower), then the right pane; `keep` (a pane just
        opened) goes last and is never collapsed."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total <= 0:
            return
        need = int(total * ARTICLE_SHARE) + 1 - sizes[self._i(self.article)]
        order = sorted((self.documents, self.labels), key=lambda p: p is keep)
        for pane in order:
            if need <= 0:
                break
            i = self._i(pane)
            if i < 0 or sizes[i] <= 0:
                continue
            floor = max(pane.minimumWidth(), pane.minimumSizeHint().width())
            give = min(need, sizes[i] - floor)
            if give < need and pane is not keep:
                give = sizes[i]  # too narrow to be useful: collapse it
            give = max(0, give)
            sizes[i] -= give
            sizes[self._i(self.article)] += give
            need -= give
        if sizes != self.splitter.sizes():
            self.splitter.setSizes(sizes)
        self._hide_collapsed()

    def _hide_collapsed(self) -> None:
        """A pane squeezed to nothing is hidden, not left "visible" at zero width with
        its buttons cut to nothing; View > Show… (or a focus key) brings it back."""
        sizes = self.splitter.sizes()
        for pane in (self.documents, self.labels):
            i = self._i(pane)
            if i >= 0 and not pane.isHidden() and sizes[i] == 0:
                pane.hide()

    def _i(self, pane: QWidget) -> int:
        return self.splitter.indexOf(pane)

    # -- collapsing ---------------------------------------------------------------------

    def is_open(self, pane: QWidget) -> bool:
        i = self._i(pane)
        return i >= 0 and not pane.isHidden() and self.splitter.sizes()[i] > 0

    def set_open(self, pane: QWidget, on: bool) -> None:
        """Collapse a pane, or open it again at the width it needs."""
        i = self._i(pane)
        if i < 0 or on == self.is_open(pane):
            return
        if on:
            pane.show()
        sizes = self.splitter.sizes()
        a = self._i(self.article)
        if on:
            want = max(pane.minimumSizeHint().width(), pane.minimumWidth(), 220)
            sizes[i], sizes[a] = want, max(0, sizes[a] - want)
        else:
            sizes[a], sizes[i] = sizes[a] + sizes[i], 0
        self.splitter.setSizes(sizes)
        self.keep_article_wide(keep=pane if on else None)
        self._hide_collapsed()
        if hasattr(self, "_sync"):
            self._sync()

    def follow(self, documents_action, labels_action) -> None:
        """Keep View > Document list / Label panel ticked as the panes open and close."""
        def sync(*_args) -> None:
            for action, pane in ((documents_action, self.documents),
                                 (labels_action, self.labels)):
                action.setChecked(self.is_open(pane) and pane.isVisibleTo(self.window))
        self.splitter.splitterMoved.connect(lambda *_: (self._hide_collapsed(), sync()))
        self._sync = sync

    def _focus_changed(self, _old, new) -> None:
        """A key that focuses a collapsed pane's widget (Ctrl+F: the search) opens it."""
        if new is not None:
            self.reveal(new)

    def reveal(self, widget: QWidget) -> None:
        """Open the collapsed pane that holds `widget`, if any."""
        for pane in (self.documents, self.labels):
            if pane.isAncestorOf(widget) and not self.is_open(pane):
                self.set_open(pane, True)

    # -- remembering --------------------------------------------------------------------

    def state(self) -> str:
        return bytes(self.splitter.saveState().toBase64()).decode()

    def restore(self, settings: dict) -> None:
        """Use the positions saved last time when the window is first shown (before, the
        splitter has no width to share out)."""
        saved = settings.get(SETTING)
        self._saved = saved if isinstance(saved, str) else None

    def _first_show(self) -> None:
        self._restored = True
        saved = getattr(self, "_saved", None)
        if saved and self.splitter.restoreState(QByteArray.fromBase64(saved.encode())):
            return
        self.splitter.setSizes(self.default_sizes(self.splitter.width() or
                                                  self.window.width()))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Show and not self._restored:
            self._first_show()
        if obj is self.window and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.keep_article_wide()
            if hasattr(self, "_sync"):
                self._sync()
        return False
