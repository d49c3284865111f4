"""Document list, search, done-and-next, paging, reopening, settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from ui_helpers import select

from annotator.app import build_window
from annotator.core.model import Document
from annotator.settings import load_settings
from annotator.ui.shell.context import WindowContext
from annotator.ui.shell.document_model import DocumentListModel


def test_document_list_model_passes_qtmodeltester(two_docs_db, reader, qtmodeltester):
    model = DocumentListModel(WindowContext(reader, "alice"))
    model.set_pks(reader.document_pks())
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(1, 0).data() == ("Iraq Considers Ending America-Led Coalition's "
                                        "Mission Amid Ongoing US Airstrikes, 11 FEB")
    assert model.index(1, 1).data() == "2024-02-11"
    assert model.index(0, 3).data() == "new"


def test_list_shows_status_and_span_count_as_the_analyst_works(two_docs_db, open_window,
                                                               qtbot):
    window = open_window(two_docs_db)
    listing = window.findChild(QAbstractItemView, "documentList")
    view = window.view
    text = view.text
    i = text.index("Baghdad")
    select(view, text, i, i + 7)
    qtbot.keyClick(view, Qt.Key.Key_1)
    model = listing.model()
    assert model.index(0, 3).data() == "in progress"
    assert model.index(0, 4).data() == 1
    assert window.findChild(object, "progressLabel").text().startswith("0 of 2 done")


def test_ctrl_return_marks_done_and_opens_the_next_undone(two_docs_db, open_window, reader,
                                                          qtbot):
    window = open_window(two_docs_db)
    first, second = reader.document_pks()
    assert window.editor.doc.pk == first
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert reader.status(first, "alice") == "done"
    assert window.editor.doc.pk == second
    assert "Kataib Hezbollah" in window.view.toPlainText()
    assert window.findChild(object, "progressLabel").text().startswith("1 of 2 done")
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert reader.status(second, "alice") == "done"
    assert "done" in window.statusBar().currentMessage()
    # undo of "mark done" reaches the database too
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert reader.status(second, "alice") == "new"


def test_page_down_and_up_move_between_documents(two_docs_db, open_window, reader, qtbot):
    window = open_window(two_docs_db)
    first, second = reader.document_pks()
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
    assert window.editor.doc.pk == second
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown)  # already last: stays
    assert window.editor.doc.pk == second
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp)
    assert window.editor.doc.pk == first
    listing = window.findChild(QAbstractItemView, "documentList")
    assert listing.currentIndex().row() == 0


def test_search_filters_the_list_and_clicking_opens(two_docs_db, open_window, qtbot):
    window = open_window(two_docs_db)
    listing = window.findChild(QAbstractItemView, "documentList")
    search = window.findChild(QLineEdit, "documentSearch")
    qtbot.keyClicks(search, "Hezboll")
    assert listing.model().rowCount() == 1
    assert listing.model().index(0, 0).data().startswith("Iraq Considers")
    search.clear()
    assert listing.model().rowCount() == 2
    search.setText("nosuchwordanywhere")
    assert listing.model().rowCount() == 0
    search.setText('"unbalanced')  # odd input never raises
    assert listing.model().rowCount() == 0
    search.clear()
    rect = listing.visualRect(listing.model().index(1, 0))
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "Kataib Hezbollah" in window.view.toPlainText()


def test_reopening_shows_the_same_spans_on_the_last_document(two_docs_db, qtbot):
    window = build_window(two_docs_db, "alice")
    qtbot.addWidget(window)
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
    text = window.view.text
    i = text.index("Kataib Hezbollah")
    select(window.view, text, i, i + len("Kataib Hezbollah"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    j = text.index("Yahya Rasool")
    select(window.view, text, j + 1, j + len("Yahya Rasool") - 2)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    before = [(s.start, s.end, s.label) for s in window.view.index]
    qtbot.wait(10)  # the last-document setting is saved from the event loop
    window.close()

    again = build_window(two_docs_db, "alice")
    qtbot.addWidget(again)
    assert "Kataib Hezbollah" in again.view.toPlainText()  # opened on the last document
    assert [(s.start, s.end, s.label) for s in again.view.index] == before
    assert [again.view.text[s:e] for s, e, _ in before] == ["Yahya Rasool", "Kataib Hezbollah"]
    assert again.labels.spans.total() == 2 == again.labels.spans.rowCount()


def test_font_size_and_snapping_persist(two_docs_db, open_window, qtbot):
    window = open_window(two_docs_db)
    size = window.view.font().pointSize()
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSize() == size + 1
    assert load_settings()["font_size"] == size + 1
    window.snap_action.trigger()
    assert load_settings()["snap_to_words"] is False
    window.close()
    again = open_window(two_docs_db)
    assert again.view.font().pointSize() == size + 1
    assert again.editor.snap is False


def test_arabic_paragraph_is_laid_out_right_to_left(db_path, open_window):
    from annotator.store import Store

    text = "Title\n\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b \u0625\u0646 \u0627\u0644\u0648\u0636\u0639 \u062e\u0637\u064a\u0631.\nEnglish line."
    with Store(db_path) as s:
        s.add_document(Document("ar", text, "Title"))
    window = open_window(db_path)
    doc = window.view.document()
    directions = [doc.findBlockByNumber(n).textDirection() for n in range(3)]
    assert directions == [Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft,
                          Qt.LayoutDirection.LeftToRight]


def test_span_list_model_passes_qtmodeltester_and_follows_edits(two_docs_db, open_window,
                                                                qtbot, qtmodeltester):
    window = open_window(two_docs_db)
    view, text = window.view, window.view.text
    for word in ("Baghdad", "Fuad Hussein", "Jurf al-Sakhar"):
        i = text.index(word)
        select(view, text, i, i + len(word))
        qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # the last one, still selected
    window.labels.flush()
    model = window.labels.spans
    qtmodeltester.check(model)
    assert [model.index(r).data() for r in range(model.rowCount())] == [
        "ACTOR  Baghdad", "ACTOR  Fuad Hussein"]
