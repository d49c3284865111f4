"""Qt widgets, item models over the store, the undo stack, dialogs: the only layer that
imports PySide6."""
