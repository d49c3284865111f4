"""The window's one action table: menus, shortcuts, key routing per mode and the shortcut
sheet all come from it; a key has one meaning per mode; jobs report their writes as
change notices (the window does not need to poll for them)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from annotator.ui.shell.actions import MENU_LAYOUT, Action, ActionTable
from annotator.ui.shell.context import ANNOTATE, REVIEW
from annotator.ui.shell.keys import KeyRouter


def test_a_key_with_two_meanings_in_one_mode_is_refused(two_docs_db, open_window):
    window = open_window(two_docs_db)
    window.action_table.check_keys()  # the real table is consistent
    table = ActionTable(window.ctx, KeyRouter(lambda: window.ctx.mode))
    table.add(Action("a.one", "One", lambda: None, keys=("Ctrl+K",), modes=(ANNOTATE,)),
              Action("a.two", "Two", lambda: None, keys=("Ctrl+K",), modes=(REVIEW,)))
    table.check_keys()  # the same key in two modes is fine
    table.add(Action("a.three", "Three", lambda: None, keys=("Ctrl+K",)))
    with pytest.raises(ValueError, match="Ctrl\\+K means both"):
        table.check_keys()
    with pytest.raises(ValueError, match="declared twice"):
        table.add(Action("a.one", "Again", lambda: None))


def test_a_digit_cannot_be_both_a_command_and_a_label_key(two_docs_db, open_window):
    window = open_window(two_docs_db)
    table = ActionTable(window.ctx, KeyRouter(lambda: window.ctx.mode))
    table.set_labeler(ANNOTATE, lambda name, exact: None)
    table.add(Action("a.one", "One", lambda: None, keys=("1",), modes=(ANNOTATE,)))
    with pytest.raises(ValueError, match="label key 1"):
        table.check_keys()


def test_menus_follow_the_layout_and_icons_come_from_the_table(two_docs_db, open_window):
    window = open_window(two_docs_db)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == list(MENU_LAYOUT)
    file_entries = [a.text().replace("&", "") for a in window.menu("&File").actions()
                    if not a.isSeparator()]
    assert file_entries == ["Import…", "Export…", "Switch analyst…", "Merge analyst file…",
                            "Sync with team hub…", "Quit"]
    table = window.action_table
    for action_id in ("file.import", "file.export", "edit.undo", "edit.redo", "go.search",
                      "edit.done_next"):
        assert not table[action_id].icon().isNull(), action_id
    assert table["edit.preferences"].icon().isNull()


def test_the_sheet_shows_each_keys_meaning_in_each_mode(two_docs_db, open_window):
    window = open_window(two_docs_db)
    rows = window.action_table.sheet_rows()
    meanings = {}
    for what, keys in rows:
        for key in keys.split(" or "):
            meanings.setdefault(key, []).append(what)
    assert sorted(meanings["A"]) == ["Accept span (in review mode)", "Link selected as agent"]
    assert sorted(meanings["Ctrl+Return"]) == [
        "Mark done and open next",
        "Mark the document reviewed and open the next (in review mode)"]
    assert ("Label the selection as ACTOR", "1") in rows
    sheet = window.app_feature.show_shortcuts()
    assert sheet.rows() == rows
    sheet.close()


def test_keys_follow_the_mode(two_docs_db, open_window, qtbot):
    window = open_window(two_docs_db)
    table = window.action_table
    assert [s.toString() for s in table["edit.delete"].shortcuts()] == ["Del"]
    assert "\tA" in table["review.accept"].text() and not table["review.accept"].shortcuts()
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    assert window.ctx.mode == REVIEW and table["review.mode"].isChecked()
    assert table["edit.delete"].shortcuts() == []  # Del rejects in review mode
    assert table["edit.done_next"].shortcuts() == []
    qtbot.keyClick(window.review_mode.view, Qt.Key.Key_F6)
    assert window.ctx.mode == ANNOTATE and not table["review.mode"].isChecked()
    assert [s.toString() for s in table["edit.done_next"].shortcuts()] == [
        "Ctrl+Return", "Ctrl+Enter"]


def test_every_keyed_action_is_in_the_table(two_docs_db, open_window):
    """No QAction outside the table carries a shortcut (one declaration per key)."""
    window = open_window(two_docs_db)
    ours = {a.qaction for a in window.action_table.actions.values()}
    stray = [a.text() for a in window.findChildren(QAction)
             if a.shortcuts() and a not in ours]
    assert stray == []


def test_an_import_job_reports_its_writes_as_change_notices(two_docs_db, open_window, qtbot,
                                                          tmp_path):
    window = open_window(two_docs_db)
    heard = []
    window.store.subscribe(lambda change: heard.append(change.kind))
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"id": "new-doc", "text": "Putin said talks failed.",
                                  "annotator": "alice", "spans": []}) + "\n",
                      encoding="utf-8")
    before = window.documents.model.rowCount()
    runner = window.import_export.runner
    with qtbot.waitSignal(runner.sig_finished, timeout=20000):
        assert window.import_export.start_import([str(source)], "jsonl")
    assert "documents" in heard  # the job's notice, heard on the window's connection
    assert window.documents.model.rowCount() == before + 1  # shown without a poll
    assert window.refresher.check() is False  # nothing left for data_version polling


def _layout(window) -> list:
    menus = [(top.text(), [a.text() for a in top.menu().actions()])
             for top in window.menuBar().actions()]
    return [menus, window.action_table.sheet_rows()]


def test_the_parts_install_in_any_order(two_docs_db, open_window, monkeypatch):
    from annotator.ui.shell import parts

    usual = _layout(open_window(two_docs_db))
    monkeypatch.setattr(parts, "PARTS", tuple(reversed(parts.PARTS)))
    window = open_window(two_docs_db)
    assert _layout(window) == usual
    assert window.rich.links is not None and window.review_mode.decisions is not None
