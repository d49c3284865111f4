"""After the analyst changes (the first-start question, File > Switch analyst, or
`window.set_analyst`), every kind of edit lands in the NEW analyst's layer and shows at
once: a label, a link, an attribute, an accepted suggestion and a review decision.

(The bug this guards: the link overlay and the suggestions kept the name they were built
with, so accepted suggestions went into the previous analyst's layer and new links were
not drawn until a restart.) Checked through a second connection to the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog
from rich_ui_helpers import click_span, find, label, point_of, wait_suggestions

from annotator.ui.shell.identity import first_start


def _switch_by_first_start(window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("dana", True)))
    first_start(window, explicit=False)


def _switch_by_menu(window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("dana", True)))
    action = next(a for a in window.findChildren(QAction)
                  if a.text().replace("&", "").startswith("Switch analyst"))
    action.trigger()


def _switch_by_call(window, _monkeypatch):
    window.set_analyst("dana")


@pytest.mark.parametrize("switch", [_switch_by_first_start, _switch_by_menu, _switch_by_call],
                         ids=["first-start", "file-menu", "set_analyst"])
def test_every_edit_after_a_switch_lands_in_the_new_layer(qtbot, window, reader, monkeypatch,
                                                          switch):
    pk, text = window.editor.doc.pk, window.view.text
    wait_suggestions(qtbot, window)  # computed while alice was the analyst
    switch(window, monkeypatch)
    assert window.analyst == "dana"
    assert window.analyst_label.text() == "Analyst: dana"
    assert window.windowTitle().endswith("— dana")

    # a label
    actor = label(qtbot, window, *find(text, "Pentagon", 1), Qt.Key.Key_1)
    assert reader.span(actor).annotator == "dana"
    assert window.view.index.get(actor) is not None

    # a link, drawn at once
    quote = label(qtbot, window, *find(text, "not complete"), Qt.Key.Key_3)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    click_span(qtbot, window.view, find(text, "Pentagon", 1)[0])
    stored = reader.relations(pk, "dana")
    assert [(r.label, r.head, r.child) for r in stored] == [("SPEAKER", quote, actor)]
    assert [r.id for r in window.rich.links.links] == [stored[0].id]
    assert window.rich.link_list.model.rowCount() == 1

    # an attribute
    event = label(qtbot, window, *find(text, "drone attack"), Qt.Key.Key_2)
    where = window.rich.attributes.fields["EVENT"]["location"]
    where.setText("Jordan")
    where.editingFinished.emit()
    assert reader.span(event).attrs == {"location": "Jordan"}
    assert reader.span(event).annotator == "dana"

    # an accepted suggestion (the direct quote "blatant assassination")
    shown = wait_suggestions(qtbot, window)
    quote_start, quote_end = find(text, "blatant assassination")
    assert (quote_start, quote_end, "QUOTE") in {(s.start, s.end, s.label) for s in shown}
    point_of(window.view, quote_start + 2)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    accepted = [s for s in reader.spans(pk) if (s.start, s.end) == (quote_start, quote_end)]
    assert [s.annotator for s in accepted] == ["dana"]
    assert window.view.index.get(accepted[0].id) is not None
    assert reader.spans(pk, "alice") == [] and reader.relations(pk, "alice") == []

    # a review decision, recorded as dana's
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    mode = window.review_mode
    assert mode.active
    qtbot.keyClick(mode.view, Qt.Key.Key_N)
    item = mode.selected_item()
    qtbot.keyClick(mode.view, Qt.Key.Key_A)
    rows = reader.conn.execute("SELECT item, decision, reviewer FROM review_decisions "
                               "WHERE decision != 'undecided'").fetchall()
    assert [tuple(r) for r in rows] == [(item.members[0].id, "accepted", "dana")]
    assert mode.by_id[item.id].decision == "accepted"  # shown at once (A moved on)
