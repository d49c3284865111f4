"""Layout at 900x600 and 1440x900: the article keeps at least half the width, nothing in
the panels is cut, panes collapse, and the splitter's positions come back next time
(issue 13)."""

from __future__ import annotations

import pytest
from panel_helpers import SIZES
from PySide6.QtWidgets import QLabel, QPushButton


@pytest.mark.parametrize("size", SIZES)
def test_article_keeps_half_the_width_and_the_window_its_size(sized_window, size):
    window = sized_window(*size)
    assert (window.width(), window.height()) == size  # no panel forces it taller
    assert window.article.width() >= window.width() / 2
    assert window.labels.isVisible() and window.labels.width() > 0


def _text_fits(button: QPushButton) -> bool:
    metrics = button.fontMetrics()
    icon = button.iconSize().width() + 8 if not button.icon().isNull() else 0
    rect = button.contentsRect()
    return (metrics.horizontalAdvance(button.text()) + icon <= rect.width()
            and metrics.height() <= rect.height())


@pytest.mark.parametrize("size", SIZES)
def test_buttons_and_hints_are_not_cut(sized_window, size):
    window = sized_window(*size)
    buttons = [*window.labels.buttons.values(), window.labels.delete_button,
               window.rich.link_list.delete_button]
    for button in buttons:
        assert button.isVisibleTo(window)
        assert _text_fits(button), button.text()
        assert button.width() >= button.minimumSizeHint().width(), button.text()
    hint = window.rich.link_list.hint
    assert isinstance(hint, QLabel)
    assert hint.height() >= hint.heightForWidth(hint.width())  # the last word shows
    assert window.labels.width() >= window.labels.minimumWidth()


def test_the_label_buttons_are_tall_enough_for_their_letters(sized_window):
    window = sized_window(900, 600)
    for button in window.labels.buttons.values():
        metrics = button.fontMetrics()
        assert button.height() >= metrics.height() + 8  # the Q keeps its tail


def _action(window, action_id):
    return window.action_table[action_id]


@pytest.mark.parametrize("size", SIZES)
def test_panes_collapse_and_open_from_the_view_menu(sized_window, size):
    window = sized_window(*size)
    docs, labels = _action(window, "view.documents"), _action(window, "view.label_panel")
    labels.trigger()  # close the label panel
    assert window.centralWidget().sizes()[window.centralWidget().indexOf(window.labels)] == 0
    assert not labels.isChecked()
    labels.trigger()
    assert window.labels.width() >= window.labels.minimumWidth()
    assert labels.isChecked()
    if not docs.isChecked():
        docs.trigger()
    assert window.documents.width() > 0 and docs.isChecked()
    assert window.article.width() >= window.width() / 2  # opening one never squeezes it


def test_splitter_positions_are_remembered(open_window, sample_db, qtbot):
    window = open_window(sample_db, "alice")
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    splitter = window.centralWidget()
    sizes = splitter.sizes()
    i_docs, i_labels = splitter.indexOf(window.documents), splitter.indexOf(window.labels)
    sizes[i_docs], sizes[i_labels] = 280, 330
    sizes[splitter.indexOf(window.article)] = sum(splitter.sizes()) - 280 - 330 - sum(
        s for i, s in enumerate(sizes) if i not in (i_docs, i_labels,
                                                     splitter.indexOf(window.article)))
    splitter.setSizes(sizes)
    wanted = splitter.sizes()
    window.close()
    again = open_window(sample_db, "alice")
    again.resize(1440, 900)
    again.show()
    qtbot.waitExposed(again)
    assert again.centralWidget().sizes() == wanted


@pytest.mark.parametrize("size", SIZES)
def test_no_visible_button_or_one_line_label_is_cut(sized_window, size):
    """Every shown button, check box and one-line label has room for its text (a pane
    squeezed shut is hidden, not left on screen at zero width)."""
    from PySide6.QtWidgets import QAbstractButton

    window = sized_window(*size)
    cut = []
    for widget in [*window.findChildren(QAbstractButton), *window.findChildren(QLabel)]:
        if not widget.isVisible() or not widget.text() or "<" in widget.text():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        text = widget.text().replace("&", "")
        if widget.fontMetrics().horizontalAdvance(text) > widget.contentsRect().width():
            cut.append(text)
    assert not cut
