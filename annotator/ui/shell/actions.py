"""The window's one action table: what each command is called, where its menu entry goes,
its keys, its icon, its handler and the modes it works in.

Parts add `Action`s (and their per-mode label handlers) while they are built; the window
then builds everything from the table once: the menus (in `MENU_LAYOUT` order, whatever
order the parts were installed in), the QAction shortcuts, the key router's bindings and
the rows of the shortcut sheet. A key means one thing per mode: `build` refuses a table
that gives a key two meanings in one mode, so no shortcut is declared twice.

Keys with Ctrl/Alt/Meta, function keys, Delete and paging become QAction shortcuts (in the
modes their action works in: they swap when the mode changes); plain letters, digits,
Enter, Esc, Backspace and Tab are routed only from the window's own widgets (so typing in
a text field is never taken for a command) and are shown after a tab in the menu entry.
See docs/window.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu

from annotator.store.changes import ChangeKind
from annotator.ui.shell.context import ANNOTATE, MODES, REVIEW, WindowContext
from annotator.ui.shell.keys import Key, KeyRouter, Mod, chord

# Top-level menus in order, each with its groups in order (a separator between groups).
MENU_LAYOUT: dict[str, tuple[str, ...]] = {
    "&File": ("transfer", "team", "quit"),
    "&Edit": ("history", "span", "settings"),
    "&View": ("text",),
    "&Go": ("documents", "focus"),
    "&Review": ("mode", "decide", "figures"),
    "&Annotate": ("links", "registry"),
    "&Suggestions": ("one", "by_label", "source"),
    "&Help": ("help", "about"),
}
MODE_NAMES = {ANNOTATE: "annotating", REVIEW: "review mode"}
COMMAND_KEYS = {Key.Key_Delete, Key.Key_PageUp, Key.Key_PageDown, Key.Key_Home, Key.Key_End}


@dataclass
class Action:
    """One command. `keys` are QKeySequence strings ("Ctrl+Z", "A", "Return"); `modes`
    the modes whose keys reach it (its menu entry works in any mode); a checkable action's
    handler gets the new checked state."""

    id: str
    text: str
    handler: Callable[..., object]
    menu: str | None = None
    group: str = ""
    keys: tuple[str, ...] = ()
    modes: tuple[str, ...] = MODES
    icon: str | None = None
    tip: str = ""
    checkable: bool = False
    checked: bool = False
    article_keys: tuple[str, ...] = ()  # routed only in the article (Tab moves focus elsewhere)
    submenu: QMenu | None = None  # an entry that opens this menu instead of running a handler
    order: int = 0  # place within its group when several parts share it (then declaration)
    qaction: QAction | None = field(default=None, repr=False)

    def all_keys(self) -> tuple[str, ...]:
        return (*self.keys, *self.article_keys)

    def shortcut_keys(self) -> list[str]:
        """The keys that are QAction shortcuts: only when the first key is a command key
        (an entry shown as 'A' keeps its letters routed, and shows the letter)."""
        if not self.keys or not is_command_key(self.keys[0]):
            return []
        return [k for k in self.keys if is_command_key(k)]

    def run(self) -> None:
        """What a routed key does: the same as choosing the menu entry."""
        if self.qaction is not None and (self.checkable or not self.qaction.isEnabled()):
            self.qaction.trigger()  # toggles a checkable one; a disabled one does nothing
        else:
            self.handler()


@lru_cache(maxsize=512)
def is_command_key(key: str) -> bool:
    """A key that may be a window-wide shortcut (it never types text)."""
    k, mods = chord(key)
    return bool(mods & (Mod.ControlModifier | Mod.AltModifier | Mod.MetaModifier)) or \
        Key.Key_F1 <= k <= Key.Key_F35 or k in COMMAND_KEYS


@lru_cache(maxsize=512)
def display(key: str) -> str:
    """A key as the menus and the sheet show it."""
    if key == "Shift+Backtab":  # what Qt calls the key Shift+Tab sends
        return "Shift+Tab"
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) or key


class ActionTable(QObject):
    def __init__(self, ctx: WindowContext, router: KeyRouter):
        super().__init__(ctx)
        self.ctx, self.router = ctx, router
        self.actions: dict[str, Action] = {}
        self.labelers: dict[str, Callable[[str, bool], None]] = {}
        self.linkers: dict[str, Callable[[str], None]] = {}  # mode -> link(relation type)
        self._built = False
        ctx.sig_mode_changed.connect(self._apply_mode)
        ctx.store.subscribe(self._on_change)

    def _on_change(self, change) -> None:
        if change.kind == ChangeKind.SCHEMA and self._built:
            self.bind_keys()  # the one place label keys follow a schema edit

    # -- declaring --------------------------------------------------------------------------

    def add(self, *actions: Action) -> None:
        if self._built:
            raise RuntimeError("actions are declared before the window builds its menus")
        for action in actions:
            if action.id in self.actions:
                raise ValueError(f"action {action.id!r} declared twice")
            if action.menu is not None and action.group not in MENU_LAYOUT.get(action.menu, ()):
                raise ValueError(f"action {action.id!r}: no group {action.group!r} in "
                                 f"{action.menu!r} (see MENU_LAYOUT)")
            self.actions[action.id] = action

    def set_labeler(self, mode: str, label: Callable[[str, bool], None]) -> None:
        """What a label's number key does in `mode`: label(name, exact)."""
        self.labelers[mode] = label
        if self._built:
            self.bind_keys()

    def set_linker(self, mode: str, link: Callable[[str], None]) -> None:
        """What a relation type's key (S, A, T... from the schema) does in `mode`."""
        self.linkers[mode] = link
        if self._built:
            self.bind_keys()

    def _relation_keys(self) -> list[tuple[str, str]]:
        store = self.ctx.store
        return [(r.key, r.name) for r in store.schema().relations if r.key] if store else []

    def __getitem__(self, action_id: str) -> QAction:
        qaction = self.actions[action_id].qaction
        assert qaction is not None, "the table is not built yet"
        return qaction

    # -- building -------------------------------------------------------------------------

    def build(self, menu_of: Callable[[str], QMenu]) -> None:
        """Make the menus and QActions, then the key bindings (refused on a key clash)."""
        self.check_keys()
        for title, groups in MENU_LAYOUT.items():
            menu = menu_of(title)
            for n, group in enumerate(groups):
                members = sorted((a for a in self.actions.values()
                                  if a.menu == title and a.group == group),
                                 key=lambda a: a.order)
                if members and n and menu.actions():
                    menu.addSeparator()
                for action in members:
                    menu.addAction(self._make(action))
        parent = self.ctx.window
        for action in self.actions.values():
            if action.menu is None:
                parent.addAction(self._make(action))
        self._built = True
        self._apply_mode(self.ctx.mode)
        self.bind_keys()

    def _make(self, action: Action) -> QAction:
        if action.submenu is not None:
            action.submenu.setTitle(action.text)
            action.qaction = action.submenu.menuAction()
            return action.qaction
        qaction = action.qaction or QAction(self.ctx.window)
        qaction.setText(action.text)
        if action.keys and not action.shortcut_keys():
            qaction.setText(f"{action.text}\t{display(action.keys[0])}")
        if action.icon:
            from annotator.assets import icon_path

            qaction.setIcon(QIcon(str(icon_path(action.icon))))
        if action.tip:
            qaction.setStatusTip(action.tip)
        if action.checkable:
            qaction.setCheckable(True)
            qaction.setChecked(action.checked)
            qaction.triggered.connect(lambda checked, a=action: a.handler(checked))
        elif action.qaction is None:
            qaction.triggered.connect(lambda _checked=False, a=action: a.handler())
        qaction.setObjectName(f"action:{action.id}")
        action.qaction = qaction
        return qaction

    def _apply_mode(self, mode: str) -> None:
        """QAction shortcuts of the actions whose keys work in this mode."""
        if not self._built:
            return
        for action in self.actions.values():
            if action.qaction is None or action.submenu is not None:
                continue
            keys = action.shortcut_keys() if mode in action.modes else []
            action.qaction.setShortcuts([QKeySequence(k) for k in keys])

    def check_keys(self) -> None:
        """Refuse a key with two meanings in one mode (label keys included)."""
        for mode in MODES:
            seen: dict[tuple[int, int], str] = {}
            for action in self.actions.values():
                if mode not in action.modes:
                    continue
                for key in action.all_keys():
                    k, mods = chord(key)
                    other = seen.setdefault((int(k), int(mods.value)), action.id)
                    if other != action.id:
                        raise ValueError(f"{key} means both {other!r} and {action.id!r} "
                                         f"when {MODE_NAMES[mode]}")
            if mode in self.labelers:
                for lab in self._label_keys():
                    for mods in (Mod.NoModifier, Mod.AltModifier):
                        other = seen.get((int(chord(lab)[0]), int(mods.value)))
                        if other is not None:
                            raise ValueError(f"label key {lab} is also {other!r} when "
                                             f"{MODE_NAMES[mode]}")
            if mode in self.linkers:
                for key, name in self._relation_keys():
                    other = seen.get((int(chord(key)[0]), int(Mod.NoModifier.value)))
                    if other is not None:
                        raise ValueError(f"the key {key} of relation type {name} is also "
                                         f"{other!r} when {MODE_NAMES[mode]}")

    def _label_keys(self) -> list[str]:
        store = self.ctx.store
        return [lab.key for lab in store.schema().labels if lab.key] if store else []

    def bind_keys(self) -> None:
        """The router's bindings from the table and the schema's label keys; called again
        after a schema change (the one place label keys are re-bound)."""
        bindings: dict[str, dict[tuple[int, int], Callable[[], None]]] = {m: {} for m in MODES}
        article_only: dict[str, set[tuple[int, int]]] = {m: set() for m in MODES}
        for action in self.actions.values():
            for key in action.all_keys():
                k, mods = chord(key)
                for mode in action.modes:
                    bindings[mode][(int(k), int(mods.value))] = action.run
                    if key in action.article_keys:
                        article_only[mode].add((int(k), int(mods.value)))
        store = self.ctx.store
        labels = [lab for lab in store.schema().labels if lab.key] if store else []
        for mode, labeler in self.labelers.items():
            for lab in labels:
                k = int(chord(lab.key)[0])
                for mods, exact in ((Mod.NoModifier, False), (Mod.AltModifier, True)):
                    bindings[mode].setdefault(
                        (k, int(mods.value)),
                        lambda name=lab.name, exact=exact, f=labeler: f(name, exact))
        for mode, linker in self.linkers.items():  # the schema's relation keys
            for key, name in self._relation_keys():
                bindings[mode].setdefault((int(chord(key)[0]), int(Mod.NoModifier.value)),
                                          lambda name=name, f=linker: f(name))
        self.router.set_bindings(bindings, article_only)

    # -- the shortcut sheet ---------------------------------------------------------------

    @staticmethod
    def _place(action: Action) -> tuple[int, int, int, str]:
        """Menu order, then key-only actions (annotating before review mode, by id): the
        sheet never follows install order."""
        menus = list(MENU_LAYOUT)
        if action.menu is None:
            return (len(menus), 0 if ANNOTATE in action.modes else 1, action.order, action.id)
        return (menus.index(action.menu), MENU_LAYOUT[action.menu].index(action.group),
                action.order, "")

    def sheet_rows(self) -> list[tuple[str, str]]:
        """(what, keys) for every key: label keys first, then each action's, saying the
        mode when a key works in one mode only."""
        rows = [(f"Label the selection as {lab.name}", lab.key)
                for lab in (self.ctx.store.schema().labels if self.ctx.store else [])
                if lab.key]
        rows.append(("Label exact characters (no snapping to words)", "Alt+number"))
        schema = self.ctx.store.schema() if self.ctx.store else None
        if self.linkers and schema is not None:
            for rel in schema.relations:
                if rel.key:
                    rows.append((f"Link selected as {rel.name.lower().replace('_', ' ')}",
                                 rel.key))
        if REVIEW in self.labelers:
            rows.append(("Add the selection to gold with that label (in review mode)",
                         "number"))
        # single letters that mean one thing annotating and another in review mode (N, X)
        review_keys = {k for a in self.actions.values() if tuple(a.modes) == (REVIEW,)
                       for k in a.all_keys() if len(k) == 1 and k.isalpha()}
        for action in sorted(self.actions.values(), key=self._place):
            if not action.all_keys():
                continue
            what = action.text.split("\t")[0].replace("&&", "\0").replace("&", "")
            what = what.replace("\0", "&").rstrip(".…")
            if tuple(action.modes) == (REVIEW,):
                what = f"{what} (in review mode)"
            elif tuple(action.modes) == (ANNOTATE,) and review_keys & set(action.all_keys()):
                what = f"{what} (while annotating)"  # the key means another thing in review
            rows.append((what, " or ".join(display(k) for k in action.all_keys())))
        return rows
