"""Who is working: asked once at first start, shown in the status bar, switchable.

Every span, link and status is written under the analyst's name, so the name matters
before the first edit. `app.run` asks (prefilled with the login name) only when neither
`--annotator`, `ANNOTATOR_NAME` nor a saved preference gave one, after the window and its
samples are up; `build_window` never asks, so tests and scripts never block. Both ways of
changing the name go through `window.set_analyst`, the only door (docs/window.md).
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget

from annotator.settings import update_settings
from annotator.ui.shell.actions import Action
from annotator.ui.shell.context import WindowContext, clean_name

SETTING = "annotator"

__all__ = ["ask_name", "clean_name", "first_start", "install", "remember", "switch_analyst"]


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
    name = ask_name(window, window.analyst)
    chosen = name or window.analyst  # cancelled: keep the login name, ask no more
    remember(chosen)
    window.set_analyst(chosen)


def switch_analyst(window) -> None:
    """File > Switch analyst…: ask, remember the name for the next start, switch."""
    name = ask_name(window, window.analyst, "Switch analyst")
    if name is None or name == window.analyst:
        return
    remember(name)
    window.set_analyst(name)


def install(ctx: WindowContext) -> QLabel:
    """The analyst's name in the status bar, following every switch; File > Switch analyst."""
    window = ctx.window
    label = QLabel(f"Analyst: {ctx.analyst}", window)
    label.setObjectName("analystLabel")
    label.setToolTip("Your labels are saved under this name "
                     "(File > Switch analyst… to change it)")
    ctx.sig_analyst_changed.connect(lambda name: label.setText(f"Analyst: {name}"))
    window.statusBar().addPermanentWidget(label)
    ctx.actions.add(Action("file.switch_analyst", "Switch &analyst…",
                           lambda: switch_analyst(window), "&File", "team"))
    return label
