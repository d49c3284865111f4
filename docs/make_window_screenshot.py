"""The README's screenshot: the sample article labeled (actors, events, a quote, links,
attributes) with suggestions visible, in the real window, offscreen.

Run from the repository root: `python docs/make_window_screenshot.py`. It works in a
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


def main() -> int:
    with screenshot_session({"annotator": "alice", "first_start_seen": True}) as (app, home):
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
        window = build_window(db, "alice")
        window.resize(1400, 860)
        window.show()
        window.editor.select_span(ids[SELECT], reveal=True)
        window.rich.suggestions.wait()  # suggestions come just after the first paint
        save_grab(app, window, "screenshot.png", rounds=20)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
