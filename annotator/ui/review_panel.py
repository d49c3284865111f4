"""The right pane in review mode: the colour legend with counts, the selected item (its
analysts, attributes, links and the other readings of the same text) and the buttons.

It owns no data: review mode hands it items and it emits what the reviewer clicked.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.store.review_queries import (
    ACCEPTED,
    AGREE,
    DIS_BOUNDS,
    DIS_LABEL,
    GOLD_EDIT,
    PARTIAL,
    REJECTED,
    STATE_TEXT,
    ReviewItem,
)
from annotator.ui.article_view import snippet
from annotator.ui.colors import LabelStyle, label_style, swatch

STATE_COLORS = {AGREE: "#2e9e44", DIS_LABEL: "#d43c3c", DIS_BOUNDS: "#ef8a17",
                PARTIAL: "#e2c022", ACCEPTED: "#3b7dd8", REJECTED: "#9a9a9a",
                GOLD_EDIT: "#8e5bd0"}
HINT = ("A or Enter: accept · R or X: reject · N / P: next / previous undecided · "
        "Ctrl+Shift+A: accept all agreed · select text and press a label's key to add it "
        "to gold · Del removes a reviewer's edit · Ctrl+Return: mark reviewed")


def state_styles(palette: QPalette) -> dict[str, LabelStyle]:
    return {state: label_style(color, palette) for state, color in STATE_COLORS.items()}


class ReviewPanel(QWidget):
    sig_accept = Signal()
    """Accept the selected item."""
    sig_reject = Signal()
    """Reject the selected item."""
    sig_accept_agreed = Signal()
    """Accept every item all analysts agree on."""
    sig_mark_reviewed = Signal()
    """Mark the document reviewed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.status = QLabel(self, objectName="reviewStatus", wordWrap=True)
        legend_box = QGroupBox("Legend", self)
        grid = QGridLayout(legend_box)
        grid.setVerticalSpacing(2)
        self.counts: dict[str, QLabel] = {}
        self._swatches: dict[str, QLabel] = {}
        for row, (state, text) in enumerate(STATE_TEXT.items()):
            chip, name, count = QLabel(), QLabel(text), QLabel("0")
            count.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(chip, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(count, row, 2)
            self.counts[state], self._swatches[state] = count, chip
        grid.setColumnStretch(1, 1)

        details_box = QGroupBox("Selected", self)
        self.details = QLabel(details_box, objectName="reviewDetails", wordWrap=True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        QVBoxLayout(details_box).addWidget(self.details)

        self.accept_button = QPushButton("Accept  (A)", self)
        self.reject_button = QPushButton("Reject  (R)", self)
        self.agreed_button = QPushButton("Accept all agreed  (Ctrl+Shift+A)", self)
        self.reviewed_button = QPushButton("Mark reviewed  (Ctrl+Return)", self)
        for button, signal in ((self.accept_button, self.sig_accept),
                               (self.reject_button, self.sig_reject),
                               (self.agreed_button, self.sig_accept_agreed),
                               (self.reviewed_button, self.sig_mark_reviewed)):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(signal)
        hint = QLabel(HINT, self, wordWrap=True)
        hint.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 6, 6)
        layout.addWidget(self.status)
        layout.addWidget(legend_box)
        layout.addWidget(details_box, 1)
        for button in (self.accept_button, self.reject_button, self.agreed_button,
                       self.reviewed_button):
            layout.addWidget(button)
        layout.addWidget(hint)
        self.set_styles(state_styles(self.palette()))
        self.show_item(None, "", [])

    def set_styles(self, styles: dict[str, LabelStyle]) -> None:
        for state, chip in self._swatches.items():
            chip.setPixmap(swatch(styles[state].line, 14).pixmap(14, 14))

    def set_counts(self, counts: dict[str, int], status: str, analysts: list[str]) -> None:
        for state, label in self.counts.items():
            label.setText(str(counts.get(state, 0)))
        who = ", ".join(analysts) if analysts else "no analyst"
        note = "" if len(analysts) >= 2 else "  (fewer than two analysts: nothing to compare)"
        self.status.setText(f"<b>Review:</b> {status.replace('_', ' ')}<br>"
                            f"Layers: {escape(who)}{note}")

    def show_item(self, item: ReviewItem | None, text: str, others: list[ReviewItem]) -> None:
        """Show the selected item; `others` are the other items over the same text."""
        self.accept_button.setEnabled(item is not None and bool(item.members))
        self.reject_button.setEnabled(item is not None)
        if item is None:
            self.details.setText("Press N for the next undecided span, or click one.")
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
        for link in item.links:
            other = f"{link.other.label} “{snippet(text[link.other.start:link.other.end], 30)}”"
            arrow = "→" if link.outgoing else "←"
            lines.append(f"link {escape(link.relation.label)} {arrow} {escape(other)} "
                         f"({escape(link.relation.annotator or '')})")
        for o in others:
            lines.append(f"also here: {escape(o.label)} “{escape(snippet(text[o.start:o.end], 30))}”"
                         f" by {escape(', '.join(o.analysts) or 'reviewer')}"
                         f" · {STATE_TEXT[o.shown_state]}")
        self.details.setText("<br>".join(lines))
