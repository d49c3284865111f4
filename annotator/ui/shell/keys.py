"""Key bindings that work wherever the focus is in the window, even before it is active
(QShortcut needs an active window; a key sent to the article view must still label).

An event filter on the main widgets maps key presses to the editor's actions.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt

Mod = Qt.KeyboardModifier
Key = Qt.Key


def _mods(event) -> Mod:
    return event.modifiers() & ~Mod.KeypadModifier


class KeyRouter(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.bindings: dict[tuple[int, int], Callable[[], None]] = {}
        self.label_keys: dict[str, Callable[[bool], None]] = {}  # key text -> label(exact)

    def bind(self, key: Key, mods: Mod, action: Callable[[], None]) -> None:
        self.bindings[(int(key), int(mods.value if hasattr(mods, "value") else mods))] = action

    def watch(self, *widgets: QObject) -> None:
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        return self.handle(event)

    def handle(self, event) -> bool:
        mods = _mods(event)
        action = self.bindings.get((event.key(), int(mods.value)))
        if action is not None:
            action()
            return True
        if mods in (Mod.NoModifier, Mod.AltModifier) and Key.Key_0 <= event.key() <= Key.Key_9:
            label = self.label_keys.get(chr(event.key()))
            if label is not None:
                label(mods == Mod.AltModifier)
                return True
        return False
