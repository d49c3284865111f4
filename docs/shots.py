"""What every docs screenshot script shares: a throwaway home folder (the real settings are
never touched), the app in the light theme whatever the machine's style, and saving a grab.

Run the scripts from the repository root, e.g. `python docs/make_window_screenshot.py`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DOCS = Path(__file__).resolve().parent
ARTICLE = DOCS.parent / "resources" / "samples" / "iraq-coalition-2024-02-11.txt"


@contextmanager
def screenshot_session(settings: dict[str, Any]) -> Iterator[tuple[Any, Path]]:
    """(QApplication, home folder) with `settings` saved there; the folder goes afterwards."""
    with tempfile.TemporaryDirectory() as home:
        os.environ["ANNOTATOR_HOME"] = home
        from annotator.settings import save_settings
        from annotator.ui.shell.application import make_application
        from annotator.ui.shell.theme import apply_theme

        app = make_application(sys.argv[:1])
        apply_theme(app, "light")
        save_settings(settings)
        yield app, Path(home)


def save_grab(app: Any, widget: Any, name: str, rounds: int = 5) -> Path:
    """Let pending paints happen, then save what `widget` shows as docs/NAME."""
    for _ in range(rounds):
        app.processEvents()
    out = DOCS / name
    widget.grab().save(str(out))
    print(f"{out}: {widget.width()}x{widget.height()}")
    return out
