"""Review status: set by deciding and by Mark reviewed, shown in the list and filterable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from review_ui_helpers import REVIEWER, answer, pk_of

from annotator.store import Store

CTRL = Qt.KeyboardModifier.ControlModifier


def listed(window) -> dict[str, str]:
    """Title -> Review column text of the rows the document list shows."""
    model = window.documents.model
    col = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    review = col.index("Review")
    return {model.index(r, 0).data(): model.index(r, review).data()
            for r in range(model.rowCount())}


def test_status_follows_decisions_and_filters(team_db, open_window, qtbot):
    window = open_window(team_db, REVIEWER)
    with Store(team_db) as s:
        window.open_document(pk_of(s, "doc-putin"))
    assert set(listed(window).values()) == {""}  # every document unreviewed
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    view = window.review_mode.view
    qtbot.keyClick(view, Qt.Key.Key_N)
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert listed(window)["doc-putin"] == "in review"

    seen: list[str] = []
    answer("&Yes", seen)  # items are left undecided: it asks first
    qtbot.keyClick(view, Qt.Key.Key_Return, CTRL)  # mark reviewed, open the next one
    assert "3 item(s) and 1 link(s) are still undecided" in seen[0]
    assert listed(window)["doc-putin"] == "reviewed"
    assert window.editor.doc.id != "doc-putin"
    with Store(team_db) as s:
        assert s.conn.execute("SELECT review_status, reviewer FROM documents WHERE id = ?",
                              ("doc-putin",)).fetchone() == ("reviewed", "rita")

    combo = window.documents.review_filter
    combo.setCurrentIndex(combo.findText("Reviewed"))
    assert list(listed(window)) == ["doc-putin"]
    combo.setCurrentIndex(combo.findText("Not reviewed"))
    assert sorted(listed(window)) == ["doc-arabic", "doc-iraq"]

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)  # undo: back to in review
    combo.setCurrentIndex(combo.findText("In review"))
    assert listed(window) == {"doc-putin": "in review"}
