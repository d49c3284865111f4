"""Team review in the window: the analyst's identity, merging an analyst's file, review
mode and the agreement view, plugged in through `annotator.ui.shell.features`."""

from __future__ import annotations

from PySide6.QtGui import QAction

from annotator.ui.review import merge_ui
from annotator.ui.review.review_mode import ReviewMode
from annotator.ui.shell import identity
from annotator.ui.shell.keys import Key, Mod


def install(window) -> None:
    identity.install(window)
    merge_ui.install(window)
    mode = window.review_mode = ReviewMode(window)
    menu = window.menu("&Review")
    toggle = window.add_action(menu, "&Review mode", lambda: mode.set_active(toggle.isChecked()),
                               "F6")
    toggle.setCheckable(True)
    toggle.setObjectName("reviewModeAction")
    mode.sig_toggled.connect(toggle.setChecked)
    refresher = getattr(window, "refresher", None)  # another connection wrote: re-read
    if refresher is not None:
        refresher.sig_refreshed.connect(mode.refresh)
    window.review_action = toggle
    window.keys.bind(Key.Key_F6, Mod.NoModifier, toggle.trigger)
    menu.addSeparator()
    # single-letter keys work in the review view only (its key filter), so the menu shows
    # them without registering window-wide shortcuts that would fire in the document list
    for text, slot in (("&Accept span\tA", mode.accept), ("Re&ject span\tR", mode.reject),
                       ("&Next undecided span\tN", lambda: mode.step(1)),
                       ("&Previous undecided span\tP", lambda: mode.step(-1))):
        window.add_action(menu, text, _when_active(mode, slot))
    window.add_action(menu, "Accept all a&greed spans", _when_active(mode, mode.accept_agreed),
                      "Ctrl+Shift+A")
    window.keys.bind(Key.Key_A, Mod.ControlModifier | Mod.ShiftModifier,
                     _when_active(mode, mode.accept_agreed))
    window.add_action(menu, "Mark document re&viewed", mode.mark_reviewed)
    menu.addSeparator()
    window.add_action(menu, "A&greement…", lambda: _open_agreement(window))


def _when_active(mode: ReviewMode, slot):
    """Run a review action, turning review mode on first if needed."""
    def run() -> None:
        if not mode.active:
            window = mode.window
            window.review_action.setChecked(True)
            mode.set_active(True)
        slot()
    return run


def _open_agreement(window) -> None:
    from annotator.ui.review.agreement_view import open_agreement

    open_agreement(window)


def file_action(window, text: str, slot, *keys: str) -> QAction:
    """An action in the File menu, placed before Quit (the menu's last entry)."""
    menu = window.menu("&File")
    actions = menu.actions()
    action = window.add_action(menu, text, slot, *keys)
    if actions:
        menu.removeAction(action)
        menu.insertAction(actions[-1], action)
    return action
