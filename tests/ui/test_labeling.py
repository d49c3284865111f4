"""Labeling in the real window, checked in the database (code point offsets)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextFormat
from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTextEdit
from ui_helpers import label_piece, select, utf16


def article(window):
    view = window.findChild(QPlainTextEdit, "articleView") or window.findChild(
        QTextEdit, "articleView")
    assert view is not None and view.isReadOnly()
    return view


def doc_text(reader):
    doc = reader.document(reader.document_pks()[0])
    return doc.pk, doc.text


def test_window_has_the_contract_names(two_docs_db, open_window):
    window = open_window(two_docs_db)
    assert isinstance(window.findChild(QAbstractItemView, "documentList"), QAbstractItemView)
    assert window.findChild(object, "labelPanel") is not None
    view = article(window)
    assert "Fuad Hussein" in view.toPlainText()


def test_label_after_emoji_and_arabic_stores_code_points(two_docs_db, open_window, reader, qtbot):
    window = open_window(two_docs_db)
    view = article(window)
    pk, text = doc_text(reader)
    target = "«unacceptable»"  # after a flag emoji, Arabic and CRLF lines
    label_piece(qtbot, view, text, target, Qt.Key.Key_3)
    [span] = reader.spans(pk, "alice")
    assert (span.label, text[span.start:span.end]) == ("QUOTE", target)
    arabic = "\u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644"
    j = text.index(arabic)
    select(view, text, j + 1, j + len(arabic) - 1)  # sloppy: snapping completes the words
    qtbot.keyClick(view, Qt.Key.Key_1)
    spans = {s.label: text[s.start:s.end] for s in reader.spans(pk, "alice")}
    assert spans == {"QUOTE": target, "ACTOR": arabic}
    assert reader.status(pk, "alice") == "in_progress"


def test_keyboard_selection_with_shift_arrows(two_docs_db, open_window, reader, qtbot):
    window = open_window(two_docs_db)
    view = article(window)
    pk, text = doc_text(reader)
    i = text.index("Zoë")  # the line after an emoji and a CRLF
    cursor = view.textCursor()
    cursor.setPosition(utf16(text, i))
    view.setTextCursor(cursor)
    for _ in range(len("Zoë Kov")):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_1)
    [span] = reader.spans(pk, "alice")
    assert text[span.start:span.end] == "Zoë Kovač"


def test_alt_labels_exact_characters_and_emoji_are_never_cut(two_docs_db, open_window,
                                                             reader, qtbot):
    window = open_window(two_docs_db)
    view = article(window)
    pk, text = doc_text(reader)
    i = text.index("Hussein")
    select(view, text, i + 1, i + 4)
    qtbot.keyClick(view, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    [span] = reader.spans(pk, "alice")
    assert text[span.start:span.end] == "uss"
    # a selection ending inside a surrogate pair takes the whole emoji
    e = text.index("😠")
    cursor = view.textCursor()
    cursor.setPosition(utf16(text, e - 1))
    cursor.setPosition(utf16(text, e) + 1, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    qtbot.keyClick(view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    events = [s for s in reader.spans(pk, "alice") if s.label == "EVENT"]
    assert [text[s.start:s.end] for s in events] == [" 😠"]


def test_undo_redo_relabel_delete_reach_the_database(two_docs_db, open_window, reader, qtbot):
    window = open_window(two_docs_db)
    view = article(window)
    pk, text = doc_text(reader)
    i = label_piece(qtbot, view, text, "Fuad Hussein", Qt.Key.Key_1)
    [added] = reader.spans(pk, "alice")
    assert window.undo_action.text().replace("&", "") == "Undo Add ACTOR 'Fuad Hussein'"

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert reader.spans(pk, "alice") == []
    qtbot.keyClick(view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [s.id for s in reader.spans(pk, "alice")] == [added.id]  # same UUID back
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert [s.id for s in reader.spans(pk, "alice")] == [added.id]

    # click the span to select it, then another label's key relabels it
    view.clear_selection()
    view.set_selected_span(None)
    rect = view.cursorRect(_cursor_at(view, text, i + 3))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_id == added.id
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert [(s.id, s.label) for s in reader.spans(pk, "alice")] == [(added.id, "EVENT")]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert reader.spans(pk, "alice") == []
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [(s.id, s.label) for s in reader.spans(pk, "alice")] == [(added.id, "EVENT")]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [(s.id, s.label) for s in reader.spans(pk, "alice")] == [(added.id, "ACTOR")]


def _cursor_at(view, text, cp):
    cursor = QTextCursor(view.document())
    cursor.setPosition(utf16(text, cp))
    return cursor


def test_duplicate_label_is_refused_with_a_message(two_docs_db, open_window, reader, qtbot):
    window = open_window(two_docs_db)
    view = article(window)
    pk, text = doc_text(reader)
    i = text.index("Baghdad")
    for _ in range(2):
        select(view, text, i, i + 7)
        qtbot.keyClick(view, Qt.Key.Key_1)
    assert len(reader.spans(pk, "alice")) == 1
    assert "already labeled" in window.statusBar().currentMessage()
    assert window.editor.stack.count() == 1


def test_spans_are_painted_in_their_blocks(two_docs_db, open_window, reader, qtbot):
    window = open_window(two_docs_db)
    view = article(window)
    _pk, text = doc_text(reader)
    i = label_piece(qtbot, view, text, "Jurf al-Sakhar", Qt.Key.Key_2)
    block = view.document().findBlock(utf16(text, i))
    # the span's text colour is in the block's formats (spaces also carry the tags' room);
    # its fill is painted under the text
    ranges = [r for r in block.layout().formats()
              if r.format.hasProperty(QTextFormat.Property.ForegroundBrush)]
    assert [(r.start + block.position(), r.length) for r in ranges] == [
        (utf16(text, i), len("Jurf al-Sakhar"))]
    assert ranges[0].format.foreground().color() == window.editor.styles["EVENT"].text


def test_keys_sent_to_the_article_viewport_label_too(qtbot, two_docs_db, open_window, reader):
    window = open_window(two_docs_db)
    view = article(window)
    pk, text = doc_text(reader)
    i = text.index("Jurf al-Sakhar")
    select(view, text, i, i + len("Jurf al-Sakhar"))
    qtbot.keyClick(view.viewport(), Qt.Key.Key_1)
    assert [(s.start, s.end, s.label) for s in reader.spans(pk, "alice")] == [
        (i, i + len("Jurf al-Sakhar"), "ACTOR")]


def test_an_undone_delete_comes_back_selected_so_delete_works_again(qtbot, two_docs_db,
                                                                     open_window, reader):
    window = open_window(two_docs_db)
    view = article(window)
    pk, text = doc_text(reader)
    label_piece(qtbot, view, text, "Jurf al-Sakhar", Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert reader.spans(pk, "alice") == []
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(reader.spans(pk, "alice")) == 1
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # the restored span is the selected one
    assert reader.spans(pk, "alice") == []
