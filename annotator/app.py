"""Starting the window: `build_window` for tests, `run` for the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.core.errors import AnnotatorError


def build_window(db_path: str | Path, annotator: str, *, load_samples: bool | None = None):
    """Build the main window over a database without running the event loop.

    `load_samples` None: only the default database, when empty, gets the sample articles
    (docs/architecture.md, "Command line"), so a caller that opens it directly sees what a
    new user sees."""
    from annotator.store import Store
    from annotator.ui.shell.main_window import MainWindow

    if load_samples is None:
        from annotator.paths import default_db_path

        load_samples = Path(db_path).resolve() == default_db_path().resolve()
    store = Store(db_path)
    if load_samples:
        from annotator.samples import load_samples_if_empty

        load_samples_if_empty(store, annotator)
    return MainWindow(store, annotator)


class EnvironmentProblem(AnnotatorError):
    """The machine cannot show the window (no display, a missing system library)."""


def run(db_option: str | None, annotator_option: str | None) -> int:
    """Open the window on the chosen database; samples only on the default one."""
    from annotator.paths import resolve_annotator, resolve_db
    from annotator.ui.shell.application import make_application
    from annotator.ui.shell.display import display_problem

    problem = display_problem()
    if problem:  # Qt would abort the process (SIGABRT) instead of saying why
        raise EnvironmentProblem(f"cannot open the window: {problem}")
    path, is_default = resolve_db(db_option)
    annotator, explicit = resolve_annotator(annotator_option)
    app = make_application(sys.argv[:1])
    from annotator.settings import load_settings
    from annotator.ui.dialogs.crash import install_excepthook
    from annotator.ui.shell.app_feature import application_icon
    from annotator.ui.shell.theme import apply_theme

    apply_theme(app, str(load_settings().get("theme", "system")))
    app.setWindowIcon(application_icon())
    install_excepthook(app)
    window = build_window(path, annotator, load_samples=is_default)
    if is_default:  # the three keys that matter, over the sample article
        from annotator.ui.dialogs.first_start import show_first_start

        window.first_start_note = show_first_start(window.view)
    window.show()
    if not explicit:  # first start: ask the name once the window (and samples) are up
        from PySide6.QtCore import QTimer

        from annotator.ui.shell.identity import first_start

        QTimer.singleShot(0, lambda: first_start(window, explicit))
    return app.exec()
