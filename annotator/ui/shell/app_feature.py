"""The application around the workspace: Help, Preferences, focus keys, accessible names,
menu mnemonics and label marks.

A part (`annotator.ui.shell.parts`); it only wires the standalone pieces (help,
preferences, theme, label_marks) into the window and declares their commands.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from annotator.ui.article.article_view import ARTICLE_FONTS, EMOJI_FONTS
from annotator.ui.article.label_marks import ArticleMarks
from annotator.ui.dialogs.help import AboutDialog, GuideViewer, ShortcutSheet
from annotator.ui.dialogs.preferences import PreferencesDialog
from annotator.ui.shell.actions import Action
from annotator.ui.shell.context import WindowContext
from annotator.ui.shell.theme import apply_theme

# (object name, accessible name, description) of the window's main widgets
ACCESSIBLE = (
    ("documentList", "Documents", "The articles in this database; Enter or a click opens one"),
    ("documentSearch", "Search documents", "Words in titles and text; Ctrl+L comes here"),
    ("statusFilter", "Status filter", "Show all documents, or only new, in progress or done"),
    ("progressLabel", "Progress", "How many documents you have marked done"),
    ("articleTitle", "Article title", ""),
    ("articleMeta", "Article details", "Date, source, length and status"),
    ("articleView", "Article text",
     "Select text and press a label's number key; Ctrl+Return marks the article done"),
    ("labelPanel", "Labels and spans", ""),
    ("spanList", "Spans in this article", "Each span with its label; a click selects it"),
)


def set_accessible_names(window) -> None:
    for name, accessible, description in ACCESSIBLE:
        widget = window.findChild(QWidget, name)
        if widget is not None:
            widget.setAccessibleName(accessible)
            if description:
                widget.setAccessibleDescription(description)


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' in an action's text, if any."""
    plain = text.split("\t")[0].replace("&&", "")
    i = plain.find("&")
    return plain[i + 1].lower() if 0 <= i < len(plain) - 1 else None


def assign_mnemonics(actions) -> None:
    """Give each action without a mnemonic the first free letter of its text, so every
    menu entry (features' too) can be reached with Alt+letter, as KDE's accelerator
    manager does."""
    actions = [a for a in actions if not a.isSeparator() and a.text()]
    used = {m for a in actions if (m := mnemonic(a.text()))}
    for act in actions:
        if mnemonic(act.text()) is not None:
            continue
        label, tab, keys = act.text().partition("\t")
        for i, ch in enumerate(label):
            if ch.isalnum() and ch.lower() not in used:
                used.add(ch.lower())
                act.setText(f"{label[:i]}&{label[i:]}{tab}{keys}")
                break


class _MenuWatcher(QObject):
    """Assigns mnemonics in each menu as it opens, and in the menu bar as menus arrive
    (features add theirs after this one is installed)."""

    def __init__(self, bar):
        super().__init__(bar)
        self.bar = bar
        self._menus: set[int] = set()
        bar.installEventFilter(self)
        self.watch()

    def watch(self) -> None:
        for top in self.bar.actions():
            menu = top.menu()
            if menu is not None and id(menu) not in self._menus:
                self._menus.add(id(menu))
                menu.aboutToShow.connect(lambda m=menu: assign_mnemonics(m.actions()))
        assign_mnemonics(self.bar.actions())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.bar and event.type() == QEvent.Type.ActionAdded:
            QTimer.singleShot(0, self.watch)
        return False


def apply_article_font(window, family: str | None = None, size: int | None = None) -> None:
    font = window.view.font()
    if family:
        font.setFamilies([family, *ARTICLE_FONTS, *EMOJI_FONTS])
    if size:
        font.setPointSize(size)
    window.view.setFont(font)


class AppFeature:
    """Holds the dialogs it opened, so a second press raises the open one."""

    def __init__(self, ctx: WindowContext):
        self.ctx, self.window = ctx, ctx.window
        self.dialogs: dict[str, QDialog] = {}

    # -- Help -------------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """Every key of the window, from the action table (mode-only keys say so)."""
        return self.ctx.actions.sheet_rows()

    def show_shortcuts(self) -> QDialog:
        return self._open("shortcuts", lambda: ShortcutSheet(self.shortcut_rows(), self.window))

    def show_guide(self) -> QDialog:
        return self._open("guide", lambda: GuideViewer(parent=self.window), modal=False)

    def show_about(self) -> QDialog:
        window = self.window
        return self._open("about", lambda: AboutDialog(window.store.path, self.ctx.analyst,
                                                       window))

    def show_preferences(self) -> QDialog:
        def make() -> QDialog:
            dialog = PreferencesDialog(self.window, article_font=self.window.view.font())
            dialog.sig_changed.connect(self.apply_preferences)
            return dialog
        return self._open("preferences", make)

    def _open(self, key: str, make, modal: bool = True) -> QDialog:
        dialog = self.dialogs.get(key)
        if dialog is None or not dialog.isVisible():
            dialog = self.dialogs[key] = make()
        if modal:
            dialog.open()
        else:
            dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    # -- Preferences --------------------------------------------------------------------

    def apply_preferences(self, changes: dict[str, Any]) -> None:
        """Show a saved change at once (the dialog has already written the settings)."""
        window = self.window
        if "font_family" in changes or "font_size" in changes:
            apply_article_font(window, changes.get("font_family"), changes.get("font_size"))
        if "snap_to_words" in changes:
            window.editor.snap = bool(changes["snap_to_words"])
            self.ctx.actions["view.snap"].setChecked(window.editor.snap)
        if "theme" in changes:
            app = QApplication.instance()
            if app is not None:
                apply_theme(app, changes["theme"])
        if "annotator" in changes:
            name = changes["annotator"] or "your login name"
            window.statusBar().showMessage(
                f"Analyst name saved: the next start works as {name}.", 8000)
        self.ctx.reload_settings()

    # -- Focus ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        search = self.window.documents.search
        _focus(self.window, search)
        search.selectAll()


def _focus(window, widget) -> None:
    """Focus a pane's widget, opening the pane first if it was collapsed."""
    panes = getattr(window, "panes", None)
    if panes is not None:
        panes.reveal(widget)
    widget.setFocus()


def install(ctx: WindowContext) -> AppFeature:
    """Preferences, the focus keys, Help; accessible names, mnemonics, label marks."""
    feature = AppFeature(ctx)
    window, docs = ctx.window, ctx.documents
    ctx.actions.add(
        Action("edit.preferences", "&Preferences…", feature.show_preferences, "&Edit",
               "settings", ("Ctrl+,",)),
        Action("go.search", "&Search documents", feature.focus_search, "&Go", "focus",
               ("Ctrl+L", "Ctrl+F"), icon="search"),
        Action("go.filter", "Status fil&ter", lambda: _focus(window, docs.filter), "&Go",
               "focus", ("Ctrl+Shift+L",)),
        Action("go.list", "Document &list", lambda: _focus(window, docs.view), "&Go", "focus",
               ("Ctrl+1",)),
        Action("go.article", "&Article", ctx.view.setFocus, "&Go", "focus", ("Ctrl+2",)),
        Action("go.spans", "Span l&ist", lambda: _focus(window, ctx.labels.span_view), "&Go",
               "focus", ("Ctrl+3",)),
        Action("help.shortcuts", "&Keyboard shortcuts", feature.show_shortcuts, "&Help",
               "help", ("Ctrl+/",)),
        Action("help.guide", "&User guide", feature.show_guide, "&Help", "help", ("F1",)),
        Action("help.about", "&About Annotator", feature.show_about, "&Help", "about"),
    )
    set_accessible_names(window)
    window.menu_watcher = _MenuWatcher(window.menuBar())
    window.article_marks = ArticleMarks(ctx.view)
    window.article_marks.enabled = not ctx.view.tags.enabled  # tags name the labels
    family = ctx.settings.get("font_family")
    if isinstance(family, str) and family:
        apply_article_font(window, family)
    return feature


def application_icon() -> QIcon:
    """The app icon from its PNG sizes (the window manager picks the sharpest)."""
    from annotator.assets import app_icon_paths

    icon = QIcon()
    for size, path in app_icon_paths():
        icon.addFile(str(path), QSize(size, size))
    return icon
