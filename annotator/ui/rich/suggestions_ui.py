"""Suggestions in the window: computed off the UI thread, drawn with a dashed outline,
never stored until accepted.

When a document opens (and when the registry or the patterns file changes) the
`Suggester` runs on a worker thread; a newer request makes an older answer stale, so a
quick switch of documents never shows the wrong suggestions. A span labeled where a
suggestion was hides it at once (no recomputing: suggestions depend on the text, the
registry and the patterns, not on the spans). The suggestion under the text cursor is the
current one: Enter accepts it (a quote with its speakers and SPEAKER links), X or
Backspace rejects it (remembered in the database for this document and analyst, so it is
not offered again and never created behind the analyst's back), N / Shift+N move to the
next / previous one. What the layer has already labelled (a span of the same label on
those words, or around them) is not offered.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLineEdit

from annotator.core.errors import AnnotatorError
from annotator.core.foreground import hurry
from annotator.core.suggest import Suggester, Suggestion, drop_existing
from annotator.core.suggest_patterns import load_patterns
from annotator.settings import load_settings, update_settings
from annotator.store.changes import Change, ChangeKind
from annotator.store.entities import live_entities
from annotator.store.rejections import reject, rejected
from annotator.ui.article.article_view import snippet
from annotator.ui.dialogs import file_dialogs
from annotator.ui.rich.rich_commands import AcceptSuggestions
from annotator.ui.rich.suggestion_painter import draw_current, outline
from annotator.ui.shell.context import WindowContext

PATTERNS_SETTING = "suggest_patterns"
# While the worker runs, the UI thread waits for the GIL at most this long (Python's
# default is 5 ms, which showed as ~4 ms more per label key press on a 1 MB article).
WORKER_SWITCH_INTERVAL = 0.0005
LONG_TEXT = 100_000  # shorter articles are done in a few ms: leave the interpreter be
OPEN_DELAY_MS = 150  # after a document opens, before its suggestions are computed


class _Relay(QObject):
    done = Signal(int, int, object, str)  # generation, doc pk, suggestions, error


class _Task(QRunnable):
    """Runs the suggesters for one document on a worker thread (no store, no Qt)."""

    def __init__(self, relay: _Relay, generation: int, doc: int, text: str, entities,
                 patterns: str | None, extra: list | None = None):
        super().__init__()
        self.relay, self.generation, self.doc, self.text = relay, generation, doc, text
        self.entities, self.patterns = entities, patterns
        self.extra = extra or []  # the context's suggestion_sources (the trained model)

    def run(self) -> None:
        error = ""
        found: list[Suggestion] = []
        try:
            sets = [(Path(self.patterns).name, load_patterns(self.patterns))] \
                if self.patterns else []
            found = Suggester(self.entities, sets).suggest(self.text)
        except AnnotatorError as exc:
            error = str(exc)
            found = Suggester(self.entities).suggest(self.text)  # still show the others
        except OSError as exc:
            error = f"{self.patterns}: {exc.strerror or exc}"
            found = Suggester(self.entities).suggest(self.text)
        for source in self.extra:
            more = source(self.text)  # a source reports its own failures
            seen = {s.key for s in found}
            found = sorted([*found, *(s for s in more if s.key not in seen)],
                           key=lambda s: (s.start, s.end, s.label))
        self.relay.done.emit(self.generation, self.doc, found, error)


class SuggestionsController(QObject):
    sig_updated = Signal(int)
    """How many suggestions are shown for the open document (after each change)."""

    def __init__(self, ctx: WindowContext, parent: QObject | None = None):
        super().__init__(parent or ctx.window)
        self.window_ = ctx.window
        self.ctx, self.store = ctx, ctx.store
        self.editor, self.view = ctx.editor, ctx.view
        self.enabled = True
        self.doc: int | None = None
        self.text = ""
        self.all: list[Suggestion] = []
        self.shown: list[Suggestion] = []
        self._starts: list[int] = []
        self._maxlen = 0
        self.current: Suggestion | None = None
        self.pending = False  # a computation is running for the open document
        self._generation = 0
        self._switch: float | None = None  # the interpreter's own, while a job runs
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._arrived)
        self._recompute = QTimer(self, singleShot=True, interval=800)
        self._recompute.timeout.connect(self.request)
        self._filtered_ids: set[str] = set()
        self._refilter = QTimer(self, singleShot=True, interval=0)
        self._refilter.timeout.connect(self._filter)
        # A new document is painted first; the worker starts just after, so it does not
        # compete with the first paint for the interpreter (a 1 MB article: ~100 ms).
        self._start_soon = QTimer(self, singleShot=True, interval=OPEN_DELAY_MS)
        self._start_soon.timeout.connect(self.request)
        self.view.overlays.append(self.draw)
        self.view.cursorPositionChanged.connect(self._cursor_moved)
        self.editor.sig_opened.connect(lambda doc, _spans: self.open(doc.pk, doc.text))
        self.store.subscribe(self._on_change)
        ctx.sig_sources_changed.connect(self.request)

    @property
    def annotator(self) -> str:
        """Whose layer an accepted suggestion goes into: the analyst now, not at start."""
        return self.ctx.analyst

    # -- computing ------------------------------------------------------------------------

    def patterns_path(self) -> str | None:
        value = load_settings().get(PATTERNS_SETTING)
        return value if isinstance(value, str) and value else None

    def open(self, doc: int, text: str) -> None:
        self.doc, self.text = doc, text
        self.all, self.current = [], None
        self._filter()
        if self.enabled and self.store is not None:
            self.pending = True  # asked for; the worker starts once the text is painted
        self._start_soon.start()

    def request(self) -> None:
        """Compute the open document's suggestions on the worker thread."""
        if self.doc is None or self.store is None or not self.enabled:
            return
        self._generation += 1
        self.pending = True
        self._busy(len(self.text) > LONG_TEXT)
        self._pool.start(_Task(self._relay, self._generation, self.doc, self.text,
                               live_entities(self.store), self.patterns_path(),
                               list(self.ctx.suggestion_sources)))

    def _arrived(self, generation: int, doc: int, found: list, error: str) -> None:
        if generation != self._generation or doc != self.doc:
            return  # a newer request is on its way
        self.pending = False
        self._busy(False)
        self.all = found
        self._filter()
        if error:
            self.editor.sig_message.emit(f"Patterns file not used: {error}")

    def _busy(self, on: bool) -> None:
        if on and self._switch is None:
            self._switch = sys.getswitchinterval()
            sys.setswitchinterval(WORKER_SWITCH_INTERVAL)
        elif not on and self._switch is not None:
            sys.setswitchinterval(self._switch)
            self._switch = None

    def wait(self, msecs: int = 5000) -> bool:
        """Block until the worker is idle (tests, shutdown); answers arrive as events."""
        if self._start_soon.isActive():  # asked for but not started yet: start it now
            self._start_soon.stop()
            self.request()
        with hurry():  # nobody types while this waits: the worker need not give way
            return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        self._start_soon.stop()
        self._generation += 1
        self._pool.clear()
        with hurry():
            self._pool.waitForDone(5000)
        self._busy(False)
        if self.store is not None:
            self.store.unsubscribe(self._on_change)
            self.store = None

    # -- what is shown --------------------------------------------------------------------

    def _filter(self) -> None:
        refused = rejected(self.store, self.doc, self.annotator) \
            if self.store is not None and self.doc is not None else set()
        spans = list(self.view.index)
        self._filtered_ids = {s.id for s in spans}  # the spans this filter has seen
        self.shown = drop_existing(self.all, spans, refused) if self.enabled else []
        self._starts = [s.start for s in self.shown]
        self._maxlen = max((s.end - s.start for s in self.shown), default=0)
        self._update_current()
        self.view.viewport().update()
        self.sig_updated.emit(len(self.shown))

    def _on_change(self, change: Change) -> None:
        if change.kind == ChangeKind.ENTITIES:
            self._recompute.start()  # a new alias may be found in the text
        elif change.kind == ChangeKind.SPANS and change.doc == self.doc and self.all \
                and not self._hide_under_new(change.ids):
            self._refilter.start()  # a span there hides a suggestion (or shows it again)

    def _hide_under_new(self, ids) -> bool:
        """Spans just added only hide suggestions: drop the shown ones they cover, without
        filtering every suggestion against every span again (a key press's frame). False
        when a span changed or went, which needs the full filter."""
        index = self.view.index
        added = [index.get(i) for i in ids or ()]
        if not added or any(s is None or s.id in self._filtered_ids for s in added):
            return False
        self._filtered_ids.update(s.id for s in added)
        keep = [g for g in self.shown
                if not any(s.label == g.label and s.start < g.end and g.start < s.end
                           for s in added)]
        if len(keep) != len(self.shown):
            self.shown = keep
            self._starts = [g.start for g in keep]
            self._update_current()
            self.view.viewport().update()
            self.sig_updated.emit(len(keep))
        return True

    def at(self, cp: int) -> Suggestion | None:
        """The innermost suggestion covering code point `cp`."""
        lo = bisect_left(self._starts, cp - self._maxlen)
        hi = bisect_left(self._starts, cp + 1)
        hits = [s for s in self.shown[lo:hi] if s.start <= cp < s.end]
        return min(hits, key=lambda s: s.end - s.start) if hits else None

    def _cursor_moved(self) -> None:
        if self.shown:
            self._update_current()

    def _update_current(self) -> None:
        cursor = self.view.textCursor()
        found = None
        if self.shown and not cursor.hasSelection():
            cp = self.view.mapper.from_qt(cursor.position())
            found = self.at(cp) or (self.at(cp - 1) if cp > 0 else None)
        if found is not self.current:
            self.current = found
            self.view.viewport().update()

    def step(self, direction: int) -> None:
        """Put the cursor on the next (1) or previous (-1) suggestion."""
        if not self.shown:
            self.editor.sig_message.emit("No suggestions in this document." if not self.pending
                                         else "Suggestions are still being computed…")
            return
        cp = self.view.mapper.from_qt(self.view.textCursor().position())
        if direction > 0:
            i = bisect_left(self._starts, cp + 1)
            target = self.shown[i % len(self.shown)]
        else:
            base = self.current.start if self.current else cp
            i = bisect_left(self._starts, base) - 1
            target = self.shown[i % len(self.shown)]
        self.go_to(target)

    def go_to(self, s: Suggestion) -> None:
        cursor = self.view.textCursor()
        cursor.setPosition(self.view.mapper.to_qt(s.start))
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        self.editor.select_span(None)
        self._update_current()
        self.editor.sig_message.emit(f"Suggested {self._describe(s)} — Enter accepts, "
                                     "X rejects, N next.")

    def _describe(self, s: Suggestion) -> str:
        text = f"{s.label} '{snippet(self.text[s.start:s.end], 40)}'"
        if s.speaker is not None:
            text += f" said by {s.speaker.text}"
        if s.confidence is not None:
            text += f" ({s.source}, {s.confidence:.0%} sure)"
        return text

    # -- accepting and rejecting ----------------------------------------------------------

    def _typing(self) -> bool:
        return isinstance(QApplication.focusWidget(), QLineEdit)

    def accept_current(self) -> bool:
        if self._typing():
            return False
        s = self.current
        if s is None:
            self.editor.sig_message.emit("Put the cursor in a suggestion (dashed outline), or "
                                         "press N to go to the next one; then Enter.")
            return False
        return self.accept([s], self._describe(s))

    def accept_label(self, label: str) -> bool:
        chosen = [s for s in self.shown if s.label == label]
        if not chosen:
            self.editor.sig_message.emit(f"No {label} suggestions to accept.")
            return False
        return self.accept(chosen, f"{len(chosen)} {label} suggestion(s)")

    def accept(self, suggestions: list[Suggestion], what: str) -> bool:
        if self.editor.doc is None:
            return False
        cmd = AcceptSuggestions(self.store, self.editor.doc.pk, self.annotator, suggestions,
                                what, self.editor._report)
        if not self.editor.push(cmd):
            return False
        self._filter()  # accepted: no longer suggested (now, not after the next event)
        skipped = f" ({cmd.skipped} already labeled, skipped)" if cmd.skipped else ""
        self.editor.sig_message.emit(f"Accepted {what}{skipped}.")
        if len(suggestions) == 1 and cmd.done:
            self.editor.select_span(cmd.done[0][0][0])
        return True

    def reject_current(self) -> bool:
        if self._typing() or self.current is None or self.doc is None:
            return False
        s = self.current
        reject(self.store, self.doc, self.annotator, [s.key])
        self._filter()
        self.editor.sig_message.emit(f"Rejected {self._describe(s)}.")
        return True

    def reject_label(self, label: str) -> int:
        chosen = [s for s in self.shown if s.label == label]
        if chosen and self.doc is not None:
            reject(self.store, self.doc, self.annotator, [s.key for s in chosen])
            self._filter()
        return len(chosen)

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        if on and not self.all:
            self.request()
        self._filter()

    # -- the patterns file ----------------------------------------------------------------

    def choose_patterns(self) -> None:
        path, _ = file_dialogs.open_file(
            self.window_, "Patterns file (Prodigy patterns JSONL)",
            str(Path(self.patterns_path() or "").parent) if self.patterns_path() else "",
            "Patterns (*.jsonl *.json);;All files (*)")
        if path:
            self.set_patterns(path)

    def set_patterns(self, path: str | None) -> None:
        """Use this patterns file from now on (None: none), remembered in the settings."""
        update_settings(**{PATTERNS_SETTING: path})
        self.editor.sig_message.emit(f"Suggestions use patterns from {Path(path).name}."
                                     if path else "Suggestions use no patterns file.")
        self.request()

    # -- painting -------------------------------------------------------------------------

    def draw(self, painter, _rect) -> None:
        if not self.shown:
            return
        lo, hi = self.view.visible_range()
        first = bisect_left(self._starts, lo - self._maxlen)
        last = bisect_left(self._starts, hi + 1)
        styles = self.editor.styles
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for s in self.shown[first:last]:
            if s.end < lo or s is self.current:
                continue
            outline(self.view, painter, s.start, s.end, styles.get(s.label), 1.3,
                    Qt.PenStyle.DashLine)
        if self.current is not None and self.current.end >= lo and self.current.start <= hi:
            draw_current(self.view, painter, self.current, styles)
