"""The trained model in the window: its suggestions appear (source and confidence), Enter
stores one in the current analyst's layer, Train model's Cancel keeps the old model, and
"Most useful next" puts the new documents the model is least sure of first (Ctrl+Return
follows it)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.learn.suggest_model import ModelSuggester


def wait_model_suggestions(qtbot, window) -> list:
    sugg = window.rich.suggestions
    qtbot.waitUntil(lambda: not sugg.pending, timeout=30_000)
    return [s for s in sugg.shown if s.source.startswith("model:")]


def put_cursor(window, cp: int) -> None:
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.mapper.to_qt(cp))
    window.view.setTextCursor(cursor)


def test_model_suggestions_appear_and_enter_stores_one_for_the_current_analyst(
        qtbot, window, reader):
    pk = reader.document_by_id("new-0").pk
    window.open_document(pk)
    found = wait_model_suggestions(qtbot, window)
    text = window.view.text
    names = {text[s.start:s.end]: s for s in found}
    assert "Maria Lopez" in names and "Oslo" in names
    maria = names["Maria Lopez"]
    assert maria.label == "PER" and maria.source == "model:v0001"
    assert 0.5 < maria.confidence <= 1.0
    assert reader.spans(pk) == []  # suggestions are not stored
    window.set_analyst("carol")  # accepting writes the analyst's layer at that moment
    assert window.analyst == "carol"
    again = {text[s.start:s.end]: s for s in wait_model_suggestions(qtbot, window)}
    maria = again["Maria Lopez"]  # carol's layer is empty too: the same suggestions
    window.view.setFocus()
    window.rich.suggestions.go_to(maria)  # what N does: the status bar names source and odds
    message = window.statusBar().currentMessage()
    assert "model:v0001" in message and f"{maria.confidence:.0%} sure" in message
    put_cursor(window, maria.start + 1)
    assert window.rich.suggestions.current is maria
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    stored = [(s.start, s.end, s.label) for s in reader.spans(pk, "carol")]
    assert stored == [(maria.start, maria.end, "PER")]
    assert reader.spans(pk, "alice") == []
    assert maria.key not in {s.key for s in window.rich.suggestions.shown}


def test_cancel_keeps_the_previous_model(qtbot, window, model_db):
    root = model_db.parent / "news.models"
    feature = window.model_feature
    feature.train()
    feature.runner.cancel()
    qtbot.waitUntil(lambda: not feature.runner.is_running(), timeout=60_000)
    assert (root / "LATEST").read_text().strip() == "v0001"
    assert sorted(p.name for p in root.iterdir()) == ["LATEST", "v0001"]
    assert "cancelled" in window.statusBar().currentMessage()


@pytest.mark.slow
def test_train_model_from_the_menu_makes_the_next_version(qtbot, window, model_db):
    root = model_db.parent / "news.models"
    feature = window.model_feature
    with qtbot.waitSignal(feature.sig_trained, timeout=300_000) as done:
        feature.train()
    assert done.args[0].model.path == root / "v0002"
    assert (root / "LATEST").read_text().strip() == "v0002"
    assert feature.source.suggester.path == root / "v0002"


def test_most_useful_next_orders_new_documents_by_uncertainty(qtbot, window, reader,
                                                              model_db):
    feature = window.model_feature
    with qtbot.waitSignal(feature.sig_ranked, timeout=60_000):
        feature.sort.setCurrentIndex(1)
    model = window.documents.model
    listed = [model.pk_at(i) for i in range(model.rowCount())]
    new = {reader.document_by_id(f"new-{i}").pk for i in range(6)}
    assert set(listed[:6]) == new  # the unlabelled documents first
    independent = ModelSuggester(model_db.parent / "news.models" / "v0001").uncertainty(
        [reader.document(pk).text for pk in listed[:6]])
    assert independent == sorted(independent, reverse=True)
    assert independent[0] > independent[-1]
    # Ctrl+Return on the first: done, and the next one in this order opens
    window.open_document(listed[0])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert reader.status(listed[0], "alice") == "done"
    assert window.editor.doc.pk == listed[1]
    # another analyst: every document is new in carol's layer, so all are ranked again
    with qtbot.waitSignal(feature.sig_ranked, timeout=60_000):
        window.set_analyst("carol")
    assert len(feature.scores) == model.rowCount() == len(listed)
    # back to list order, from the Go menu entry that shows the order is on
    go = window.ctx.actions["go.most_useful"]
    assert go.isChecked()
    go.trigger()
    assert feature.sort.currentIndex() == 0 and not go.isChecked()
    assert [model.pk_at(i) for i in range(model.rowCount())] == sorted(listed)


def test_model_commands_are_in_the_menus(window):
    entries = {a.text().split("\t")[0]: a for menu in window.menuBar().actions()
               if menu.menu() is not None for a in menu.menu().actions()}
    assert "&Train model…" in entries
    assert entries["Most &useful next (model)"].isCheckable()
    assert window.findChild(type(window.model_feature.sort), "documentSort") is not None


def test_without_spacy_the_window_says_how_to_install_it(qtbot, model_db, monkeypatch):
    import sys

    from annotator.app import build_window

    monkeypatch.setitem(sys.modules, "spacy", None)  # as if it were not installed
    w = build_window(model_db, "alice")
    qtbot.addWidget(w)
    feature = w.model_feature
    assert feature.source.suggester is None  # no model suggestions without spaCy
    feature.train()
    assert feature.hint_box.text() == 'model training needs spaCy: pip install "annotator[model]"'
    assert not feature.runner.is_running()
    feature.sort.setCurrentIndex(1)
    assert feature.sort.currentIndex() == 0
    assert "annotator[model]" in w.statusBar().currentMessage()
    w.close()
