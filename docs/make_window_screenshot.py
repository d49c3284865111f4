"""The README's screenshot: the sample article labeled (actors, events, a quote, links,
attributes) with suggestions visible, in the real window, offscreen.

Run from the repository root: `python docs/make_window_screenshot.py [NAME.png ...]`
(all of `SHOTS` without names). It works in a
temporary home folder, so the real settings are never touched.
"""

from __future__ import annotations

import sys

from shots import ARTICLE, save_grab, screenshot_session

SPANS = [
    ("US", "ACTOR", {"kind": "state"}), ("airstrikes", "EVENT", {"type": "airstrike"}),
    ("Iran-backed armed groups", "ACTOR", {"kind": "armed_group"}),
    ("Yahya Rasool", "ACTOR", {"kind": "person"}),
    ("the situation could draw Iraq into a broader confrontation", "QUOTE",
     {"mode": "indirect"}),
    ("Kataib Hezbollah", "ACTOR", {"kind": "armed_group"}), ("Pentagon", "ACTOR", {}),
    ("US Central Command", "ACTOR", {"kind": "military"}),
]
LINKS = [("airstrikes", "US", "AGENT"), ("airstrikes", "Iran-backed armed groups", "TARGET"),
         ("the situation could draw Iraq into a broader confrontation", "Yahya Rasool",
          "SPEAKER")]
SELECT = "airstrikes"


SHOTS = [  # (file, theme, width, height); screenshot.png is the README's first picture
    ("screenshot.png", "light", 1400, 860),
    ("window-light-1440.png", "light", 1440, 900),
    ("window-dark-1440.png", "dark", 1440, 900),
    ("window-light-900.png", "light", 900, 600),
    ("window-dark-900.png", "dark", 900, 600),
]


def main() -> int:
    wanted = set(sys.argv[1:])
    for name, theme, width, height in SHOTS:
        if not wanted or name in wanted:
            shoot(name, theme, width, height)
    return 0


def shoot(name: str, theme: str, width: int, height: int) -> None:
    settings = {"annotator": "alice", "first_start_seen": True, "theme": theme}
    with screenshot_session(settings) as (app, home):
        from annotator.app import build_window
        from annotator.store import Store
        from annotator.transfer.pipeline import import_paths

        db = home / "shot.sqlite"
        ids = {}
        with Store(db) as store:
            import_paths(store, [ARTICLE], "text", "alice")
            pk = store.document_pks()[0]
            text = store.document(pk).text
            body = text.index("A series of recent")  # the article, below its headlines
            for piece, label, attrs in SPANS:
                start = text.index(piece, body)
                ids[piece] = store.add_span(pk, "alice", start, start + len(piece), label,
                                            attrs).id
            for head, child, label in LINKS:
                store.add_relation(ids[head], ids[child], label)
        from annotator.ui.shell.theme import apply_theme

        apply_theme(app, theme)
        window = build_window(db, "alice")
        window.resize(width, height)
        window.show()
        window.editor.select_span(ids[SELECT], reveal=True)
        window.rich.suggestions.wait()  # suggestions come just after the first paint
        save_grab(app, window, name, rounds=20)
        window.close()


if __name__ == "__main__":
    sys.exit(main())
