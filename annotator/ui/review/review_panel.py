"""The right pane in review mode: the colour legend with counts (items and undecided
links), the selected item (its analysts, attributes, links and the other readings of the
same text), each analyst's version side by side (`versions_view`), a note for the next
decision, the "conflicts only" filter, the majority threshold and the buttons.

Each link of the item is a clickable line (selecting it for A/R). Where the analysts gave
the item's attributes different values, a combo per attribute offers each analyst's value
and shows the one the gold span has. It owns no data: review mode hands it items and it
emits what the reviewer clicked or chose.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.store.review_links import LinkItem
from annotator.store.review_queries import (
    ACCEPTED,
    AGREE,
    ATTR_CONFLICT,
    DIS_BOUNDS,
    DIS_LABEL,
    GOLD_EDIT,
    PARTIAL,
    REJECTED,
    STATE_TEXT,
    ReviewItem,
)
from annotator.ui.article.article_view import snippet
from annotator.ui.article.colors import LabelStyle, label_style, swatch
from annotator.ui.review.versions_view import VersionsView

STATE_COLORS = {AGREE: "#2e9e44", ATTR_CONFLICT: "#c2409a", DIS_LABEL: "#d43c3c",
                DIS_BOUNDS: "#ef8a17", PARTIAL: "#e2c022", ACCEPTED: "#3b7dd8",
                REJECTED: "#9a9a9a", GOLD_EDIT: "#8e5bd0"}
HINT = ("A or Enter: accept · R or X: reject (then on to the next) · 1, 2, 3…: accept that "
        "analyst's version · N / P: next / previous undecided span or link, never a "
        "suggestion · Tab: next item, overlapping ones too (a second click cycles them) · click a link and A / R decide it · "
        "Ctrl+Shift+A: accept all agreed · Ctrl+Shift+M: accept the majority · select text "
        "and Alt+a label's key to add it to gold · Ctrl+Return: mark reviewed")


def state_styles(palette: QPalette) -> dict[str, LabelStyle]:
    return {state: label_style(color, palette) for state, color in STATE_COLORS.items()}


def attr_choices(item: ReviewItem) -> dict[str, list[tuple[Any, list[str]]]]:
    """name -> [(value, analysts who gave it)] for the attributes the analysts of an item
    set differently (a missing value is None)."""
    by = item.attrs_by_analyst()
    out = {}
    for name in sorted({k for attrs in by.values() for k in attrs}):
        values: list[tuple[Any, list[str]]] = []
        for who, attrs in by.items():
            value = attrs.get(name)
            same = next((v for v in values if v[0] == value), None)
            if same is None:
                values.append((value, [who]))
            else:
                same[1].append(who)
        if len(values) > 1:
            out[name] = values
    return out


def _shown(value: Any) -> str:
    return "(none)" if value is None else str(value)


class ReviewPanel(QWidget):
    sig_accept = Signal()
    """Accept the selected item."""
    sig_reject = Signal()
    """Reject the selected item."""
    sig_accept_agreed = Signal()
    """Accept every item all analysts agree on."""
    sig_accept_majority = Signal()
    """Accept what at least `threshold()` analysts marked alike."""
    sig_conflicts_only = Signal(bool)
    """N and P go through conflicts only (True) or every undecided item."""
    sig_mark_reviewed = Signal()
    """Mark the document reviewed."""
    sig_select_link = Signal(object)
    """A link item's id was clicked in the details."""
    sig_choose_attr = Signal(str, object)
    """(attribute, value or None): give the gold span this value."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        # Long link lines wrap instead of widening the pane and squeezing the article.
        self.setMaximumWidth(380)
        self.status = QLabel(self, objectName="reviewStatus", wordWrap=True)
        legend_box = QGroupBox("Legend", self)
        grid = QGridLayout(legend_box)
        grid.setVerticalSpacing(2)
        self.counts: dict[str, QLabel] = {}
        self._swatches: dict[str, QLabel] = {}
        self._legend_names: dict[str, QLabel] = {}
        self.analysts: list[str] | None = None  # the document's analysts (None: not known)
        for row, (state, text) in enumerate(STATE_TEXT.items()):
            chip, name, count = QLabel(), QLabel(text), QLabel("0")
            count.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(chip, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(count, row, 2)
            self.counts[state], self._swatches[state] = count, chip
            self._legend_names[state] = name
        grid.setColumnStretch(1, 1)

        details_box = QGroupBox("Selected", self)
        self.details = QLabel(details_box, objectName="reviewDetails", wordWrap=True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details.linkActivated.connect(self.sig_select_link.emit)
        QVBoxLayout(details_box).addWidget(self.details)

        self.attrs_box = QGroupBox("Attributes: the analysts differ", self)
        self.attrs_box.setObjectName("reviewAttributes")
        self.attrs_form = QFormLayout(self.attrs_box)
        self.attr_combos: dict[str, QComboBox] = {}

        self.links_left = QLabel(self, objectName="reviewLinksUndecided")
        grid.addWidget(self.links_left, len(STATE_TEXT), 0, 1, 3)
        self.versions = VersionsView(self)
        self.note = QLineEdit(self, objectName="reviewNote")
        self.note.setPlaceholderText("Note for the next decision (optional)")
        self.conflicts_box = QCheckBox("Conflicts only (N / P)", self,
                                       objectName="reviewConflictsOnly")
        self.conflicts_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.conflicts_box.toggled.connect(self.sig_conflicts_only.emit)
        self.threshold_box = QSpinBox(self, objectName="reviewThreshold", minimum=1, maximum=9)
        self.threshold_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.threshold_box.setSuffix(" analysts")
        self.majority_button = QPushButton("Accept majority  (Ctrl+Shift+M)", self)
        majority_row = QHBoxLayout()
        majority_row.addWidget(QLabel("At least", self))
        majority_row.addWidget(self.threshold_box)
        majority_row.addWidget(self.majority_button, 1)
        self.accept_button = QPushButton("Accept  (A)", self)
        self.reject_button = QPushButton("Reject  (R)", self)
        self.agreed_button = QPushButton("Accept all agreed  (Ctrl+Shift+A)", self)
        self.reviewed_button = QPushButton("Mark reviewed  (Ctrl+Return)", self)
        for button, signal in ((self.accept_button, self.sig_accept),
                               (self.reject_button, self.sig_reject),
                               (self.agreed_button, self.sig_accept_agreed),
                               (self.majority_button, self.sig_accept_majority),
                               (self.reviewed_button, self.sig_mark_reviewed)):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(signal)
        hint = QLabel(HINT, self, wordWrap=True)
        hint.setEnabled(False)

        # The pane scrolls rather than squeezing its rows below their height (at 900 px the
        # legend's lines ran into each other).
        content = QWidget(self)
        scroll = QScrollArea(self, objectName="reviewPanelScroll", widgetResizable=True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 6, 6, 6)
        layout.addWidget(self.status)
        layout.addWidget(legend_box)
        layout.addWidget(details_box, 1)
        layout.addWidget(self.versions, 1)
        layout.addWidget(self.attrs_box)
        layout.addWidget(self.note)
        layout.addWidget(self.conflicts_box)
        for button in (self.accept_button, self.reject_button, self.agreed_button):
            layout.addWidget(button)
        layout.addLayout(majority_row)
        layout.addWidget(self.reviewed_button)
        layout.addWidget(hint)
        self.set_styles(state_styles(self.palette()))
        self.show_item(None, "", [])

    def set_styles(self, styles: dict[str, LabelStyle]) -> None:
        for state, chip in self._swatches.items():
            chip.setPixmap(swatch(styles[state].line, 14).pixmap(14, 14))

    def take_note(self) -> str | None:
        """The note typed for the next decision, cleared (None when empty)."""
        text = self.note.text().strip()
        self.note.clear()
        return text or None

    def threshold(self) -> int:
        return self.threshold_box.value()

    def set_counts(self, counts: dict[str, int], status: str, analysts: list[str],
                   links_undecided: int = 0) -> None:
        for state, label in self.counts.items():
            label.setText(str(counts.get(state, 0)))
        self.links_left.setText(f"Links undecided: {links_undecided}")
        n = max(len(analysts), 1)
        if self.threshold_box.maximum() != n:  # a new document: a strict majority
            self.threshold_box.setMaximum(n)
            self.threshold_box.setValue(n // 2 + 1 if n > 1 else 1)
        self.analysts = list(analysts)
        self._legend_names[AGREE].setText(
            f"{analysts[0]}'s, to decide" if len(analysts) == 1 else STATE_TEXT[AGREE])
        for button in (self.accept_button, self.agreed_button, self.majority_button):
            button.setEnabled(bool(analysts))
        self.status.setText(f"<b>Review:</b> {status.replace('_', ' ')}<br>"
                            + self._to_do(counts, analysts, links_undecided))

    @staticmethod
    def _to_do(counts: dict[str, int], analysts: list[str], links: int) -> str:
        """The layers, and with fewer than two analysts what there is to do."""
        if not analysts:
            return ("No analyst has marked a span in this document: nothing to review "
                    "(merge an analyst's file first).")
        who = escape(", ".join(analysts))
        if len(analysts) >= 2:
            return f"Layers: {who}"
        spans = counts.get(AGREE, 0)
        if not spans and not links:
            return (f"One analyst, {who}: every span and link is decided; Ctrl+Return "
                    "marks the document reviewed.")
        return (f"One analyst, {who}: nothing to compare. Accept {who}'s {spans} span(s) "
                f"and {links} link(s) into gold one by one (A / R), or all at once "
                "(Ctrl+Shift+A).")

    def show_item(self, item: ReviewItem | None, text: str, others: list[ReviewItem],
                  links: list[tuple[LinkItem, bool, ReviewItem]] = (),
                  selected_link: str | None = None, gold_attrs: dict | None = None) -> None:
        """Show the selected item; `others` are the other items over the same text, `links`
        its link items as (link, the item is its head, the item at the other end), and
        `gold_attrs` the attributes of its gold span (None when it has none)."""
        self.accept_button.setEnabled(item is not None and bool(item.members))
        self.reject_button.setEnabled(item is not None)
        self._show_attrs(item, gold_attrs)
        if item is None:
            self.details.setText(
                "Nothing to review here." if self.analysts == [] else
                "Press N for the next undecided span or link, or click a span.")
            return
        lines = [f"<b>{escape(item.label)}</b> · {STATE_TEXT[item.shown_state]}",
                 f"“{escape(snippet(text[item.start:item.end], 120))}”",
                 f"characters {item.start}–{item.end}"]
        if item.members:
            lines.append("by " + escape(", ".join(item.analysts)))
        else:
            lines.append("added by the reviewer")
        for who, attrs in item.attrs_by_analyst().items():
            if attrs:
                pairs = ", ".join(f"{k}={v}" for k, v in sorted(attrs.items()))
                lines.append(f"{escape(who)}: {escape(pairs)}")
        if gold_attrs:
            pairs = ", ".join(f"{k}={v}" for k, v in sorted(gold_attrs.items()))
            lines.append(f"<b>gold</b>: {escape(pairs)}")
        for link, outgoing, other in links:
            where = f"{other.label} “{snippet(text[other.start:other.end], 30)}”"
            arrow = "→" if outgoing else "←"
            line = (f"link {escape(link.label)} {arrow} {escape(where)} "
                    f"({escape(', '.join(link.analysts) or 'reviewer')})")
            state = STATE_TEXT[link.shown_state]
            if link.id == selected_link:
                line = f"<b>▶ {line}</b>"
            lines.append(f'<span style="color: {STATE_COLORS[link.shown_state]}">●</span> '
                         f'<a href="{escape(link.id)}">{line}</a> · {state}')
        for o in others:
            lines.append(f"also here: {escape(o.label)} “{escape(snippet(text[o.start:o.end], 30))}”"
                         f" by {escape(', '.join(o.analysts) or 'reviewer')}"
                         f" · {STATE_TEXT[o.shown_state]}")
        if selected_link:
            lines.append("<i>A / R decide the selected link · Esc: back to the span</i>")
        self.details.setText("<br>".join(lines))

    def _show_attrs(self, item: ReviewItem | None, gold: dict | None) -> None:
        """One combo per attribute the analysts set differently, on the gold value."""
        while self.attrs_form.rowCount():
            row = self.attrs_form.takeRow(0)
            for part in (row.labelItem, row.fieldItem):
                if part is not None and part.widget() is not None:
                    part.widget().hide()
                    part.widget().deleteLater()  # may be the combo whose signal runs now
        self.attr_combos = {}
        choices = attr_choices(item) if item is not None else {}
        self.attrs_box.setVisible(bool(choices))
        for name, values in choices.items():
            combo = QComboBox(self.attrs_box)
            combo.setObjectName(f"reviewAttr_{name}")
            for value, who in values:
                combo.addItem(f"{_shown(value)} — {', '.join(who)}", value)
            current = (gold or {}).get(name)
            if gold is not None and not any(v == current for v, _ in values):
                combo.addItem(f"{_shown(current)} — gold", current)
            if gold is None:
                combo.insertItem(0, "accept the span first", None)
                combo.setCurrentIndex(0)
                combo.setEnabled(False)
            else:
                combo.setCurrentIndex(next(i for i in range(combo.count())
                                           if combo.itemData(i) == current))
            combo.currentIndexChanged.connect(
                lambda i, n=name, c=combo: self.sig_choose_attr.emit(n, c.itemData(i)))
            self.attrs_form.addRow(name, combo)
            self.attr_combos[name] = combo
