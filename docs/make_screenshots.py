"""Screenshots for the docs: the first start (fresh default database, samples, the note),
the Preferences dialog and the Help shortcut sheet.

Run from the repository root: `python docs/make_screenshots.py` (offscreen, no display
needed). It works in a temporary home folder, so the real settings are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DOCS = Path(__file__).resolve().parent


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        os.environ["ANNOTATOR_HOME"] = home
        from annotator.settings import save_settings
        from annotator.ui.application import make_application
        from annotator.ui.help import ShortcutSheet
        from annotator.ui.preferences import PreferencesDialog
        from annotator.ui.theme import apply_theme

        app = make_application(sys.argv[:1])
        apply_theme(app, "light")  # the same look whatever the machine's style
        save_settings({"annotator": "Leila Haddad", "font_size": 13, "theme": "system"})
        from annotator.app import build_window
        from annotator.paths import resolve_db
        from annotator.ui.first_start import show_first_start

        path, _default = resolve_db(None)  # the fresh default database: samples load
        window = build_window(path, "Leila Haddad", load_samples=True)
        window.resize(1280, 800)
        window.show()
        note = show_first_start(window.view)
        app.processEvents()
        window.grab().save(str(DOCS / "first-start.png"))
        print(f"{DOCS / 'first-start.png'}: {window.width()}x{window.height()} "
              f"(note shown: {note is not None})")
        sheet = window.app_feature.show_shortcuts()  # the window's real keys
        sheet.close()
        shots = {"preferences.png": PreferencesDialog(),
                 "help.png": ShortcutSheet(sheet.rows())}
        for name, dialog in shots.items():
            dialog.show()
            app.processEvents()
            dialog.grab().save(str(DOCS / name))
            print(f"{DOCS / name}: {dialog.width()}x{dialog.height()}")
            dialog.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
