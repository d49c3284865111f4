"""Suggestions in the window: found off the UI thread, never stored until accepted,
accepted with Enter (with the speaker link), rejected, accepted by label, undone."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from rich_ui_helpers import find, label, point_of, wait_suggestions

from annotator.settings import load_settings


def speaker_links(reader, pk, text):
    spans = {s.id: s for s in reader.spans(pk, "alice")}
    return sorted((text[spans[r.head].start:spans[r.head].end],
                   text[spans[r.child].start:spans[r.child].end])
                  for r in reader.relations(pk, "alice") if r.label == "SPEAKER")


def test_both_direct_quotes_accepted_with_enter_give_the_right_speakers(qtbot, window, reader):
    shown = wait_suggestions(qtbot, window)
    text, pk = window.view.text, window.editor.doc.pk
    direct = [s for s in shown if s.label == "QUOTE" and s.attrs.get("mode") == "direct"]
    assert sorted(text[s.start:s.end] for s in direct) == ["blatant assassination",
                                                          "not complete"]
    assert reader.spans(pk, "alice") == []  # suggestions are not annotations
    for quote in ("blatant assassination", "not complete"):
        point_of(window.view, find(text, quote)[0] + 2)  # the text cursor in the quote
        assert text[window.rich.suggestions.current.start:
                    window.rich.suggestions.current.end] == quote
        qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert speaker_links(reader, pk, text) == [("blatant assassination", "Iraqi officials"),
                                               ("not complete", "Pentagon")]
    shown_now = {text[s.start:s.end] for s in window.rich.suggestions.shown}
    assert not shown_now & {"blatant assassination", "not complete"}  # accepted: gone
    window.editor.undo()
    assert speaker_links(reader, pk, text) == [("blatant assassination", "Iraqi officials")]
    assert "not complete" not in {text[s.start:s.end] for s in reader.spans(pk, "alice")}
    qtbot.waitUntil(lambda: "not complete" in {
        text[s.start:s.end] for s in window.rich.suggestions.shown})  # suggested again
    window.editor.redo()
    assert speaker_links(reader, pk, text) == [("blatant assassination", "Iraqi officials"),
                                               ("not complete", "Pentagon")]


def test_next_and_reject_hide_a_suggestion_for_this_document(qtbot, window, reader):
    shown = wait_suggestions(qtbot, window)
    first = shown[0]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert window.rich.suggestions.current is first
    qtbot.keyClick(window.view, Qt.Key.Key_X)
    assert first.key not in {s.key for s in window.rich.suggestions.shown}
    assert len(window.rich.suggestions.shown) == len(shown) - 1
    # another document and back: still rejected, nothing stored
    window.step_document(1)
    window.step_document(-1)
    wait_suggestions(qtbot, window)
    assert first.key not in {s.key for s in window.rich.suggestions.shown}
    assert reader.spans(window.editor.doc.pk, "alice") == []


def test_accept_all_of_a_label_is_one_undo_step(qtbot, window, reader):
    shown = wait_suggestions(qtbot, window)
    pk = window.editor.doc.pk
    quotes = [s for s in shown if s.label == "QUOTE"]
    action = next(a for a in window.rich.accept_menu.actions() if "QUOTE" in a.text())
    action.trigger()
    stored = [s for s in reader.spans(pk, "alice") if s.label == "QUOTE"]
    assert {(s.start, s.end) for s in stored} == {(q.start, q.end) for q in quotes}
    assert len(reader.relations(pk, "alice")) == sum(len(q.speakers) for q in quotes)
    window.editor.undo()
    assert reader.spans(pk, "alice") == [] and reader.relations(pk, "alice") == []
    window.editor.redo()
    assert len([s for s in reader.spans(pk, "alice") if s.label == "QUOTE"]) == len(quotes)


def test_a_labeled_span_hides_its_suggestion(qtbot, window):
    shown = wait_suggestions(qtbot, window)
    text = window.view.text
    assert "not complete" in {text[s.start:s.end] for s in shown if s.label == "QUOTE"}
    label(qtbot, window, *find(text, "not complete"), Qt.Key.Key_3)
    qtbot.waitUntil(lambda: "not complete" not in {
        text[s.start:s.end] for s in window.rich.suggestions.shown if s.label == "QUOTE"})


def test_patterns_file_is_remembered_and_used(qtbot, window, tmp_path):
    wait_suggestions(qtbot, window)
    patterns = tmp_path / "groups.jsonl"
    patterns.write_text(json.dumps({"label": "ACTOR", "pattern": "Kataib Hezbollah"}) + "\n"
                        + json.dumps({"label": "ACTOR", "pattern": [{"lower": "iran"},
                                                                     {"lower": "-"},
                                                                     {"lower": "backed"}]})
                        + "\n", encoding="utf-8")
    window.rich.suggestions.set_patterns(str(patterns))
    assert load_settings()["suggest_patterns"] == str(patterns)
    wait_suggestions(qtbot, window)
    text = window.view.text
    found = {(text[s.start:s.end], s.source) for s in window.rich.suggestions.shown
             if s.label == "ACTOR"}
    assert ("Kataib Hezbollah", "patterns:groups.jsonl") in found


def test_a_broken_patterns_file_is_reported_and_other_suggestions_stay(qtbot, window,
                                                                     tmp_path):
    before = len(wait_suggestions(qtbot, window))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "ACTOR", "pattern": \n', encoding="utf-8")
    window.rich.suggestions.set_patterns(str(bad))
    wait_suggestions(qtbot, window)
    qtbot.waitUntil(lambda: "Patterns file not used" in window.statusBar().currentMessage())
    assert "bad.jsonl" in window.statusBar().currentMessage()
    assert len(window.rich.suggestions.shown) == before
