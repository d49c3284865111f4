"""Review mode: every analyst's spans in the article, coloured by whether the analysts
agree, and the keys that turn them into the gold layer.

It brings its own ArticleView (fed with one display span per review item, whose label names
the item's state so the usual styles mechanism paints it) and its own right-hand panel, and
swaps them in for the analyst's view and label panel while it is on. Links are drawn by the
normal view's `LinkPainter`, one curve per link item (`store.review_links`) between the
items' display spans, coloured by state like the spans; a link selected in the details pane
or clicked in the view is what A and R decide. Decisions, and the attribute values the
reviewer picks for a gold span, are commands on the editor's undo stack, so Ctrl+Z undoes
them like any edit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSplitter

from annotator.core.errors import DataError
from annotator.core.model import GOLD, Relation, Span
from annotator.core.snapping import snap_to_words
from annotator.store import review as rv
from annotator.store import review_links as rl
from annotator.store import review_queries as rq
from annotator.store.store import Change
from annotator.ui.article.article_view import ArticleView, snippet
from annotator.ui.article.commands import AddSpan, DeleteSpan, RelabelSpan, StoreCommand
from annotator.ui.review.review_commands import ReviewDecision, SetReviewStatus
from annotator.ui.review.review_panel import STATE_COLORS, ReviewPanel, state_styles
from annotator.ui.rich.link_overlay import LinkPainter
from annotator.ui.rich.rich_commands import DeleteLink, SetAttrs
from annotator.ui.shell.keys import Key, Mod

NOT_REVIEWED = ("unreviewed", "in_review")


def display_label(item: rq.ReviewItem) -> str:
    """The label the painter keys styles on; it is also what the tooltip says."""
    who = ", ".join(item.analysts) or "reviewer"
    return f"{item.label} · {who} · {rq.STATE_TEXT[item.shown_state]}"


def display_relation(link: rl.LinkItem) -> Relation:
    """The curve of a link item: between the items' display spans, named with its type and
    analysts (the name shows on the links in focus)."""
    who = ", ".join(link.analysts) or "reviewer"
    return Relation(link.head, link.child, f"{link.label} · {who}", link.id)


class ReviewMode(QObject):
    sig_toggled = Signal(bool)
    """Review mode was turned on (True) or off."""

    def __init__(self, window):
        super().__init__(window)
        self.window, self.store = window, window.store
        self.active = False
        self.items: list[rq.ReviewItem] = []
        self.by_id: dict[str, rq.ReviewItem] = {}
        self.link_items: list[rl.LinkItem] = []
        self.link_by_id: dict[str, rl.LinkItem] = {}
        self._dirty = False
        self._pressed_link: str | None = None
        self.styles = state_styles(window.palette())
        self.view = ArticleView(window.article)
        self.view.setObjectName("reviewView")
        self.view.hide()
        window.article.layout().addWidget(self.view, 1)
        self.panel = ReviewPanel(window)
        self.panel.hide()
        splitter = window.centralWidget()
        if isinstance(splitter, QSplitter):
            splitter.addWidget(self.panel)
        self.links = LinkPainter(self.view, self._link_color, self)
        self.view.sig_span_clicked.connect(self._clicked)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.panel.sig_select_link.connect(self.select_link)
        self.panel.sig_choose_attr.connect(self.choose_attr)
        self.panel.sig_accept.connect(self.accept)
        self.panel.sig_reject.connect(self.reject)
        self.panel.sig_accept_agreed.connect(self.accept_agreed)
        self.panel.sig_mark_reviewed.connect(self.mark_reviewed)
        window.editor.sig_opened.connect(self._opened)
        self.store.subscribe(self._on_change)

    # -- on and off ---------------------------------------------------------------------

    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        self.active = on
        w = self.window
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
            if self.doc is not None:
                w.article.show_header(self.doc, self.store.status(self.doc.pk, w.annotator))
            w.view.setFocus()
        self.sig_toggled.emit(on)

    def _fit_panes(self) -> None:
        """Give the article what the (narrower) right pane does not use."""
        splitter = self.window.centralWidget()
        if not isinstance(splitter, QSplitter):
            return
        sizes = splitter.sizes()
        right = self.panel if self.active else self.window.labels
        i_right, i_article = splitter.indexOf(right), splitter.indexOf(self.window.article)
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
        return self.window.editor.doc

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
        self.view.show_text(doc.text, list(spans.values()), self.view.styles)
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
        ours = change.kind == "documents" or (doc is not None and change.doc == doc.pk and
                                              change.kind in ("spans", "relations", "status"))
        if ours and not self._dirty:
            self._dirty = True
            QTimer.singleShot(0, self._refresh_if_dirty)

    def _refresh_if_dirty(self) -> None:
        if self._dirty:
            self.refresh()

    def _update_panel(self) -> None:
        doc = self.doc
        if doc is None:
            self.panel.set_counts({}, "unreviewed", [])
        else:
            status = rv.review_status(self.store, doc.pk)[0]
            self.panel.set_counts(rq.review_counts(self.items), status,
                                  rv.analysts(self.store, doc.pk))
            self.window.article.show_header(doc, status)  # the header says the review status
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

    # -- selection ----------------------------------------------------------------------

    def selected_item(self) -> rq.ReviewItem | None:
        sid = self.view.selected_id
        return self.by_id.get(sid) if sid else None

    def select(self, item_id: str | None) -> None:
        self.links.select(None)
        self.view.set_selected_span(item_id, reveal=True)
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
            self.select(item_id)

    def _escape(self) -> None:
        if self.links.selected:
            self.select_link(None)
        else:
            self.select(None)

    def step(self, direction: int = 1) -> None:
        """Select the next (or previous) undecided item, wrapping around."""
        todo = [i for i in self.items if i.decision is None and i.members]
        if not todo:
            self._message("Every span of this document is decided.")
            return
        current = self.selected_item()
        if current is None:
            self.select((todo[0] if direction > 0 else todo[-1]).id)
            return
        order = {i.id: n for n, i in enumerate(self.items)}
        here = order[current.id]
        after = [i for i in todo if (order[i.id] - here) * direction > 0]
        pick = (after[0] if direction > 0 else after[-1]) if after else (
            todo[0] if direction > 0 else todo[-1])
        self.select(pick.id)

    # -- decisions ----------------------------------------------------------------------

    @property
    def reviewer(self) -> str:
        return self.window.ctx.analyst

    def _message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)

    def _push(self, cmd: StoreCommand) -> bool:
        try:
            cmd.execute()
        except DataError as exc:
            self._message(str(exc))
            return False
        self.window.editor.stack.push(cmd)
        self.refresh()
        return True

    def _snip(self, item: rq.ReviewItem) -> str:
        return snippet(self.doc.text[item.start:item.end])

    def _link_text(self, link: rl.LinkItem) -> str:
        head, child = self.by_id.get(link.head), self.by_id.get(link.child)
        return f"{snippet(self._snip(head), 20) if head else '?'} → " \
               f"{snippet(self._snip(child), 20) if child else '?'}"

    def accept_link(self, link: rl.LinkItem) -> None:
        if not link.members:
            self._message("That link is the reviewer's own: it is in gold already.")
        elif link.decision == rq.ACCEPTED:
            self._message("Already accepted.")
        else:
            self._push(ReviewDecision(
                self.store, self.doc.pk, f"Accept link {link.label} {self._link_text(link)}",
                lambda: rl.accept_link(self.store, link, self.reviewer), self._message))

    def reject_link(self, link: rl.LinkItem) -> None:
        if not link.members:
            self._push(DeleteLink(self.store, self.doc.pk, link.gold,
                                  f"{link.label} {self._link_text(link)}", self._message))
        elif link.decision == rq.REJECTED:
            self._message("Already rejected.")
        else:
            self._push(ReviewDecision(
                self.store, self.doc.pk, f"Reject link {link.label} {self._link_text(link)}",
                lambda: rl.reject_link(self.store, link, self.reviewer), self._message))

    def choose_attr(self, name: str, value) -> None:
        """Give the selected item's gold span this value of an attribute (None removes it)."""
        item = self.selected_item()
        gold = self.store.span(item.gold) if item is not None and item.gold else None
        if gold is None:
            self._message("Accept the span first, then choose its attributes.")
            return
        new = dict(gold.attrs)
        if value is None:
            new.pop(name, None)
        else:
            new[name] = value
        if new != gold.attrs:
            self._push(SetAttrs(self.store, self.doc.pk, gold.id, gold.attrs, new,
                                f"{name} of {item.label} '{self._snip(item)}'", self._message))

    def accept(self) -> None:
        link = self.selected_link()
        if link is not None and self.doc is not None:
            self.accept_link(link)
            return
        item = self.selected_item()
        if item is None or self.doc is None:
            self._message("Select a span first (N selects the next undecided one).")
        elif not item.members:
            self._message("That span is the reviewer's own: it is in gold already.")
        elif item.decision == rq.ACCEPTED:
            self._message("Already accepted.")
        else:
            self._push(ReviewDecision(
                self.store, self.doc.pk, f"Accept {item.label} '{self._snip(item)}'",
                lambda: rq.accept_item(self.store, item, self.reviewer), self._message))

    def reject(self) -> None:
        link = self.selected_link()
        if link is not None and self.doc is not None:
            self.reject_link(link)
            return
        item = self.selected_item()
        if item is None or self.doc is None:
            self._message("Select a span first (N selects the next undecided one).")
        elif not item.members:
            self._push(DeleteSpan(self.store, self.doc.pk, item.gold, item.label,
                                  self._snip(item), self._message))
        elif item.decision == rq.REJECTED:
            self._message("Already rejected.")
        else:
            self._push(ReviewDecision(
                self.store, self.doc.pk, f"Reject {item.label} '{self._snip(item)}'",
                lambda: rq.reject_item(self.store, item, self.reviewer), self._message))

    def accept_agreed(self) -> None:
        doc = self.doc
        if doc is None:
            return
        cmd = ReviewDecision(self.store, doc.pk, "Accept all agreed spans",
                             lambda: rq.accept_agreed(self.store, doc.pk, self.reviewer),
                             self._message)
        try:
            cmd.execute()
        except DataError as exc:
            self._message(str(exc))
            return
        spans = sum(1 for d in cmd.decisions if self.store.span(d.item) is not None)
        if not cmd.decisions:
            self._message("No undecided span that all analysts agree on.")
            return
        self.window.editor.stack.push(cmd)
        self.refresh()
        self._message(f"Accepted {spans} agreed analyst span(s).")

    def label(self, name: str, exact: bool = False) -> None:
        """Add the text selection to gold as `name`; with no selection, give the selected
        item that label in gold."""
        doc = self.doc
        if doc is None:
            return
        rng = self.view.selection_range()
        item = self.selected_item()
        if rng is not None:
            start, end = rng if exact else snap_to_words(doc.text, *rng)
            if start >= end:
                self._message("The selection holds only spaces: nothing labeled.")
                return
        elif item is None:
            self._message("Select some text or a span first, then press a label's key.")
            return
        elif item.label == name and item.members:
            self.accept()
            return
        elif not item.members:
            self._push(RelabelSpan(self.store, doc.pk, item.gold, item.label, name,
                                   self._snip(item), self._message))
            return
        else:
            start, end = item.start, item.end
        cmd = AddSpan(self.store, doc.pk, GOLD, start, end, name,
                      snippet(doc.text[start:end]), self._message)
        if self._push(cmd):
            self.view.clear_selection()
            self.select(cmd.span_id)

    def mark_reviewed(self, and_next: bool = False) -> None:
        doc = self.doc
        if doc is None:
            return
        if rv.review_status(self.store, doc.pk)[0] != "reviewed":
            self._push(SetReviewStatus(self.store, doc.pk, "reviewed", self.reviewer,
                                       snippet(doc.title or doc.id, 30), self._message))
        if not and_next:
            return
        todo = self.store.document_pks(review=NOT_REVIEWED)
        nxt = next((p for p in todo if p > doc.pk), todo[0] if todo else None)
        if nxt is None:
            self._message("Every document is reviewed.")
        else:
            self.window.open_document(nxt)
            self.view.setFocus()

    # -- keys ---------------------------------------------------------------------------

    def _key_action(self, event):
        key, mods = event.key(), event.modifiers() & ~Mod.KeypadModifier
        ctrl_shift = Mod.ControlModifier | Mod.ShiftModifier
        if mods == Mod.NoModifier:
            simple = {Key.Key_A: self.accept, Key.Key_Return: self.accept,
                      Key.Key_Enter: self.accept, Key.Key_R: self.reject,
                      Key.Key_X: self.reject, Key.Key_Delete: self.reject,
                      Key.Key_Backspace: self.reject, Key.Key_N: lambda: self.step(1),
                      Key.Key_Tab: lambda: self.step(1), Key.Key_P: lambda: self.step(-1),
                      Key.Key_Escape: self._escape}
            if key in simple:
                return simple[key]
        if mods == Mod.ShiftModifier and key == Key.Key_Backtab:
            return lambda: self.step(-1)
        if mods == ctrl_shift and key == Key.Key_A:
            return self.accept_agreed
        if mods == Mod.ControlModifier and key in (Key.Key_Return, Key.Key_Enter):
            return lambda: self.mark_reviewed(and_next=True)
        if mods in (Mod.NoModifier, Mod.AltModifier) and Key.Key_0 <= key <= Key.Key_9:
            names = {lab.key: lab.name for lab in self.store.schema().labels if lab.key}
            name = names.get(chr(key))
            if name is not None:
                return lambda: self.label(name, mods == Mod.AltModifier)
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if obj is not self.view:  # the viewport: remember a press on a link's curve
            if kind == QEvent.Type.MouseButtonPress and \
                    event.button() == Qt.MouseButton.LeftButton:
                self._pressed_link = self.links.link_at(event.position())
            return False
        if kind == QEvent.Type.ShortcutOverride and self._key_action(event) is not None:
            event.accept()  # our key, not the window's shortcut (Del, Ctrl+Return)
            return True
        if kind != QEvent.Type.KeyPress:
            return False
        action = self._key_action(event)
        if action is not None:
            action()
            return True
        return self.window.keys.handle(event)  # undo, redo, paging, F6 ...
