"""The trained model in the window: Annotate > Train model (a progress dialog with Cancel,
off the UI thread), the model as one more suggestion source, and the document-list order
"Most useful next" (Go > Most useful next, or the list's Order box) that Ctrl+Return
follows when chosen.

A part (`annotator.ui.shell.parts`): it reaches the rest of the window only through the
context's hooks: `ctx.add_suggestion_source` (the suggestions part asks every source),
`ctx.documents.set_order`/`add_row` and `ctx.editor.set_next_chooser`. The training and
the scoring live in `annotator.learn`; this module only runs them on workers and shows the
results.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.core.jobs import CancelToken
from annotator.learn import INSTALL_HINT, spacy_available
from annotator.learn.models import latest_for_db, models_dir
from annotator.store.changes import Change, ChangeKind
from annotator.ui.shell.actions import Action
from annotator.ui.shell.context import WindowContext
from annotator.ui.shell.jobs import JobRunner, with_store

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
        from annotator.learn.examples import document_languages, select, split_by_document
        from annotator.learn.language import choose
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

        lang = choose(document_languages(examples)).lang  # the documents' meta.lang, else en
        report = train(train_docs, eval_docs,
                       TrainOptions(labels, lang, max_minutes=MAX_MINUTES), show, token)
        token.check()
        train_ids = sorted({d.doc_id for d in train_docs})
        eval_ids = sorted({d.doc_id for d in eval_docs})
        report.model.meta = {"lang": lang, "seed": 0, "eval_split": EVAL_SPLIT,
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

    def __init__(self, ctx: WindowContext):
        super().__init__(ctx.window)
        self.ctx = ctx
        self.db_path = Path(ctx.store.path)
        self.runner = JobRunner(ctx.window)
        self.runner.sig_finished.connect(self._trained)
        self.runner.sig_cancelled.connect(
            lambda: self._say("Training cancelled; the previous model is still used."))
        self.runner.sig_progress.connect(self._show_step)
        self.ranker = JobRunner(ctx.window, show_dialog=False)
        self.ranker.sig_finished.connect(self._ranked)
        self.message = [""]
        labels = [lab.name for lab in ctx.store.schema().labels]
        self.source = ModelSource(self.db_path, labels, self)
        # A bound slot of this (UI-thread) object: the worker's signal arrives queued.
        self.source.sig_failed.connect(self._say)
        self.scores: dict[int, float] = {}
        self.hint_box: QMessageBox | None = None
        self.sort = QComboBox(ctx.documents, objectName="documentSort")
        self.sort.addItems(SORTS)
        self.sort.setToolTip("Most useful next: the new documents the model is least sure "
                             "of first (train a model first)")
        self.sort.currentIndexChanged.connect(self._sort_changed)
        ctx.sig_analyst_changed.connect(self._analyst_changed)

    def _say(self, text: str) -> None:
        self.ctx.message(text, 8000)

    # -- training -------------------------------------------------------------------------

    def train(self) -> None:
        if not spacy_available():
            box = QMessageBox(QMessageBox.Icon.Information, "Train model", INSTALL_HINT,
                              QMessageBox.StandardButton.Ok, self.ctx.window)
            box.setObjectName("modelInstallHint")
            box.open()  # not exec(): the window stays responsive
            self.hint_box = box
            return
        if self.runner.is_running():
            return
        self.message[0] = "Reading the finished documents…"
        self.runner.start(train_job(self.db_path, self.message), "Training the model")

    def _show_step(self, _done: int, _total: int) -> None:
        if self.runner.dialog is not None and self.message[0]:
            self.runner.dialog.setLabelText(self.message[0])

    def _trained(self, report) -> None:
        self.source.reload()
        micro = report.scores["micro"]
        self._say(f"Model {report.model.name} trained: held-out F1 {micro['f']:.2f} "
                  f"(precision {micro['p']:.2f}, recall {micro['r']:.2f}).")
        self.ctx.sig_sources_changed.emit()  # the open document asks the new model
        if self.sort.currentIndex() == 1:
            self.rank()
        self.sig_trained.emit(report)

    # -- most useful next -----------------------------------------------------------------

    def set_most_useful(self, on: bool) -> None:
        """Go > Most useful next: the same as choosing it in the list's Order box."""
        self.sort.setCurrentIndex(1 if on else 0)
        self._show_checked()

    def _show_checked(self) -> None:
        self.ctx.actions["go.most_useful"].setChecked(self.sort.currentIndex() == 1)

    def _sort_changed(self, index: int) -> None:
        documents, editor = self.ctx.documents, self.ctx.editor
        if index == 0:
            editor.set_next_chooser(None)
            documents.set_order(None)
        elif self.source.suggester is None:
            self._say("No model yet: Annotate > Train model first." if spacy_available()
                      else INSTALL_HINT)
            self.sort.setCurrentIndex(0)
        else:
            editor.set_next_chooser(self._next)
            documents.set_order(self._ordered)
            self.rank()
        self._show_checked()

    def rank(self) -> None:
        """Score the analyst's new documents on a worker; the list re-sorts when done."""
        suggester = self.source.suggester
        if suggester is None or self.ranker.is_running():
            return
        from annotator.learn.active import rank

        analyst = self.ctx.analyst
        self._say("Finding the most useful documents…")
        self.ranker.start(with_store(self.db_path, lambda store, progress, token: rank(
            store, suggester, analyst, progress, token)), "Ranking documents")

    def _ranked(self, scores: dict[int, float]) -> None:
        self.scores = scores
        if self.sort.currentIndex() == 1:
            self.ctx.documents.reload()
            self._say(f"Most useful next: {len(scores)} new document(s) ranked by the "
                      "model's uncertainty.")
        self.sig_ranked.emit()

    def _analyst_changed(self, _name: str) -> None:
        if self.sort.currentIndex() == 1:  # what is new depends on whose layer it is
            self.rank()

    def _ordered(self, pks: list[int]) -> list[int]:
        from annotator.learn.active import most_useful_order

        return most_useful_order(pks, self.scores)

    def _next(self, current: int, undone: list[int]) -> int | None:
        """Ctrl+Return: the first not-done document in the most-useful order."""
        from annotator.learn.active import most_useful_order

        rest = [pk for pk in most_useful_order(undone, self.scores) if pk != current]
        return rest[0] if rest else None

    def on_change(self, change: Change) -> None:
        if change.kind == ChangeKind.SCHEMA:
            self.source.labels = [lab.name for lab in self.ctx.store.schema().labels]
            self.source.reload()

    def shutdown(self) -> None:
        self.runner.cancel()
        self.ranker.cancel()
        self.runner.wait(10000)
        self.ranker.wait(10000)


class _CloseGuard(QObject):
    """Window close: stop training and ranking before the window closes the store."""

    def __init__(self, ctx: WindowContext, feature: ModelFeature):
        super().__init__(ctx.window)
        self.ctx, self.feature = ctx, feature

    def eventFilter(self, obj, event) -> bool:
        if obj is self.ctx.window and event.type() == QEvent.Type.Close:
            self.feature.shutdown()
            if self.ctx.store is not None:
                self.ctx.store.unsubscribe(self.feature.on_change)
        return False


def install(ctx: WindowContext) -> ModelFeature:
    feature = ModelFeature(ctx)
    label = QLabel("&Order:", ctx.documents)
    label.setBuddy(feature.sort)
    ctx.documents.add_row(label, feature.sort)
    ctx.add_suggestion_source(feature.source)
    ctx.actions.add(
        Action("annotate.train_model", "&Train model…", feature.train, "&Annotate", "model",
               tip="Learn the labels from the finished documents (spaCy)"),
        Action("go.most_useful", "Most &useful next (model)", feature.set_most_useful,
               "&Go", "documents", checkable=True, order=10,
               tip="List the new documents the model is least sure of first; "
                   "Ctrl+Return follows this order"),
    )
    ctx.store.subscribe(feature.on_change)
    ctx.window.installEventFilter(_CloseGuard(ctx, feature))
    return feature
