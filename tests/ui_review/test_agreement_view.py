"""Review > Agreement…: the dialog shows `annotator agreement --json`'s figures."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from review_ui_helpers import REVIEWER

from annotator.cli import main


def cell_rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def fmt(x):
    return "–" if x is None else f"{x:.3f}"


def test_dialog_matches_the_command_line(team_db, open_window, qtbot, capsys):
    assert main(["--db", str(team_db), "agreement", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    window = open_window(team_db, REVIEWER)
    action = next(a for a in window.menu("&Review").actions()
                  if a.text().replace("&", "").startswith("Agreement"))
    action.trigger()
    dialog = window.review_mode.agreement_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)

    (pair,) = figures["pairs"]
    who = " / ".join(pair["annotators"])
    expected = [[who, "(all)", str(pair["documents"]), fmt(pair["exact_f1"]),
                 fmt(pair["partial_f1"]), fmt(pair["cohen_kappa"])]]
    expected += [[who, lab, "", fmt(f["exact_f1"]), fmt(f["partial_f1"]), ""]
                 for lab, f in pair["per_label"].items()]
    assert cell_rows(dialog.pairs) == expected
    assert fmt(figures["krippendorff_alpha"]) in dialog.summary.text()

    # alice says ACTOR where bob says EVENT on the same Arabic words (the pair's own table;
    # the first choice is every pair together, symmetric, as `agreement --json` gives it)
    assert dialog.pair_choice.itemText(0) == "all pairs"
    labels = figures["confusion"]["labels"]
    all_pairs = dialog.confusion
    assert [[all_pairs.item(r, c).text() for c in range(len(labels))]
            for r in range(len(labels))] == [[str(n) for n in row]
                                             for row in figures["confusion"]["matrix"]]
    dialog.pair_choice.setCurrentIndex(1)
    matrix = dialog.confusion
    rows = [matrix.verticalHeaderItem(r).text() for r in range(matrix.rowCount())]
    cols = [matrix.horizontalHeaderItem(c).text() for c in range(matrix.columnCount())]
    assert matrix.item(rows.index("alice: ACTOR"), cols.index("bob: EVENT")).text() == "1"

    lowest = cell_rows(dialog.lowest)
    assert lowest[0][0] == "doc-arabic"  # they share no span there
    assert lowest[0][3] == "alice/bob 0.000 / 0.000"
    dialog.lowest.itemDoubleClicked.emit(dialog.lowest.item(0, 0))
    assert window.review_mode.active and window.editor.doc.id == "doc-arabic"
    assert window.review_action.isChecked()
    assert {s.label for s in window.review_mode.view.index} == {
        "ACTOR · alice · other label", "EVENT · bob · other label"}
    qtbot.keyClick(window.review_mode.view, Qt.Key.Key_F6)
    assert not window.review_mode.active and window.view.isVisibleTo(window)
