"""Screenshots of review mode with disagreements visible, in both themes:
`docs/review.png` (light) and `docs/review-dark.png` (dark, switched live).

Run from the repository root: `python docs/make_review_screenshot.py` (offscreen, no display
needed). Three analysts label and link the sample article differently in a temporary
database; the reviewer has accepted three spans and an agreed link, and selected a span
whose analysts gave it different attributes: an attribute conflict, with each analyst's
version side by side (their number keys accept one).
"""

from __future__ import annotations

from shots import ARTICLE, save_grab, screenshot_session

# (analyst, piece of text, label); both analysts' lists are compared span by span
LABELS = [
    ("alice", "US airstrikes", "EVENT"), ("bob", "US airstrikes", "EVENT"),
    ("alice", "Iran-backed armed groups", "ACTOR"), ("bob", "Iran-backed armed groups", "ACTOR"),
    ("alice", "Yahya Rasool", "ACTOR"), ("bob", "Yahya Rasool", "ACTOR"),
    ("carol", "Yahya Rasool", "ACTOR"), ("carol", "US airstrikes", "EVENT"),
    ("carol", "Iran-backed armed groups", "ACTOR"),
    ("carol", "the situation could draw Iraq into a broader confrontation", "QUOTE"),
    ("carol", "Iraq's Prime Minister", "ACTOR"),
    ("alice", "warned that the situation could draw Iraq into a broader confrontation", "QUOTE"),
    ("bob", "the situation could draw Iraq into a broader confrontation", "QUOTE"),
    ("alice", "Kataib Hezbollah", "ACTOR"), ("bob", "Kataib Hezbollah", "EVENT"),
    ("alice", "the Pentagon", "ACTOR"), ("bob", "Pentagon", "ACTOR"),
    ("alice", "US forces", "ACTOR"),
    ("bob", "The US-led coalition", "ACTOR"), ("alice", "The US-led coalition", "ACTOR"),
    ("bob", "Hamas", "ACTOR"), ("alice", "Israel", "ACTOR"), ("bob", "Israel", "ACTOR"),
]
# (analyst, head piece, head label, link, child piece, child label)
LINKS = [
    ("alice", "US airstrikes", "EVENT", "TARGET", "Iran-backed armed groups", "ACTOR"),
    ("bob", "US airstrikes", "EVENT", "TARGET", "Iran-backed armed groups", "ACTOR"),
    ("alice", "warned that the situation could draw Iraq into a broader confrontation",
     "QUOTE", "SPEAKER", "Yahya Rasool", "ACTOR"),
    ("bob", "the situation could draw Iraq into a broader confrontation", "QUOTE", "SPEAKER",
     "Yahya Rasool", "ACTOR"),
    ("carol", "the situation could draw Iraq into a broader confrontation", "QUOTE", "SPEAKER",
     "Iraq's Prime Minister", "ACTOR"),
]
ATTRS = [("alice", "Yahya Rasool", "ACTOR", {"kind": "military"}),
         ("bob", "Yahya Rasool", "ACTOR", {"kind": "person"}),
         ("carol", "Yahya Rasool", "ACTOR", {"kind": "person"})]
ACCEPT = [("US airstrikes", "EVENT"), ("Iran-backed armed groups", "ACTOR")]
ACCEPT_LINK = ("US airstrikes", "EVENT", "TARGET", "Iran-backed armed groups", "ACTOR")
SELECT = ("Yahya Rasool", "ACTOR")


def main() -> int:
    with screenshot_session({"annotator": "rita", "first_start_seen": True}) as (app, home):
        from annotator.app import build_window
        from annotator.store import Store
        from annotator.store import review_links as rl
        from annotator.store import review_queries as rq
        from annotator.transfer.pipeline import import_paths

        db = home / "review.sqlite"
        with Store(db) as store:
            import_paths(store, [ARTICLE], "text", "alice")
            pk = store.document_pks()[0]
            text = store.document(pk).text
            ids = {}
            for who, piece, label in LABELS:
                start = text.index(piece)
                ids[who, piece, label] = store.add_span(pk, who, start, start + len(piece),
                                                        label).id
            for who, head, hlabel, link, child, clabel in LINKS:
                store.add_relation(ids[who, head, hlabel], ids[who, child, clabel], link)
            for who, piece, label, attrs in ATTRS:
                store.update_span(ids[who, piece, label], attrs=attrs)
            for who in ("alice", "bob", "carol"):
                store.set_status(pk, who, "done")
        window = build_window(db, "rita")
        window.resize(1500, 900)
        window.show()
        mode = window.review_mode
        window.review_action.trigger()
        for piece, label in ACCEPT:
            start = text.index(piece)
            mode.select(rq.item_id(start, start + len(piece), label))
            mode.decisions.accept()
        head, hlabel, link, child, clabel = ACCEPT_LINK
        h, c = text.index(head), text.index(child)
        mode.select_link(rl.link_id(rq.item_id(h, h + len(head), hlabel),
                                    rq.item_id(c, c + len(child), clabel), link))
        mode.decisions.accept()
        start = text.index(SELECT[0])
        mode.select(rq.item_id(start, start + len(SELECT[0]), SELECT[1]))
        save_grab(app, window, "review.png")
        from annotator.ui.shell.theme import apply_theme

        apply_theme(app, "dark")  # a live switch: review colours follow
        save_grab(app, window, "review-dark.png")
        apply_theme(app, "light")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
