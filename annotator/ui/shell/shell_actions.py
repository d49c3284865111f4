"""The shell's own commands in the action table: quit, undo and redo, delete a span, mark
done, text size, snapping and paging between documents."""

from __future__ import annotations

from annotator.ui.shell.actions import Action
from annotator.ui.shell.context import ANNOTATE


def shell_actions(window) -> list[Action]:
    ed = window.editor
    return [
        Action("file.quit", "&Quit", window.close, "&File", "quit", ("Ctrl+Q",)),
        Action("edit.undo", "&Undo", ed.undo, "&Edit", "history", ("Ctrl+Z",), icon="undo"),
        Action("edit.redo", "&Redo", ed.redo, "&Edit", "history", ("Ctrl+Shift+Z", "Ctrl+Y"),
               icon="redo"),
        Action("edit.delete", "&Delete span", ed.delete_selected, "&Edit", "span", ("Del",),
               modes=(ANNOTATE,)),
        Action("edit.done_next", "Mark done and open &next", ed.mark_done_and_next, "&Edit",
               "span", ("Ctrl+Return", "Ctrl+Enter"), modes=(ANNOTATE,), icon="done"),
        Action("view.larger", "&Larger text", lambda: window.change_font(1), "&View", "text",
               ("Ctrl++", "Ctrl+=")),
        Action("view.smaller", "&Smaller text", lambda: window.change_font(-1), "&View",
               "text", ("Ctrl+-",)),
        Action("view.snap", "Snap selections to &words", window.set_snap, "&View", "text",
               checkable=True, checked=ed.snap),
        Action("view.labels", "Show &labels", window.set_show_labels, "&View", "text",
               checkable=True, checked=window.view.tags.enabled),
        Action("view.documents", "Show &document list", lambda on: window.panes.set_open(
            window.documents, on), "&View", "text", checkable=True,
               checked=True),
        Action("view.label_panel", "Show label &panel", lambda on: window.panes.set_open(
            window.labels, on), "&View", "text", checkable=True,
               checked=True),
        Action("go.next", "&Next document", lambda: window.step_document(1), "&Go",
               "documents", ("PgDown",)),
        Action("go.previous", "&Previous document", lambda: window.step_document(-1), "&Go",
               "documents", ("PgUp",)),
    ]
