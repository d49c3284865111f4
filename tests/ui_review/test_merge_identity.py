"""File > Merge analyst file… and File > Switch analyst…, and the first-start name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from review_ui_helpers import ALICE, BOB, REVIEWER, TEXTS, layer, pk_of, select

from annotator.paths import resolve_annotator
from annotator.settings import load_settings
from annotator.store import Store
from annotator.ui.dialogs import file_dialogs
from annotator.ui.shell.identity import first_start


def file_action(window, text: str):
    menu = window.menu("&File")
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))


def test_merge_from_the_file_menu_brings_analysts_in(base_file, analyst_file, tmp_path,
                                                     open_window, qtbot, monkeypatch):
    alice, bob = analyst_file("alice", ALICE), analyst_file("bob", BOB)
    reviewer_db = tmp_path / "rita.sqlite"
    reviewer_db.write_bytes(base_file.read_bytes())
    window = open_window(reviewer_db, REVIEWER)
    with Store(reviewer_db) as s:
        window.open_document(pk_of(s, "doc-putin"))
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    assert len(window.review_mode.view.index) == 0
    for path, labels in ((alice, ALICE), (bob, BOB)):
        monkeypatch.setattr(file_dialogs, "open_file",
                            lambda *a, p=path, **k: (str(p), ""))
        with qtbot.waitSignal(window.merge_ui.runner.sig_done, timeout=10000):
            file_action(window, "Merge analyst file").trigger()
        box = window.merge_ui.summary_box
        assert box.isVisible() and f"Merged {path.name}" in box.text()
        added = sum(len(spans) for spans in labels.values())
        assert f"spans of {path.stem}: {added} added" in box.informativeText()
    assert layer(reviewer_db, "doc-putin", "alice") == set(ALICE["doc-putin"])
    assert layer(reviewer_db, "doc-putin", "bob") == set(BOB["doc-putin"])
    text = TEXTS["doc-putin"]
    shown = {(text[s.start:s.end], s.label.split(" · ")[1])
             for s in window.review_mode.view.index}
    assert shown == {("Putin", "alice, bob"), ("said", "alice, bob"),
                     ("talks failed", "alice"), ("talks", "bob")}


def test_merging_a_foreign_file_is_refused_with_a_message(team_db, tmp_path, open_window,
                                                          qtbot):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    window = open_window(team_db, REVIEWER)
    with qtbot.waitSignal(window.merge_ui.runner.sig_failed, timeout=10000) as failed:
        window.merge_ui.merge(bad)
    assert "not an annotator database" in failed.args[0]
    assert window.merge_ui.runner.error_box.isVisible()


def test_switch_analyst_changes_the_layer_being_labeled(team_db, open_window, qtbot,
                                                        monkeypatch):
    window = open_window(team_db, "alice")
    with Store(team_db) as s:
        window.open_document(pk_of(s, "doc-putin"))
    text = TEXTS["doc-putin"]
    assert {(text[s.start:s.end], s.label) for s in window.view.index} == set(ALICE["doc-putin"])
    assert window.analyst_label.text() == "Analyst: alice"

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("carol", True)))
    file_action(window, "Switch analyst").trigger()
    assert window.analyst_label.text() == "Analyst: carol"
    assert len(window.view.index) == 0 and window.editor.doc.id == "doc-putin"
    select(window.view, text, 0, 5)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert layer(team_db, "doc-putin", "carol") == {("Putin", "ACTOR")}
    assert layer(team_db, "doc-putin", "alice") == set(ALICE["doc-putin"])
    assert load_settings()["annotator"] == "carol"
    assert resolve_annotator(None) == ("carol", True)


def test_first_start_asks_once_and_keeps_the_name(team_db, open_window, monkeypatch):
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[-1])  # the prefilled name
        return ("dana", True)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    name, explicit = resolve_annotator(None)
    assert not explicit
    window = open_window(team_db, name)
    first_start(window, explicit)
    assert asked == [name]
    assert window.annotator == "dana" and window.analyst_label.text() == "Analyst: dana"
    assert resolve_annotator(None) == ("dana", True)
    first_start(window, resolve_annotator(None)[1])  # a known name: no question
    assert asked == [name]
