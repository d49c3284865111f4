"""The parts of the window, each installed from the context it receives.

Every part's `install(ctx)` adds its widgets, declares its commands in the action table
(`ctx.actions`) and returns the object it built; it reads what it needs from the typed
context (store, editor, analyst, panes, refresher) and never from another part, so the
order below does not matter (tests/ui_app/test_action_table.py installs them reversed):
the window builds the menus and keys from the table only after every part is in. The
window keeps each returned object under the name given here, for tests and scripts.
"""

from __future__ import annotations

import importlib

# (the window's attribute for what install returns, the part's module)
PARTS: tuple[tuple[str, str], ...] = (
    ("app_feature", "annotator.ui.shell.app_feature"),
    ("import_export", "annotator.ui.dialogs.import_export"),
    ("analyst_label", "annotator.ui.shell.identity"),
    ("merge_ui", "annotator.ui.review.merge_ui"),
    ("review_mode", "annotator.ui.review.review_feature"),
    ("rich", "annotator.ui.rich.rich_feature"),
    ("sync_ui", "annotator.ui.review.sync_ui"),
)


def install_parts(window) -> None:
    for name, module in PARTS:
        setattr(window, name, importlib.import_module(module).install(window.ctx))
