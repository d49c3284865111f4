"""Who is working: asked once at first start, shown in the status bar, switchable.

Every span, link and status is written under the analyst's name, so the name matters
before the first edit. `app.run` asks (prefilled with the login name) only when neither
`--annotator`, `ANNOTATOR_NAME` nor a saved preference gave one, after the window and its
samples are up; `build_window` never asks, so tests and scripts never block.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget

from annotator.core.model import GOLD
from annotator.settings import update_settings

SETTING = "annotator"


def clean_name(name: str | None) -> str | None:
    """A usable analyst name, or None (empty, or the reserved gold layer's name)."""
    name = (name or "").strip()
    if not name or name.lower() == GOLD:
        return None
    return name


def ask_name(parent: QWidget | None, current: str, title: str = "Who is labeling?") -> str | None:
    """The name the analyst typed, or None if they cancelled or typed nothing usable."""
    text, ok = QInputDialog.getText(
        parent, title, "Your name, as your labels will carry it\n"
        "(a reviewer merging files tells analysts apart by it):",
        QLineEdit.EchoMode.Normal, current)
    return clean_name(text) if ok else None


def remember(name: str) -> None:
    update_settings(**{SETTING: name})


def first_start(window, explicit: bool) -> None:
    """Ask for the name on the very first start (called by `app.run` once the window shows)."""
    if explicit:
        return
    name = ask_name(window, window.annotator)
    chosen = name or window.annotator  # cancelled: keep the login name, ask no more
    remember(chosen)
    if chosen != window.annotator:
        set_annotator(window, chosen)


def set_annotator(window, name: str) -> None:
    """Make `name` the window's analyst: the editor writes into their layer, the document
    list shows their statuses, and the open document is shown again in their layer."""
    window.annotator = name
    window.editor.annotator = name
    window.documents.annotator = name
    window.documents.model.annotator = name
    window.editor.select_span(None)
    window.documents.reload()
    doc = window.editor.doc
    if doc is not None:
        window.editor.doc = None  # Editor.open skips the document already open
        window.open_document(doc.pk)
    window.setWindowTitle(f"Annotator — {window.store.path.name} — {name}")
    label = getattr(window, "analyst_label", None)
    if label is not None:
        label.setText(f"Analyst: {name}")
    window.statusBar().showMessage(f"Now labeling as {name}", 4000)


def switch_analyst(window) -> None:
    name = ask_name(window, window.annotator, "Switch analyst")
    if name is None or name == window.annotator:
        return
    remember(name)
    set_annotator(window, name)


def install(window) -> None:
    from annotator.ui.review.review_feature import file_action

    window.analyst_label = QLabel(f"Analyst: {window.annotator}", window)
    window.analyst_label.setObjectName("analystLabel")
    window.analyst_label.setToolTip("Your labels are saved under this name "
                                    "(File > Switch analyst… to change it)")
    window.statusBar().addPermanentWidget(window.analyst_label)
    file_action(window, "Switch &analyst…", lambda: switch_analyst(window))
