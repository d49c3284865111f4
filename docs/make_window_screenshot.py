"""The README's screenshot: the sample article labeled (actors, events, a quote, links,
attributes) with suggestions visible, in the real window, offscreen.

Run from the repository root: `python docs/make_window_screenshot.py`. It works in a
temporary home folder, so the real settings are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DOCS = Path(__file__).resolve().parent
ARTICLE = DOCS.parent / "tests" / "data" / "iraq-coalition-2024-02-11.txt"
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
    with tempfile.TemporaryDirectory() as home:
        os.environ["ANNOTATOR_HOME"] = home
        from annotator.app import build_window
        from annotator.formats.pipeline import import_paths
        from annotator.settings import save_settings
        from annotator.store import Store
        from annotator.ui.application import make_application
        from annotator.ui.theme import apply_theme

        app = make_application(sys.argv[:1])
        apply_theme(app, "light")
        save_settings({"annotator": "alice", "first_start_seen": True})
        db = Path(home) / "shot.sqlite"
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
        for _ in range(20):
            app.processEvents()
        out = DOCS / "screenshot.png"
        window.grab().save(str(out))
        print(f"{out}: {window.width()}x{window.height()}")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
