"""A document whose `meta.lang` is a right-to-left language is laid out right to left in
the article view, every paragraph (also one that begins with a Latin name or a number),
and labelling in it stores exact code points (CRLF, emoji and Arabic in the file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from ui_helpers import select

from annotator.store import Store
from annotator.transfer.pipeline import import_paths

RTL, LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
# An Arabic article written for this test, in the shape of the shipped CRLF sample: CRLF
# line ends, emoji, a paragraph that begins with a Latin agency name, one with a year.
ARABIC = ("استدعت وزارة الخارجية العراقية القائم بالأعمال الأمريكي يوم الاثنين.\r\n"
          "\r\n"
          "Reuters نقلت عن مسؤول 🇮🇶 أن الغارة قرب جرف الصخر كانت «غير مقبولة» 😠.\r\n"
          "2024 كان عاما صعبا على الحكومة، وقال المتحدث يحيى رسول إن بغداد سترد.\r\n")


def _windows_open_on(open_window, db_path, tmp_path, crlf_sample):
    src = tmp_path / "baghdad-ar.txt"
    src.write_bytes(ARABIC.encode("utf-8"))
    with Store(db_path) as store:
        import_paths(store, [src], "text", "alice")
        import_paths(store, [crlf_sample], "text", "alice")
        ar, en = store.document_pks()[:2]
        langs = [store.document(pk).meta["lang"] for pk in (ar, en)]
    assert langs == ["ar", "en"]
    return open_window(db_path, show=True), ar, en


def _start_x(view, block) -> int:
    return view.cursorRect(QTextCursor(block)).x()


def test_arabic_document_is_right_to_left_and_labels_exact_code_points(
        db_path, tmp_path, crlf_sample, open_window, qtbot, reader):
    window, ar, en = _windows_open_on(open_window, db_path, tmp_path, crlf_sample)
    window.editor.open(ar)
    view = window.view
    assert view.text_direction() == RTL
    text = view.text
    blocks = [b for b in (view.document().findBlockByNumber(n)
                          for n in range(view.document().blockCount())) if b.text()]
    assert [b.text()[:4] for b in blocks[1:3]] == ["Reut", "2024"]
    assert all(b.textDirection() == RTL for b in blocks)
    middle = view.viewport().width() / 2
    for block in blocks:  # each paragraph starts at the right, Latin-led ones too
        assert _start_x(view, block) > middle

    # A word after a flag, an emoji and CRLF line ends: selected by code points, key 1.
    word = "الصخر"
    start = text.index(word)
    select(view, text, start, start + len(word))
    qtbot.keyClick(view, Qt.Key.Key_1)
    spans = reader.spans(ar, "alice")
    assert [(s.start, s.end, s.label) for s in spans] == [(start, start + len(word), "ACTOR")]
    stored = reader.document(ar).text
    assert stored[spans[0].start:spans[0].end] == word
    # and one that begins a Latin-led paragraph
    select(view, text, text.index("Reuters"), text.index("Reuters") + 7)
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert sorted(stored[s.start:s.end] for s in reader.spans(ar, "alice")) == [
        "Reuters", word]

    window.editor.open(en)
    assert view.text_direction() == LTR
    first = view.document().begin()
    assert first.textDirection() == LTR and _start_x(view, first) < middle
    window.editor.open(ar)  # and back
    assert view.text_direction() == RTL


def test_a_document_without_a_language_lets_each_paragraph_decide(db_path, open_window):
    from annotator.core.model import Document

    with Store(db_path) as store:
        store.add_document(Document("x", "Title\nقال المتحدث إن الوضع خطير.\nEnglish."))
    window = open_window(db_path)
    assert window.view.text_direction() == Qt.LayoutDirection.LayoutDirectionAuto
