"""Review mode: every analyst's spans in the article, coloured by whether the analysts
agree, and the keys that turn them into the gold layer.

It brings its own ArticleView (fed with one display span per review item, whose label names
the item's state so the usual styles mechanism paints it) and its own right-hand panel, and
swaps them in for the analyst's view and label panel while it is on. Links are drawn by the
normal view's `LinkPainter`, one curve per link item (`store.review_links`) between the
items' display spans, coloured by state like the spans; a link selected in the details pane
or clicked in the view is what A and R decide. Decisions, and the attribute values the
reviewer picks for a gold span, are commands on the editor's undo stack, so Ctrl+Z undoes
them like any edit (`review_decisions`). Its keys are in the action table, for the review
mode (`review_feature`); moving between items is `review_navigation`. The colours follow the
palette: a live switch to the dark theme restyles every item at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSplitter

from annotator.core.model import GOLD, Relation, Span
from annotator.store import review as rv
from annotator.store import review_links as rl
from annotator.store import review_queries as rq
from annotator.store.changes import Change, ChangeKind
from annotator.store.review_versions import item_versions
from annotator.ui.article.article_view import ArticleView
from annotator.ui.article.editor import text_is_rtl
from annotator.ui.review.review_decisions import ReviewDecisions
from annotator.ui.review.review_navigation import ReviewNavigator
from annotator.ui.review.review_panel import STATE_COLORS, ReviewPanel, state_styles
from annotator.ui.rich.link_overlay import LinkPainter
from annotator.ui.shell.context import ANNOTATE, REVIEW, WindowContext


def display_label(item: rq.ReviewItem) -> str:
    """The label the painter keys styles on; it is also what the tooltip says."""
    who = ", ".join(item.analysts) or "reviewer"
    return f"{item.label} · {who} · {rq.STATE_TEXT[item.shown_state]}"


def display_relation(link: rl.LinkItem) -> Relation:
    """The curve of a link item: between the items' display spans, named with its type and
    analysts (the name shows on the links in focus)."""
    who = ", ".join(link.analysts) or "reviewer"
    return Relation(link.head, link.child, f"{link.label} · {who}", link.id)


# the actions that accept analysts' work into gold (off when the document has no analyst)
ACCEPTING = ("review.accept", "review.accept_agreed", "review.accept_majority")


class ReviewMode(QObject):
    sig_toggled = Signal(bool)
    """Review mode was turned on (True) or off."""

    def __init__(self, ctx: WindowContext):
        super().__init__(ctx.window)
        window = self.window = ctx.window
        self.ctx, self.store = ctx, ctx.store
        self.active = False
        self.items: list[rq.ReviewItem] = []
        self.by_id: dict[str, rq.ReviewItem] = {}
        self.link_items: list[rl.LinkItem] = []
        self.link_by_id: dict[str, rl.LinkItem] = {}
        self._dirty = False
        self._pressed_link: str | None = None
        self._pressed_at = None  # where the last left button press in the view was
        self.nav = ReviewNavigator(self)
        self.agreement_dialog = None  # the last one Review > Agreement… opened
        self.styles = state_styles(window.palette())
        self.view = ArticleView(ctx.article)
        self.view.setObjectName("reviewView")
        self.view.hide()
        ctx.article.layout().addWidget(self.view, 1)
        self.panel = ReviewPanel(window)
        self.panel.hide()
        splitter = window.centralWidget()
        if isinstance(splitter, QSplitter):
            splitter.addWidget(self.panel)
        self.links = LinkPainter(self.view, self._link_color, self)
        self.view.sig_span_clicked.connect(self._clicked)
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)  # palette changes: the theme switched
        self.decisions = decide = ReviewDecisions(ctx, self)
        self.panel.sig_select_link.connect(self.select_link)
        self.panel.sig_choose_attr.connect(decide.choose_attr)
        self.panel.sig_accept.connect(decide.accept)
        self.panel.sig_reject.connect(decide.reject)
        self.panel.sig_accept_agreed.connect(decide.accept_agreed)
        self.panel.sig_accept_majority.connect(decide.accept_majority)
        self.panel.sig_conflicts_only.connect(self._set_conflicts_only)
        self.panel.versions.sig_accept_version.connect(decide.accept_version)
        self.panel.sig_mark_reviewed.connect(decide.mark_reviewed)
        ctx.editor.sig_opened.connect(self._opened)
        self.store.subscribe(self._on_change)

    # -- on and off ---------------------------------------------------------------------

    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        self.active = on
        self.ctx.set_mode(REVIEW if on else ANNOTATE)  # the keys follow the mode
        w = self.ctx  # the panes
        w.view.setVisible(not on)
        w.labels.setVisible(not on)
        self.view.setVisible(on)
        self.panel.setVisible(on)
        self._fit_panes()
        if on:
            self.view.setFont(w.view.font())
            self.render()
            self.view.setFocus()
        else:
            self._enable_accepting(True)  # the menu entries work for any document
            if self.doc is not None:
                w.article.show_header(self.doc, self.store.status(self.doc.pk, self.ctx.analyst))
            w.view.setFocus()
        self.sig_toggled.emit(on)

    def _fit_panes(self) -> None:
        """Give the article what the (narrower) right pane does not use."""
        splitter = self.window.centralWidget()
        if not isinstance(splitter, QSplitter):
            return
        sizes = splitter.sizes()
        right = self.panel if self.active else self.ctx.labels
        i_right, i_article = splitter.indexOf(right), splitter.indexOf(self.ctx.article)
        if i_right < 0 or i_article < 0:
            return
        total = sum(sizes)
        want = min(right.maximumWidth(), max(right.sizeHint().width(), 300))
        left = sum(sz for i, sz in enumerate(sizes) if i not in (i_right, i_article)
                   and splitter.widget(i).isVisible())
        for i in range(len(sizes)):
            if not splitter.widget(i).isVisible():
                sizes[i] = 0
        sizes[i_right] = want
        sizes[i_article] = max(200, total - left - want)
        splitter.setSizes(sizes)

    def _opened(self, _doc, _spans) -> None:
        if self.active:
            self.render()

    @property
    def doc(self):
        return self.ctx.editor.doc

    # -- what it shows ------------------------------------------------------------------

    def _display(self, items: list[rq.ReviewItem]) -> dict[str, Span]:
        spans = {}
        for item in items:
            label = display_label(item)
            self.view.styles[label] = self.styles[item.shown_state]
            spans[item.id] = Span(item.start, item.end, label, item.id,
                                  annotator=GOLD if not item.members else item.analysts[0])
        return spans

    def render(self) -> None:
        """Show the open document's items afresh (a document was opened)."""
        doc = self.doc
        self._dirty = False
        self.links.select(None)
        if doc is None:
            self.items, self.by_id = [], {}
            self.view.show_text("", [], {})
            self._load_links()
            self._update_panel()
            return
        self.items = rq.review_items(self.store, doc.pk)
        self.by_id = {i.id: i for i in self.items}
        self.view.styles = {}
        spans = self._display(self.items)
        self.view.show_text(doc.text, list(spans.values()), self.view.styles,
                            rtl=text_is_rtl(doc))
        self._load_links()
        self._update_panel()

    def _load_links(self) -> None:
        doc = self.doc
        self.link_items = [] if doc is None else rl.link_items(self.store, doc.pk, self.items)
        self.link_by_id = {link.id: link for link in self.link_items}
        self.links.set_links(display_relation(link) for link in self.link_items)

    def _link_color(self, rel: Relation) -> QColor:
        link = self.link_by_id.get(rel.id)
        return QColor(STATE_COLORS[link.shown_state if link else rq.GOLD_EDIT])

    def refresh(self) -> None:
        """Recompute the items and repaint only those that changed."""
        self._dirty = False
        doc = self.doc
        if not self.active or doc is None:
            return
        selected = self.view.selected_id
        self.items = rq.review_items(self.store, doc.pk)
        self.by_id = {i.id: i for i in self.items}
        new = self._display(self.items)
        for sid in [s.id for s in self.view.index if s.id not in new]:
            self.view.update_span(sid, None)
        for sid, span in new.items():
            old = self.view.index.get(sid)
            if old is None or (old.start, old.end, old.label) != (span.start, span.end,
                                                                  span.label):
                self.view.update_span(sid, span)
        if selected in self.by_id:
            self.view.set_selected_span(selected)
        self._load_links()
        self._update_panel()

    def _on_change(self, change: Change) -> None:
        if not self.active:
            return
        doc = self.doc
        ours = change.kind == ChangeKind.DOCUMENTS or (
            doc is not None and change.doc == doc.pk
            and change.kind in (ChangeKind.SPANS, ChangeKind.RELATIONS, ChangeKind.STATUS))
        if ours and not self._dirty:
            self._dirty = True
            QTimer.singleShot(0, self._refresh_if_dirty)

    def _refresh_if_dirty(self) -> None:
        if self._dirty:
            self.refresh()

    def _enable_accepting(self, on: bool) -> None:
        """With no analyst there is nothing to accept: the accept actions are off."""
        for action_id in ACCEPTING:
            action = self.ctx.actions.actions.get(action_id)
            if action is not None and action.qaction is not None:
                action.qaction.setEnabled(on)

    def _update_panel(self) -> None:
        doc = self.doc
        if doc is None:
            self.panel.set_counts({}, "unreviewed", [])
            self._enable_accepting(False)
        else:
            status = rv.review_status(self.store, doc.pk)[0]
            analysts = rv.analysts(self.store, doc.pk)
            self.panel.set_counts(rq.review_counts(self.items), status, analysts,
                                  sum(1 for link in self.link_items if link.undecided))
            self._enable_accepting(bool(analysts))
            self.ctx.article.show_header(doc, status)  # the header says the review status
        item = self.selected_item()
        others = [] if item is None else [
            o for o in self.items if o is not item and o.start < item.end and item.start < o.end]
        links = [] if item is None else [
            (link, link.head == item.id, self.by_id[link.child if link.head == item.id
                                                    else link.head])
            for link in self.link_items if item.id in (link.head, link.child)]
        gold = self.store.span(item.gold) if item is not None and item.gold else None
        self.panel.show_item(item, doc.text if doc else "", others, links, self.links.selected,
                             gold.attrs if gold is not None else None)
        self.panel.versions.show_versions(
            item_versions(self.store, doc.pk, item, self.items)
            if item is not None and item.members and doc is not None else [])

    # -- selection ----------------------------------------------------------------------

    def selected_item(self) -> rq.ReviewItem | None:
        sid = self.view.selected_id
        return self.by_id.get(sid) if sid else None

    def select(self, item_id: str | None) -> None:
        self.links.select(None)
        self.view.set_selected_span(item_id, reveal=True)
        item = self.selected_item()
        if item is not None:
            self.nav.reveal(item)
        self._update_panel()

    def selected_link(self) -> rl.LinkItem | None:
        return self.link_by_id.get(self.links.selected) if self.links.selected else None

    def select_link(self, link_id: str | None) -> None:
        """Select a link (A and R then decide it); its span stays or becomes the selected
        item, so the details pane lists it."""
        link = self.link_by_id.get(link_id) if link_id else None
        item = self.selected_item()
        if link is not None and (item is None or item.id not in (link.head, link.child)):
            self.view.set_selected_span(link.head, reveal=True)
        self.links.select(link.id if link else None)
        self._update_panel()
        self.view.setFocus()

    def _clicked(self, item_id: str | None) -> None:
        """A click in the view: on a span selects it, else on a curve selects that link."""
        link, self._pressed_link = self._pressed_link, None
        if item_id is None and link is not None:
            self.select_link(link)
        else:
            self.select(self.nav.clicked_at(self._pressed_at, item_id))

    def step(self, direction: int = 1, quiet: bool = False) -> None:
        """N / P: the next (or previous) undecided item (`review_navigation`)."""
        self.nav.step(direction, quiet)

    def next_item(self, direction: int = 1) -> None:
        """Tab / Shift+Tab: the next item in text order, overlapping ones included."""
        self.nav.next_item(direction)

    def _set_conflicts_only(self, on: bool) -> None:
        self.nav.conflicts_only = on
        self.ctx.message("N and P now go through conflicts only." if on else
                         "N and P now go through every undecided item.")

    def focus_pair(self, a: str, b: str) -> None:
        """Show these two analysts' disagreements first (opened from the agreement view)."""
        self.nav.pair = (a, b)
        first = rq.pair_disagreements(self.nav.pool(), a, b)
        if first:
            self.select(first[0].id)
            self.ctx.message(f"{len(rq.pair_disagreements(self.items, a, b))} item(s) where "
                             f"{a} and {b} differ come first (N / P).")

    def restyle(self) -> None:
        """The palette changed (light or dark theme): every state's colours anew."""
        self.styles = state_styles(self.window.palette())
        self.panel.set_styles(self.styles)
        if self.active:
            selected, link = self.view.selected_id, self.links.selected
            self.render()
            if selected in self.by_id:  # the same item and link stay selected
                self.view.set_selected_span(selected)
                self.links.select(link if link in self.link_by_id else None)
                self._update_panel()

    def escape(self) -> None:
        """Esc: drop the selected link, else the selected item."""
        if self.links.selected:
            self.select_link(None)
        else:
            self.select(None)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """The viewport: remember where a press was and whether on a link's curve (the
        click then selects it); the view: a palette change restyles the items."""
        if obj is self.view:
            if event.type() == QEvent.Type.PaletteChange:
                self.restyle()
            return False
        if event.type() == QEvent.Type.MouseButtonPress and \
                event.button() == Qt.MouseButton.LeftButton:
            self._pressed_link = self.links.link_at(event.position())
            self._pressed_at = event.position().toPoint()
        return False
