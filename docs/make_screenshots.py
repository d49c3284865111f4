"""Screenshots for the docs: the first start (fresh default database, samples, the note),
the Preferences dialog and the Help shortcut sheet.

Run from the repository root: `python docs/make_screenshots.py` (offscreen, no display
needed). It works in a temporary home folder, so the real settings are never touched.
"""

from __future__ import annotations

from shots import save_grab, screenshot_session


def main() -> int:
    settings = {"annotator": "Leila Haddad", "font_size": 13, "theme": "system"}
    with screenshot_session(settings) as (app, _home):
        from annotator.app import build_window
        from annotator.paths import resolve_db
        from annotator.ui.dialogs.first_start import show_first_start
        from annotator.ui.dialogs.help import ShortcutSheet
        from annotator.ui.dialogs.preferences import PreferencesDialog

        path, _default = resolve_db(None)  # the fresh default database: samples load
        window = build_window(path, "Leila Haddad", load_samples=True)
        window.resize(1280, 800)
        window.show()
        note = show_first_start(window.view)
        save_grab(app, window, "first-start.png", rounds=1)
        print(f"(first-start note shown: {note is not None})")
        sheet = window.app_feature.show_shortcuts()  # the window's real keys
        sheet.close()
        shots = {"preferences.png": PreferencesDialog(),
                 "help.png": ShortcutSheet(sheet.rows())}
        for name, dialog in shots.items():
            dialog.show()
            save_grab(app, dialog, name, rounds=1)
            dialog.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
