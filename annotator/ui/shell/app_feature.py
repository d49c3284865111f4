"""The application around the workspace: Help, Preferences, focus keys, accessible names,
label marks, File > Import/Export and refreshing from other writers.

Plugged in through `annotator.ui.shell.features`; it only wires the standalone pieces (help,
preferences, theme, import_export, refresh, label_marks) into the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from annotator.settings import load_settings
from annotator.ui.article.article_view import ARTICLE_FONTS
from annotator.ui.article.label_marks import ArticleMarks
from annotator.ui.dialogs import import_export
from annotator.ui.dialogs.help import (
    AboutDialog,
    GuideViewer,
    ShortcutSheet,
    shortcuts_from_actions,
)
from annotator.ui.dialogs.preferences import PreferencesDialog
from annotator.ui.shell import refresh
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
        font.setFamilies([family, *ARTICLE_FONTS])
    if size:
        font.setPointSize(size)
    window.view.setFont(font)


MODE_MENUS = ("Review",)  # single letters there act only in review mode (A is also Agent)


def _menu_of(action: QAction) -> str:
    """The title of the menu holding an action ('' when none), without its mnemonic."""
    for widget in action.associatedObjects():
        title = getattr(widget, "title", None)
        if callable(title):
            return title().replace("&", "")
    return ""


class AppFeature:
    """Holds the dialogs it opened, so a second press raises the open one."""

    def __init__(self, window):
        self.window = window
        self.dialogs: dict[str, QDialog] = {}

    # -- Help -------------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """Label keys (from the schema) and then every action's real shortcuts."""
        schema = self.window.store.schema()
        rows = [(f"Label the selection as {lab.name}", lab.key)
                for lab in schema.labels if lab.key]
        rows.append(("Label exact characters (no snapping to words)", "Alt+number"))
        actions = self.window.findChildren(QAction)
        rows += [(what, keys) for what, keys in shortcuts_from_actions(actions) if keys.strip()]
        for act in actions:  # keys the window handles itself, shown after a tab in menus
            label, tab, keys = act.text().partition("\t")
            if tab and keys.strip() and not act.shortcuts():
                what = label.replace("&", "").rstrip(".…")
                menu = _menu_of(act)
                if menu in MODE_MENUS:  # the same letter means another thing elsewhere
                    what = f"{what} (in {menu.lower()} mode)"
                rows.append((what, keys.strip()))
        return rows

    def show_shortcuts(self) -> QDialog:
        return self._open("shortcuts", lambda: ShortcutSheet(self.shortcut_rows(), self.window))

    def show_guide(self) -> QDialog:
        return self._open("guide", lambda: GuideViewer(parent=self.window), modal=False)

    def show_about(self) -> QDialog:
        window = self.window
        return self._open("about", lambda: AboutDialog(window.store.path, window.annotator,
                                                       window))

    def show_preferences(self) -> QDialog:
        def make() -> QDialog:
            dialog = PreferencesDialog(self.window)
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
            window.snap_action.setChecked(window.editor.snap)
        if "theme" in changes:
            app = QApplication.instance()
            if app is not None:
                apply_theme(app, changes["theme"])
        if "annotator" in changes:
            name = changes["annotator"] or "your login name"
            window.statusBar().showMessage(
                f"Analyst name saved: the next start works as {name}.", 8000)
        window.settings = load_settings()

    # -- Focus ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        search = self.window.documents.search
        search.setFocus()
        search.selectAll()


def install(window) -> None:
    feature = window.app_feature = AppFeature(window)
    refresh.install(window)
    import_export.install(window)

    edit = window.menu("&Edit")
    edit.addSeparator()
    window.add_action(edit, "&Preferences…", feature.show_preferences, "Ctrl+,")

    go = window.menu("&Go")
    go.addSeparator()
    window.add_action(go, "&Search documents", feature.focus_search, "Ctrl+L", "Ctrl+F")
    window.add_action(go, "Status fil&ter", window.documents.filter.setFocus, "Ctrl+Shift+L")
    window.add_action(go, "Document &list", window.documents.view.setFocus, "Ctrl+1")
    window.add_action(go, "&Article", window.view.setFocus, "Ctrl+2")
    window.add_action(go, "Span l&ist", window.labels.span_view.setFocus, "Ctrl+3")

    help_menu = window.menu("&Help")
    window.add_action(help_menu, "&Keyboard shortcuts", feature.show_shortcuts, "Ctrl+/")
    window.add_action(help_menu, "&User guide", feature.show_guide, "F1")
    help_menu.addSeparator()
    window.add_action(help_menu, "&About Annotator", feature.show_about)

    set_accessible_names(window)
    window.menu_watcher = _MenuWatcher(window.menuBar())
    window.article_marks = ArticleMarks(window.view)
    family = window.settings.get("font_family")
    if isinstance(family, str) and family:
        apply_article_font(window, family)
    _set_action_icons(window)


def application_icon() -> QIcon:
    """The app icon from its PNG sizes (the window manager picks the sharpest)."""
    from annotator.assets import app_icon_paths

    icon = QIcon()
    for size, path in app_icon_paths():
        icon.addFile(str(path), QSize(size, size))
    return icon


def _set_action_icons(window) -> None:
    """SVG icons (sharp at any scale) on the menu actions that have one."""
    from annotator.assets import icon_path

    names = {"Import…": "import", "Export…": "export", "Undo": "undo", "Redo": "redo",
             "Search documents": "search", "Mark done and open next": "done"}
    for action in window.findChildren(QAction):
        text = action.text().replace("&", "")
        for prefix, icon in names.items():
            if text.startswith(prefix):
                action.setIcon(QIcon(str(icon_path(icon))))
                break
