"""Helpers shared by the review window tests (fixtures live in conftest.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "review"))

from review_helpers import TEXTS, at, label, make_base_file, pk_of

from annotator.core.model import GOLD
from annotator.store import Store

REVIEWER = "rita"  # who reviews in these tests (open_window(db, REVIEWER))

# alice and bob agree on "Putin" and "said"; their quotes differ in bounds; alice links
# her quote to Putin. In the Arabic text alice and bob give "Kataib Hezbollah" other labels.
ALICE = {"doc-putin": [("Putin", "ACTOR"), ("said", "EVENT"), ("talks failed", "QUOTE")],
         "doc-arabic": [("Kataib Hezbollah", "ACTOR")]}
BOB = {"doc-putin": [("Putin", "ACTOR"), ("said", "EVENT"), ("talks", "QUOTE")],
       "doc-arabic": [("Kataib Hezbollah", "EVENT")]}


def select(view, text: str, start: int, end: int) -> None:
    """Select code points [start, end) in an article view, as a mouse drag would (Qt counts
    UTF-16 units, computed here without annotator.ui)."""
    from PySide6.QtGui import QTextCursor

    cursor = view.textCursor()
    cursor.setPosition(len(text[:start].encode("utf-16-le")) // 2)
    cursor.setPosition(len(text[:end].encode("utf-16-le")) // 2, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def layer(db, doc_id: str, annotator: str) -> set[tuple[str, str]]:
    """(text, label) of one layer's live spans in a document."""
    with Store(db) as s:
        text = TEXTS[doc_id]
        return {(text[x.start:x.end], x.label) for x in s.spans(pk_of(s, doc_id), annotator)}


def gold(db, doc_id: str):
    """The gold layer of a document: {(text, label)} and {(head text, link, child text)}."""
    with Store(db) as s:
        pk = pk_of(s, doc_id)
        spans = {x.id: x for x in s.spans(pk, GOLD)}
        text = TEXTS[doc_id]

        def t(sid):
            return text[spans[sid].start:spans[sid].end]

        return ({(text[x.start:x.end], x.label) for x in spans.values()},
                {(t(r.head), r.label, t(r.child)) for r in s.relations(pk, GOLD)})


def answer(button_text: str | None, seen: list[str] | None = None) -> None:
    """Click `button_text` in the next question box once it shows (None: Esc), as the
    reviewer does; the box's text goes to `seen`."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        if seen is not None:
            seen.append(box.text())
        if button_text is None:
            box.reject()
            return
        next(b for b in box.buttons() if b.text() == button_text).click()
    QTimer.singleShot(0, click)


__all__ = [
    "ALICE",
    "BOB",
    "REVIEWER",
    "TEXTS",
    "answer",
    "at",
    "gold",
    "label",
    "layer",
    "make_base_file",
    "pk_of",
    "select",
]
