"""File > Import of web pages, feeds and crawl archives in the window, and the document
list's Hide near-duplicates box."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QCheckBox

from annotator.store import Store
from annotator.ui.dialogs.file_dialogs import import_filters
from ui_app.helpers import action

RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Port reopens</title><link>https://wire.example.org/port</link>
<description>The port of Umm Qasr reopened after repairs, officials said.</description></item>
</channel></rss>"""


def _import(qtbot, window, paths):
    controller = window.import_export
    action(window, "Import").trigger()
    dialog = controller.dialog
    dialog.add_paths(paths)
    with qtbot.waitSignal(controller.runner.sig_done, timeout=20000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    return controller


def test_picker_offers_pages_feeds_and_archives():
    IMPORT_FILE_FILTERS = import_filters()
    for pattern in ("*.html", "*.htm", "*.rss", "*.atom", "*.warc", "*.warc.gz", "*.txt"):
        assert pattern in IMPORT_FILE_FILTERS
    assert any(f.startswith("warc: ") and "*.warc.gz" in f for f in IMPORT_FILE_FILTERS.split(";;"))
    assert any(f.startswith("feed: ") and "*.rss" in f for f in IMPORT_FILE_FILTERS.split(";;"))


def test_feed_imported_in_the_window(qtbot, two_docs_db, open_window, tmp_path):
    window = open_window(two_docs_db)
    feed = tmp_path / "wire.xml"
    feed.write_text(RSS, encoding="utf-8")
    before = window.documents.model.rowCount()
    controller = _import(qtbot, window, [str(feed)])
    assert window.documents.model.rowCount() == before + 1
    assert "1 document(s) added" in controller.last_message
    with Store(two_docs_db) as s:
        (doc,) = [s.document(pk) for pk in s.document_pks() if s.document(pk).title ==
                  "Port reopens"]
    assert doc.meta["url"] == "https://wire.example.org/port"


def test_list_can_hide_near_duplicates(qtbot, two_docs_db, open_window, tmp_path,
                                       sample_article):
    text = sample_article.read_text(encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(text.replace("Yet, this explanation did little to mollify",
                                 "Still, this account failed to reassure"), encoding="utf-8")
    window = open_window(two_docs_db)
    listing = window.findChild(QAbstractItemView, "documentList")
    _import(qtbot, window, [str(copy)])
    assert listing.model().rowCount() == 3
    box = window.findChild(QCheckBox, "hideNearDuplicates")
    box.setChecked(True)
    assert listing.model().rowCount() == 2
    titles = [listing.model().index(r, 0).data() for r in range(2)]
    assert len(set(titles)) == 2  # the original stays listed, its copy is hidden
    box.setChecked(False)
    assert listing.model().rowCount() == 3
