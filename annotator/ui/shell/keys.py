"""Key routing that works wherever the focus is in the window, even before it is active
(QShortcut needs an active window; a key sent to the article view must still label).

An event filter on the window's own widgets maps key presses to the action table's
handlers for the current mode (`ctx.mode`). The bindings come only from the action table
(`ActionTable.bind_keys`); nothing binds keys here directly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence

Mod = Qt.KeyboardModifier
Key = Qt.Key
Chord = tuple[int, int]


@lru_cache(maxsize=512)
def chord(key: str) -> tuple[Key, Mod]:
    """(key, modifiers) of a one-key QKeySequence string such as "Ctrl+Shift+A"."""
    seq = QKeySequence(key)
    if seq.count() != 1:
        raise ValueError(f"not one key: {key!r}")
    combo = seq[0]
    return combo.key(), combo.keyboardModifiers()


def _mods(event) -> Mod:
    return event.modifiers() & ~Mod.KeypadModifier


class KeyRouter(QObject):
    def __init__(self, mode: Callable[[], str], parent: QObject | None = None):
        super().__init__(parent)
        self.mode = mode
        self.bindings: dict[str, dict[Chord, Callable[[], None]]] = {}
        self.article_only: dict[str, set[Chord]] = {}
        self.surfaces: set[QObject] = set()  # the article views (keys marked article_only)

    def set_bindings(self, bindings: dict[str, dict[Chord, Callable[[], None]]],
                     article_only: dict[str, set[Chord]]) -> None:
        self.bindings, self.article_only = bindings, article_only

    def watch(self, *widgets: QObject, surface: bool = False) -> None:
        for w in widgets:
            w.installEventFilter(self)
            if surface:
                self.surfaces.add(w)

    def action_for(self, obj: QObject | None, event) -> Callable[[], None] | None:
        mode = self.mode()
        chord_ = (event.key(), int(_mods(event).value))
        if chord_ in self.article_only.get(mode, ()) and obj not in self.surfaces:
            return None
        return self.bindings.get(mode, {}).get(chord_)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and self.action_for(obj, event) is not None:
            event.accept()  # ours in this mode: a QAction shortcut must not take it first
            return True
        if kind != QEvent.Type.KeyPress:
            return False
        return self.handle(event, obj)

    def handle(self, event, obj: QObject | None = None) -> bool:
        action = self.action_for(obj, event)
        if action is None:
            return False
        action()
        return True
