"""The trained model in the window: Annotate > Train model (a progress dialog with Cancel,
off the UI thread), the model as one more suggestion source, and the document-list sort
"Most useful next" that Ctrl+Return follows when chosen.

Installed through the feature hook (`annotator.ui.features`), after `rich_feature` (whose
suggestions controller it adds a source to). The training and the scoring live in
`annotator.learn`; this module only runs them on workers and shows the results.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.core.jobs import CancelToken
from annotator.learn import INSTALL_HINT, spacy_available
from annotator.learn.models import latest_for_db, models_dir
from annotator.store.store import Change
from annotator.ui.jobs import JobRunner, with_store

SORTS = ("List order", "Most useful next")
EVAL_SPLIT = 0.2
MAX_MINUTES = 8.0


class ModelSource(QObject):
    """The latest model of the window's database as a suggestion source: a callable run
    on the suggestions worker; a model that fails to load is reported once, not raised."""

    sig_failed = Signal(str)
    """Why the model gave no suggestions (shown in the status bar)."""

    def __init__(self, db_path: Path, labels: list[str], parent: QObject | None = None):
        super().__init__(parent)
        self.db_path, self.labels = db_path, labels
        self.suggester = None
        self.reload()

    def reload(self) -> None:
        """Use the newest model (after a training, or when the schema changes)."""
        from annotator.learn.suggest_model import ModelSuggester

        path = latest_for_db(self.db_path) if spacy_available() else None
        self.suggester = ModelSuggester(path, self.labels) if path is not None else None

    def __call__(self, text: str) -> list:
        suggester = self.suggester
        if suggester is None:
            return []
        try:
            return suggester.suggest(text)
        except AnnotatorError as exc:
            self.suggester = None
            self.sig_failed.emit(f"Model suggestions are off: {exc}")
            return []


def train_job(db_path: Path, message: list[str]):
    """The training as a JobRunner job: reads its own store connection, trains, saves a new
    version; a Cancel raises inside training, before anything is saved. It learns from the
    same layers as `annotator train` by default (gold, else every analyst's done ones)."""

    def work(store, progress, token: CancelToken):
        from annotator.learn.examples import select, split_by_document
        from annotator.learn.trainer import TrainOptions, train

        selection = select(store)
        examples = selection.examples
        labels = sorted({s[2] for ex in examples for s in ex.spans})
        order = [lab.name for lab in store.schema().labels]
        labels = [lab for lab in order if lab in labels] + [
            lab for lab in labels if lab not in order]
        if not labels:
            raise AnnotatorError("No finished document with labels to learn from: mark "
                                 "some labelled documents done (Ctrl+Return) first.")
        train_docs, eval_docs = split_by_document(examples, EVAL_SPLIT, 0)

        def show(fraction: float, what: str) -> None:
            message[0] = what
            progress(int(fraction * 1000), 1000)

        report = train(train_docs, eval_docs, TrainOptions(labels, max_minutes=MAX_MINUTES),
                       show, token)
        token.check()
        train_ids = sorted({d.doc_id for d in train_docs})
        eval_ids = sorted({d.doc_id for d in eval_docs})
        report.model.meta = {"lang": "en", "seed": 0, "eval_split": EVAL_SPLIT,
                             "layers": selection.layers, "labels": labels,
                             "train_docs": len(train_ids), "eval_docs": len(eval_ids),
                             "train_docs_ids": train_ids, "eval_docs_ids": eval_ids,
                             "scores": report.scores, "epochs": report.epochs}
        report.model.save(models_dir(db_path))
        return report

    return with_store(db_path, work)


class ModelFeature(QObject):
    """What `install` built: the train runner, the model source and the active order."""

    sig_trained = Signal(object)
    """The new model's TrainReport, once it is saved."""
    sig_ranked = Signal()
    """The most-useful-next order was recomputed."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.db_path = Path(window.store.path)
        self.runner = JobRunner(window)
        self.runner.sig_finished.connect(self._trained)
        self.runner.sig_cancelled.connect(
            lambda: self._say("Training cancelled; the previous model is still used."))
        self.runner.sig_progress.connect(self._show_step)
        self.ranker = JobRunner(window, show_dialog=False)
        self.ranker.sig_finished.connect(self._ranked)
        self.message = [""]
        labels = [lab.name for lab in window.store.schema().labels]
        self.source = ModelSource(self.db_path, labels, self)
        self.source.sig_failed.connect(self._say)
        self.scores: dict[int, float] = {}
        self.hint_box: QMessageBox | None = None
        self.sort = QComboBox(window.documents, objectName="documentSort")
        self.sort.addItems(SORTS)
        self.sort.setToolTip("Most useful next: the new documents the model is least sure "
                             "of first (train a model first)")
        self.sort.currentIndexChanged.connect(self._sort_changed)

    def analyst(self) -> str:
        return getattr(self.window_, "analyst", self.window_.annotator)

    def _say(self, text: str) -> None:
        self.window_.statusBar().showMessage(text, 8000)

    # -- training -------------------------------------------------------------------------

    def train(self) -> None:
        if not spacy_available():
            box = QMessageBox(QMessageBox.Icon.Information, "Train model", INSTALL_HINT,
                              QMessageBox.StandardButton.Ok, self.window_)
            box.setObjectName("modelInstallHint")
            box.open()  # not exec(): the window stays responsive
            self.hint_box = box
            return
        if self.runner.is_running():
            return
        self.message[0] = "Reading the finished documents…"
        self.runner.start(train_job(self.db_path, self.message),
                          "Training the model")

    def _show_step(self, _done: int, _total: int) -> None:
        if self.runner.dialog is not None and self.message[0]:
            self.runner.dialog.setLabelText(self.message[0])

    def _trained(self, report) -> None:
        self.source.reload()
        micro = report.scores["micro"]
        self._say(f"Model {report.model.name} trained: held-out F1 {micro['f']:.2f} "
                  f"(precision {micro['p']:.2f}, recall {micro['r']:.2f}).")
        self.window_.rich.suggestions.request()
        if self.sort.currentIndex() == 1:
            self.rank()
        self.sig_trained.emit(report)

    # -- most useful next -----------------------------------------------------------------

    def _sort_changed(self, index: int) -> None:
        panel, editor = self.window_.documents, self.window_.editor
        if index == 0:
            panel.order = None
            editor.choose_next = None
            panel.reload()
            return
        if self.source.suggester is None:
            self._say("No model yet: Annotate > Train model first." if spacy_available()
                      else INSTALL_HINT)
            self.sort.setCurrentIndex(0)
            return
        panel.order = self._ordered
        editor.choose_next = self._next
        self.rank()

    def rank(self) -> None:
        """Score the analyst's new documents on a worker; the list re-sorts when done."""
        suggester = self.source.suggester
        if suggester is None or self.ranker.is_running():
            return
        from annotator.learn.active import rank

        analyst = self.analyst()
        self._say("Finding the most useful documents…")
        self.ranker.start(with_store(self.db_path, lambda store, progress, token: rank(
            store, suggester, analyst, progress, token)), "Ranking documents")

    def _ranked(self, scores: dict[int, float]) -> None:
        self.scores = scores
        if self.sort.currentIndex() == 1:
            self.window_.documents.reload()
            self._say(f"Most useful next: {len(scores)} new document(s) ranked by the "
                      "model's uncertainty.")
        self.sig_ranked.emit()

    def _ordered(self, pks: list[int]) -> list[int]:
        from annotator.learn.active import most_useful_order

        return most_useful_order(pks, self.scores)

    def _next(self, current: int, undone: list[int]) -> int | None:
        """Ctrl+Return: the first not-done document in the most-useful order."""
        from annotator.learn.active import most_useful_order

        rest = [pk for pk in most_useful_order(undone, self.scores) if pk != current]
        return rest[0] if rest else None

    def on_change(self, change: Change) -> None:
        if change.kind == "schema":
            self.source.labels = [lab.name for lab in self.window_.store.schema().labels]
            self.source.reload()

    def shutdown(self) -> None:
        self.runner.cancel()
        self.ranker.cancel()
        self.runner.wait(10000)
        self.ranker.wait(10000)


def install(window) -> None:
    feature = ModelFeature(window)
    window.model_feature = feature
    _place_sort(window, feature.sort)
    window.rich.suggestions.extra_sources.append(feature.source)
    if feature.source.suggester is not None and window.editor.doc is not None:
        window.rich.suggestions.request()
    annotate = window.menu("&Annotate")
    annotate.addSeparator()
    window.add_action(annotate, "&Train model…", feature.train)
    go = window.menu("&Go")
    window.add_action(go, "Most &useful next (model)", lambda: feature.sort.setCurrentIndex(1))
    window.store.subscribe(feature.on_change)
    _guard_close(window, feature)


def _place_sort(window, combo: QComboBox) -> None:
    """A row of its own under the search and filters (that row is full already)."""
    from PySide6.QtWidgets import QHBoxLayout, QLabel

    row = QHBoxLayout()
    label = QLabel("&Order:", window.documents)
    label.setBuddy(combo)
    row.addWidget(label)
    row.addWidget(combo)
    row.addStretch(1)
    layout = window.documents.layout()
    if hasattr(layout, "insertLayout"):
        layout.insertLayout(1, row)
    else:
        layout.addItem(row)


def _guard_close(window, feature: ModelFeature) -> None:
    from PySide6.QtCore import QEvent

    class _Close(QObject):
        def eventFilter(self, obj, event) -> bool:
            if obj is window and event.type() == QEvent.Type.Close:
                feature.shutdown()
                if window.store is not None:
                    window.store.unsubscribe(feature.on_change)
            return False

    guard = _Close(window)
    window.installEventFilter(guard)
