"""The real consumers read our exports: spaCy loads the DocBin and accepts every Prodigy
span with `Doc.char_span`, seqeval reads the CoNLL tags as strict IOB2, and `datasets`
loads the Hugging Face export."""

from __future__ import annotations

import itertools
import json

import pytest

from annotator.core.tokenize import tokenize, words
from annotator.store.layers import LayerFilter, iter_layers
from annotator.transfer.pipeline import ExportRequest, export


def test_spacy_reads_the_docbin(tmp_path, annotated_store):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    target = tmp_path / "out.spacy"
    export(annotated_store, ExportRequest("spacy", str(target), LayerFilter()))
    nlp = spacy.blank("xx")
    docs = list(DocBin().from_disk(target).get_docs(nlp.vocab))
    records = [r for r in iter_layers(annotated_store, LayerFilter()) if r.annotator]
    assert [d.text for d in docs] == [r.document.text for r in records]
    for doc, rec in zip(docs, records):
        text = rec.document.text
        got = sorted((s.text, s.label_) for s in doc.spans["sc"])
        assert got == sorted((text[s.start:s.end], s.label) for s in rec.spans)
        ents = sorted((e.start_char, e.end_char) for e in doc.ents)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ents))  # no overlap
    assert "Jurf al-Sakhar" not in [e.text for e in docs[0].ents]  # inside the EVENT


def test_prodigy_spans_are_char_spans_of_a_doc_built_from_its_tokens(tmp_path,
                                                                       annotated_store):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    target = tmp_path / "out.jsonl"
    # a span that ends inside a word must come out snapped onto the token
    pk = annotated_store.document_by_id("doc-2").pk
    annotated_store.add_span(pk, "bob", 0, 4, "ACTOR")  # "Kata" of "Kataib"
    report = export(annotated_store, ExportRequest("prodigy", str(target), LayerFilter()))
    assert report.snapped == 1
    vocab = spacy.blank("xx").vocab
    tasks = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    checked = 0
    for task in tasks:
        doc = Doc(vocab, words=[t["text"] for t in task["tokens"]],
                  spaces=[t["ws"] for t in task["tokens"]])
        assert doc.text == task["text"]
        for span in task["spans"]:
            made = doc.char_span(span["start"], span["end"], span["label"])
            assert made is not None
            assert (made.start, made.end - 1) == (span["token_start"], span["token_end"])
            checked += 1
        for rel in task["relations"]:
            assert rel["head"] == rel["head_span"]["token_end"]
            assert rel["child"] == rel["child_span"]["token_end"]
        assert task["answer"] == "accept" and task["_annotator_id"] in ("alice", "bob")
    assert checked == 9


def test_seqeval_reads_conll_as_strict_iob2(tmp_path, annotated_store):
    pytest.importorskip("seqeval")
    from seqeval.metrics import classification_report
    from seqeval.metrics.sequence_labeling import get_entities
    from seqeval.scheme import IOB2

    target = tmp_path / "out.conll"
    export(annotated_store, ExportRequest("conll", str(target), LayerFilter()))
    docs, sentence = [], []
    for line in target.read_text("utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            docs.append([])
            continue
        if not line.strip():
            if sentence:
                docs[-1].append(sentence)
            sentence = []
            continue
        token, tag = line.split(" ")
        sentence.append((token, tag))
    sentences = [s for d in docs for s in d]
    tags = [[tag for _t, tag in s] for s in sentences]
    classification_report(tags, tags, mode="strict", scheme=IOB2)  # raises on invalid IOB2
    records = [r for r in iter_layers(annotated_store, LayerFilter()) if r.annotator]
    for doc_sentences, rec in zip(docs, records):
        text = rec.document.text
        flat = [tok for s in doc_sentences for tok in s]
        toks = words(tokenize(text))
        assert [t for t, _tag in flat] == [text[t.start:t.end] for t in toks]
        found = {(" ".join(t for t, _ in flat[s:e + 1]), label)
                 for label, s, e in get_entities([tag for _t, tag in flat])}
        expected = {(" ".join(text[t.start:t.end] for t in toks
                              if t.start >= s.start and t.end <= s.end), s.label)
                    for s in rec.spans}
        assert found and found <= expected
    assert len(docs) == 2


def test_datasets_loads_the_hf_export(tmp_path, annotated_store):
    datasets = pytest.importorskip("datasets", reason="the datasets package cannot be "
                                   "imported here, so the Hugging Face loader is not run")
    target = tmp_path / "out.jsonl"
    export(annotated_store, ExportRequest("hf", str(target), LayerFilter()))
    names = json.loads((tmp_path / "out.labels.json").read_text("utf-8"))["label_names"]
    assert names[:3] == ["O", "B-ACTOR", "I-ACTOR"]
    ds = datasets.load_dataset("json", data_files=str(target), split="train",
                               cache_dir=str(tmp_path / "cache"))
    assert ds.num_rows == 2
    row = ds[0]
    assert len(row["tokens"]) == len(row["ner_tags"])
    tags = [names[i] for i in row["ner_tags"]]
    assert tags[row["tokens"].index("Putin")] == "B-ACTOR"
    assert "🇮🇶" in row["tokens"] and "يحيى" in row["tokens"]
