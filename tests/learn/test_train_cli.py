"""`annotator train` and `annotator evaluate` on made-up finished documents: the JSON's
shape, figures that agree with seqeval's, versions next to the database, the same figures
for the same seed, and evaluation only on documents the model never saw."""

from __future__ import annotations

import json

import pytest
import spacy
from seqeval.metrics import f1_score, precision_score, recall_score

from annotator.cli import main
from annotator.core.tokenize import document_words
from annotator.store import Store
from annotator.transfer.pipeline import import_paths


def run_json(capsys, *argv) -> dict:
    capsys.readouterr()
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def bio(text: str, spans) -> list[str]:
    """One IOB2 tag per word of our tokenizer (written here, not taken from the app)."""
    tags = []
    for tok in document_words(text):
        tag = "O"
        for start, end, label in spans:
            if start <= tok.start and tok.end <= end:
                tag = ("B-" if tok.start == start else "I-") + label
        tags.append(tag)
    return tags


def seqeval_figures(model_dir, db, doc_ids):
    """Micro P/R/F by seqeval from spaCy's own loading of the saved pipeline."""
    nlp = spacy.load(model_dir / "group0")
    gold_tags, pred_tags = [], []
    with Store(db) as store:
        for doc_id in doc_ids:
            doc = store.document_by_id(doc_id)
            gold = [(s.start, s.end, s.label) for s in store.spans(doc.pk, "alice")]
            from annotator.learn.pipeline import make_doc

            parsed = nlp(make_doc(nlp.vocab, doc.text))
            pred = [(e.start_char, e.end_char, e.label_) for e in parsed.ents]
            gold_tags.append(bio(doc.text, gold))
            pred_tags.append(bio(doc.text, pred))
    return (precision_score(gold_tags, pred_tags), recall_score(gold_tags, pred_tags),
            f1_score(gold_tags, pred_tags))


def test_train_prints_the_contract_json_and_figures_agree_with_seqeval(capsys, trained_once):
    trained_db, out = trained_once
    assert set(out) == {"labels", "micro", "train_docs", "eval_docs", "seconds", "model",
                        "lang"}
    assert out["lang"] == "en"  # no --lang: the documents' meta.lang
    assert set(out["labels"]) == {"PER", "LOC", "ORG"}
    for figures in out["labels"].values():
        assert set(figures) == {"p", "r", "f", "support"}
    assert set(out["micro"]) == {"p", "r", "f"}
    assert (out["train_docs"], out["eval_docs"]) == (30, 10)
    model = trained_db.parent / "news.models" / "v0001"
    assert out["model"] == str(model)
    assert (trained_db.parent / "news.models" / "LATEST").read_text().strip() == "v0001"
    meta = json.loads((model / "model.json").read_text())
    assert len(meta["train_docs_ids"]) == 30 and len(meta["eval_docs_ids"]) == 10
    assert not set(meta["train_docs_ids"]) & set(meta["eval_docs_ids"])
    p, r, f = seqeval_figures(model, trained_db, meta["eval_docs_ids"])
    assert (out["micro"]["p"], out["micro"]["r"], out["micro"]["f"]) == (
        round(p, 4), round(r, 4), round(f, 4))
    assert out["micro"]["f"] > 0.8  # names in fixed frames: learnt
    assert out["micro"]["r"] < 1.0 or out["micro"]["p"] < 1.0  # a tenth is unlabelled
    support = sum(v["support"] for v in out["labels"].values())
    with Store(trained_db) as store:
        gold = sum(len(store.spans(store.document_by_id(i).pk, "alice"))
                   for i in meta["eval_docs_ids"])
    assert support == gold

    # evaluate: the same held-out documents (the only ones it did not train on)
    again = run_json(capsys, "--db", str(trained_db), "evaluate", "--model", str(model),
                     "--from", "alice")
    assert again["micro"] == out["micro"] and again["labels"] == out["labels"]
    assert again["eval_docs"] == 10


@pytest.mark.slow  # two trainings
def test_same_seed_same_figures_and_a_new_version_each_time(capsys, trained_db):
    first = run_json(capsys, "--db", str(trained_db), "train", "--seed", "1")
    second = run_json(capsys, "--db", str(trained_db), "train", "--seed", "1")
    assert first["labels"] == second["labels"] and first["micro"] == second["micro"]
    assert first["model"].endswith("v0001") and second["model"].endswith("v0002")
    root = trained_db.parent / "news.models"
    assert (root / "LATEST").read_text().strip() == "v0002"
    # a bare models folder means its latest version
    out = run_json(capsys, "--db", str(trained_db), "evaluate", "--model", str(root))
    assert out["model"] == str(root / "v0002")


def test_suggest_model_prints_the_names_alice_missed_with_source_and_confidence(
        capsys, trained_once):
    trained_db, _out = trained_once
    capsys.readouterr()
    assert main(["--db", str(trained_db), "--annotator", "alice", "suggest", "--model",
                 "--json"]) == 0
    lines = [json.loads(ln) for ln in capsys.readouterr().out.splitlines()]
    model_lines = [ln for ln in lines if ln["source"].startswith("model:")]
    assert model_lines, "the model found none of the names alice left unlabelled"
    with Store(trained_db) as store:
        for ln in model_lines:
            assert ln["source"] == "model:v0001"
            assert 0.0 <= ln["confidence"] <= 1.0
            doc = store.document_by_id(ln["doc"])
            assert doc.text[ln["start"]:ln["end"]] == ln["text"]
            have = {(s.start, s.end, s.label) for s in store.spans(doc.pk, "alice")}
            assert (ln["start"], ln["end"], ln["label"]) not in have  # never what she has


@pytest.mark.slow  # two label groups: two trainings
def test_overlapping_labels_train_as_two_groups_and_both_are_predicted(capsys, tmp_path):
    from learn_data import corpus, write_jsonl

    from annotator.transfer.pipeline import import_paths

    docs = corpus(40, seed=5, sentences=5)
    for d in docs:  # each sentence that names a person is also a QUOTE holding that PER
        text = d["text"]
        starts = [0] + [i + 2 for i, ch in enumerate(text) if text[i:i + 2] == ". "]
        for s in starts:
            end = text.index(".", s) + 1
            if any(lab == "PER" and s <= a < end for a, _b, lab in d["spans"]):
                d["spans"].append((s, end, "QUOTE"))
    db = tmp_path / "quotes.sqlite"
    with Store(db) as store:
        import_paths(store, [write_jsonl(tmp_path / "q.jsonl", docs)], "jsonl", "alice")
    out = run_json(capsys, "--db", str(db), "train", "--seed", "3")
    meta = json.loads((tmp_path / "quotes.models" / "v0001" / "model.json").read_text())
    assert len(meta["groups"]) == 2 and ["QUOTE"] in meta["groups"]  # QUOTE holds PER
    assert sorted(lab for g in meta["groups"] for lab in g) == ["LOC", "ORG", "PER", "QUOTE"]
    assert out["labels"]["QUOTE"]["f"] > 0.5 and out["labels"]["PER"]["f"] > 0.5


ARABIC_FRAMES = ["وصل {} إلى بغداد يوم الاثنين وقال إن المحادثات ستستمر.",
                 "التقى {} وزير الخارجية في القاهرة لبحث الأزمة.",
                 "قال {} للصحفيين إن الوضع في المدينة هادئ الآن."]
ARABIC_NAMES = ["يحيى رسول", "فؤاد حسين", "محمد شياع", "هادي العامري"]


def test_train_without_lang_uses_the_documents_language(capsys, tmp_path):
    docs = []
    for i in range(8):  # Arabic articles, their language detected at import
        name = ARABIC_NAMES[i % 4]
        text = ARABIC_FRAMES[i % 3].format(name)
        start = text.index(name)
        docs.append({"id": f"ar-{i}", "text": text,
                     "spans": [(start, start + len(name), "PER")]})
    db = tmp_path / "ar.sqlite"
    from learn_data import write_jsonl

    src = write_jsonl(tmp_path / "ar.jsonl", docs)
    with Store(db) as store:
        import_paths(store, [src], "jsonl", "alice")
    capsys.readouterr()
    assert main(["--db", str(db), "train", "--eval-split", "0", "--max-minutes", "0.05",
                 "--json"]) == 0
    printed = capsys.readouterr()
    assert json.loads(printed.out)["lang"] == "ar"
    assert "note: language ar (meta.lang of 8 of the 8 training document(s)" in printed.err
    meta = json.loads((tmp_path / "ar.models" / "v0001" / "model.json").read_text())
    assert meta["lang"] == "ar"
    assert spacy.load(tmp_path / "ar.models" / "v0001" / "group0").lang == "ar"
    given = run_json(capsys, "--db", str(db), "train", "--eval-split", "0",
                     "--max-minutes", "0.05", "--lang", "xx")
    assert given["lang"] == "xx"
