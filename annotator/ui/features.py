"""Features that plug into the main window without editing it.

Each module named here has `install(window: MainWindow) -> None`, which adds its menus,
actions, key bindings and docks through the window's small public API (`window.menu(title)`,
`window.keys.bind(...)`, `window.editor`, `window.labels`, `window.store`). The window calls
them in this order once it is built.
"""

from __future__ import annotations

import importlib

FEATURES: list[str] = [
    "annotator.ui.app_feature",
    "annotator.ui.review_feature",
    "annotator.ui.rich_feature",
    "annotator.ui.model_ui",
]


def install_features(window) -> None:
    for name in FEATURES:
        importlib.import_module(name).install(window)
