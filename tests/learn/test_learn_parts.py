"""The parts of annotator.learn that need no training: exact-span scoring (hand counts),
which layers a model learns from, the split by document, label groups for overlapping
spans, and the one-line hint when spaCy is missing."""

from __future__ import annotations

import json
import subprocess
import sys

from learn_data import corpus, write_jsonl

from annotator.core.model import AnnotatedDocument, Document
from annotator.learn.examples import LabeledDoc, label_tiers, select, split_by_document
from annotator.learn.scoring import Scorer
from annotator.store import Store


def test_scores_are_exact_span_matches_by_hand():
    scorer = Scorer(["PER", "LOC"])
    # doc 1: gold PER 0-4, LOC 10-15; predicted PER 0-4 (hit), LOC 10-14 (wrong bounds)
    scorer.add([(0, 4, "PER"), (10, 15, "LOC")], [(0, 4, "PER"), (10, 14, "LOC")])
    # doc 2: gold PER 3-8; predicted LOC 3-8 (wrong label), PER 20-25 (spurious)
    scorer.add([(3, 8, "PER")], [(3, 8, "LOC"), (20, 25, "PER")])
    out = scorer.result()
    # PER: tp 1, predicted 2, gold 2 -> p .5 r .5; LOC: tp 0, predicted 2, gold 1
    assert out["labels"]["PER"] == {"p": 0.5, "r": 0.5, "f": 0.5, "support": 2}
    assert out["labels"]["LOC"] == {"p": 0.0, "r": 0.0, "f": 0.0, "support": 1}
    # micro: tp 1, predicted 4, gold 3 -> p .25, r .3333, f 2*.25*.3333/.5833
    assert out["micro"] == {"p": 0.25, "r": 0.3333, "f": round(2 * 0.25 / 3 / (0.25 + 1 / 3), 4)}


def _store_with_layers(tmp_path):
    db = tmp_path / "layers.sqlite"
    docs = corpus(6, seed=1, sentences=2)
    with Store(db) as store:
        recs = []
        for i, d in enumerate(docs):
            from annotator.core.model import Span

            spans = [Span(s, e, lab) for s, e, lab in d["spans"]]
            status = "done" if i < 4 else "in_progress"
            recs.append(AnnotatedDocument(Document(d["id"], d["text"]), "alice", status,
                                          spans, []))
            if i < 2:
                recs.append(AnnotatedDocument(Document(d["id"], d["text"]), "bob", "done",
                                              spans[:1], []))
        store.ingest(recs, "alice")
    return db


def test_default_layers_are_every_analysts_done_ones_and_gold_wins(tmp_path):
    db = _store_with_layers(tmp_path)
    with Store(db) as store:
        sel = select(store)
        assert sorted((e.doc_id, e.layer) for e in sel.examples) == [
            ("doc-000", "alice"), ("doc-000", "bob"), ("doc-001", "alice"), ("doc-001", "bob"),
            ("doc-002", "alice"), ("doc-003", "alice")]
        assert [e.layer for e in select(store, ["bob"]).examples] == ["bob", "bob"]
        assert select(store, gold=True).examples == []
        pk = store.document_by_id("doc-005").pk
        store.add_span(pk, "gold", 0, 3, "PER")
        store.set_status(pk, "gold", "done")
        assert [(e.doc_id, e.layer) for e in select(store).examples] == [("doc-005", "gold")]
        only = select(store, ["alice"], labels=["LOC"]).examples
        assert all(s[2] == "LOC" for e in only for s in e.spans)


def test_in_progress_layers_are_used_only_when_nothing_is_done(tmp_path):
    db = tmp_path / "conllish.sqlite"
    src = write_jsonl(tmp_path / "c.jsonl", corpus(3, seed=2), status="in_progress")
    from annotator.transfer.pipeline import import_paths

    with Store(db) as store:
        import_paths(store, [src], "jsonl", "alice")
        sel = select(store)
    assert len(sel.examples) == 3
    assert sel.notes and "in progress" in sel.notes[0]


def test_split_is_by_document_reproducible_and_order_free():
    docs = [LabeledDoc(f"d{i}", "x", layer) for i in range(20) for layer in ("a", "b")]
    train, held = split_by_document(docs, 0.25, 5)
    assert len({d.doc_id for d in held}) == 5
    assert not {d.doc_id for d in train} & {d.doc_id for d in held}
    for doc_id in {d.doc_id for d in held}:  # both layers of a held-out document
        assert sum(d.doc_id == doc_id for d in held) == 2
    again = split_by_document(list(reversed(docs)), 0.25, 5)[1]
    assert {d.doc_id for d in again} == {d.doc_id for d in held}
    assert {d.doc_id for d in split_by_document(docs, 0.25, 6)[1]} != {
        d.doc_id for d in held}


def test_overlapping_labels_go_to_separate_groups():
    text = "Sadr said: the Iraqi army will stay."
    ex = LabeledDoc("q", text, "a", [(0, 4, "ACTOR"), (11, 35, "QUOTE"), (15, 25, "ACTOR"),
                                     (26, 35, "EVENT")])
    assert label_tiers([ex], ["ACTOR", "EVENT", "QUOTE"]) == [["ACTOR", "EVENT"], ["QUOTE"]]
    flat = LabeledDoc("f", "A B C", "a", [(0, 1, "PER"), (2, 3, "LOC")])
    assert label_tiers([flat], ["PER", "LOC", "ORG"]) == [["PER", "LOC", "ORG"]]


def test_without_spacy_train_says_how_to_install_it(tmp_path):
    db = tmp_path / "x.sqlite"
    code = ("import sys; sys.modules['spacy'] = None\n"
            "from annotator.cli import main\n"
            f"sys.exit(main(['--db', {str(db)!r}, sys.argv[1]] + sys.argv[2:]))")
    for argv in (["train"], ["evaluate", "--model", str(tmp_path)], ["suggest", "--model"]):
        done = subprocess.run([sys.executable, "-c", code, *argv], check=False,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, argv
        assert done.stderr.strip().splitlines() == [
            'error: model training needs spaCy: pip install "annotator[model]"'], argv


def test_learn_imports_no_qt_and_store_and_formats_do_not_import_learn():
    code = ("import sys, annotator.learn.trainer, annotator.learn.active, "
            "annotator.learn.suggest_model, annotator.commands.train, "
            "annotator.commands.evaluate\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('PySide6'))))")
    done = subprocess.run([sys.executable, "-c", "import json\n" + code],
                          check=False, capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout) == []
    from pathlib import Path

    import annotator

    root = Path(annotator.__file__).parent
    for part in ("store", "formats", "core"):
        for path in (root / part).rglob("*.py"):
            assert "annotator.learn" not in path.read_text(encoding="utf-8"), path


def test_training_language_is_the_documents_most_common_meta_lang(tmp_path):
    from annotator.learn.examples import document_languages
    from annotator.learn.language import choose, documents_language

    assert documents_language(["ar", "ar-EG", "en", None]).lang == "ar"
    assert documents_language(["fr", "de"]).lang == "de"  # a tie: the first code
    none = documents_language([None, "zxx", "", "English language"])
    assert (none.lang, "no training document has a meta.lang" in none.reason) == ("en", True)
    assert choose(["ar"], given="fa").lang == "fa"  # --lang wins, whatever the documents
    assert choose([None]).lang == "en"
    # what `select` reads: each document's meta.lang, once however many layers it has
    docs = corpus(3, seed=4)
    lines = [{"id": d["id"], "text": d["text"], "meta": {"lang": lang}, "annotator": who,
              "status": "done", "spans": []}
             for d, lang in zip(docs, ("ar", "ar", "en"), strict=True) for who in ("a", "b")]
    src = tmp_path / "langs.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    from annotator.transfer.pipeline import import_paths

    with Store(tmp_path / "l.sqlite") as store:
        import_paths(store, [src], "jsonl", "alice")
        examples = select(store).examples
    assert len(examples) == 6
    assert sorted(document_languages(examples)) == ["ar", "ar", "en"]
