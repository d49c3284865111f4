"""The side-by-side view of the selected item: each analyst's version, numbered, as in
INCEpTION's curation view. One row per analyst of the document: their label, bounds and
text, their attributes and links, or that they marked nothing there. The row's number is the
key that accepts that version (`ReviewDecisions.accept_version`); a double-click does too.
It owns no data: review mode hands it versions and it says which was chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.store.review_versions import NOTHING, OTHER_BOUNDS, OTHER_LABEL, Version
from annotator.ui.article.article_view import snippet

KIND_TEXT = {OTHER_LABEL: "other label", OTHER_BOUNDS: "other bounds"}


def version_text(number: int, v: Version) -> str:
    """One analyst's version as a line: "2  bob: ACTOR “Yahya Rasool” 310–322 · kind=person"."""
    if v.kind == NOTHING or v.span is None:
        return f"{number}  {v.analyst}: marked nothing here"
    s = v.span
    parts = [f"{number}  {v.analyst}: {s.label} “{snippet(v.text, 40)}” {s.start}–{s.end}"]
    if v.kind in KIND_TEXT:
        parts.append(KIND_TEXT[v.kind])
    if s.attrs:
        parts.append(", ".join(f"{k}={val}" for k, val in sorted(s.attrs.items())))
    for link in v.links:
        arrow = "→" if link.outgoing else "←"
        parts.append(f"{link.label} {arrow} {link.other.label} “{snippet(link.text, 24)}”")
    return " · ".join(parts)


class VersionsView(QGroupBox):
    sig_accept_version = Signal(int)
    """Accept version number n (1-based), as its number key does."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Versions side by side (press a number to accept one)", parent)
        self.setObjectName("reviewVersions")
        self.list = QListWidget(self, objectName="reviewVersionList")
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(120)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the article
        self.list.itemDoubleClicked.connect(
            lambda item: self.sig_accept_version.emit(self.list.row(item) + 1))
        QVBoxLayout(self).addWidget(self.list)
        self.versions: list[Version] = []

    def show_versions(self, versions: list[Version]) -> None:
        self.versions = list(versions)
        self.list.clear()
        for n, v in enumerate(self.versions, 1):
            row = QListWidgetItem(version_text(n, v))
            row.setToolTip(row.text())
            self.list.addItem(row)
        self.setVisible(bool(self.versions))

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]
