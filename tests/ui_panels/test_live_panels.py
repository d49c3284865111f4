"""Every panel shows only live objects: after delete, undo, redo, a document switch or
another process's change, the selected-span panels forget what is gone, and an edit
through a panel can never reach a deleted row (issue 13)."""

from __future__ import annotations

from panel_helpers import find, label
from PySide6.QtCore import Qt

from annotator.store import Store


def _event_span(qtbot, window):
    text = window.view.text
    start, end = find(text, "airstrikes")
    sid = label(qtbot, window, start, end, Qt.Key.Key_2)  # EVENT
    assert window.rich.attributes.span is not None
    return sid


def test_delete_clears_every_panel(sized_window, qtbot):
    window = sized_window()
    sid = _event_span(qtbot, window)
    labels = window.labels
    assert labels.delete_button.isEnabled()
    window.editor.delete_selected()
    assert window.store.span(sid) is None or window.view.index.get(sid) is None
    assert window.rich.attributes.span is None
    assert window.rich.attributes.pages.currentWidget() is window.rich.attributes._empty
    assert not labels.delete_button.isEnabled()
    assert labels.detail_label.text() == "—"
    assert window.rich.link_list.span is None if hasattr(window.rich.link_list, "span") else True


def _panels_empty(window) -> bool:
    rich = window.rich
    return (rich.attributes.span is None and rich.entity.span is None
            and not window.labels.delete_button.isEnabled()
            and window.labels.detail_label.text() == "—")


def test_undo_and_redo_of_an_add_clear_and_refill(sized_window, qtbot):
    window = sized_window()
    sid = _event_span(qtbot, window)
    window.editor.undo()  # the span is gone again
    assert window.view.index.get(sid) is None
    assert _panels_empty(window)
    window.editor.redo()  # back, and selected again
    assert window.rich.attributes.span is not None and window.rich.attributes.span.id == sid


def test_document_switch_clears_the_panels(sized_window, qtbot):
    window = sized_window()
    _event_span(qtbot, window)
    window.step_document(1)
    assert _panels_empty(window)


def test_another_process_deleting_the_span_clears_the_panels(sized_window, qtbot, sample_db):
    window = sized_window()
    sid = _event_span(qtbot, window)
    with Store(sample_db) as other:
        other.delete_span(sid)
    window.refresher.check()
    assert _panels_empty(window)


def test_an_edit_through_a_stale_panel_is_refused_with_a_message(sized_window, qtbot,
                                                                 sample_db):
    """The panel still shows a span another process deleted (no refresh yet): typing a
    date is refused by the store, said in the status bar, and leaves no undo step."""
    window = sized_window()
    sid = _event_span(qtbot, window)
    depth = window.editor.stack.count()
    with Store(sample_db) as other:
        other.delete_span(sid)
    attrs = window.rich.attributes
    assert attrs.span is not None  # not refreshed yet: the panel is stale
    date = attrs.fields["EVENT"]["date"]
    date.setFocus()
    date.setText("2024-02-11")
    date.editingFinished.emit()
    assert window.editor.stack.count() == depth
    assert "was deleted" in window.statusBar().currentMessage()
    with Store(sample_db) as other:
        row = other.conn.execute("SELECT attrs FROM spans WHERE id = ?", (sid,)).fetchone()
    assert "2024-02-11" not in str(row)


def test_typing_in_the_panel_after_delete_writes_nothing(sized_window, qtbot, sample_db):
    window = sized_window()
    sid = _event_span(qtbot, window)
    window.editor.delete_selected()
    depth = window.editor.stack.count()
    date = window.rich.attributes.fields["EVENT"]["date"]
    assert not date.isVisible()  # the EVENT form is no longer shown
    date.setText("2024-02-11")
    date.editingFinished.emit()
    assert window.editor.stack.count() == depth
    assert window.statusBar().currentMessage()
    with Store(sample_db) as other:
        row = other.conn.execute("SELECT attrs FROM spans WHERE id = ?", (sid,)).fetchone()
    assert "2024-02-11" not in str(row)
