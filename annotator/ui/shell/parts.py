"""The parts of the window, each installed from the context it receives.

Every part's `install(ctx)` adds its widgets, declares its commands in the action table
(`ctx.actions`) and returns the object it built; it reads what it needs from the typed
context (store, editor, analyst, panes, refresher) and never from another part, so the
order below does not matter: the window builds the menus and keys from the table only
after every part is in. The window keeps each returned object under a plain name, for
the other parts' tests and for scripts.
"""

from __future__ import annotations


def install_parts(window) -> None:
    from annotator.ui.dialogs import import_export
    from annotator.ui.review import merge_ui, review_feature
    from annotator.ui.rich import rich_feature
    from annotator.ui.shell import app_feature, identity

    ctx = window.ctx
    window.app_feature = app_feature.install(ctx)
    window.import_export = import_export.install(ctx)
    window.analyst_label = identity.install(ctx)
    window.merge_ui = merge_ui.install(ctx)
    window.review_mode = review_feature.install(ctx)
    window.rich = rich_feature.install(ctx)
