"""Every imported document gets `meta.lang` (issue 16), and no file that had none comes back
with one: a language detected for a record that carries its own metadata (JSONL, Prodigy,
doccano, Label Studio, spaCy) is marked `_detected` and every exporter leaves it out.
Formats with no metadata of their own (CSV, CoNLL, Hugging Face, brat) and articles (text,
pages) keep it as the document's own, and the JSONL export carries it."""

from __future__ import annotations

import json

import pytest
from roundtrip_helpers import cli, json_lines, round_trip, same_tree

from annotator.core.model import Document
from annotator.formats import language
from annotator.store import Store

AR = ("قالت وزارة الخارجية العراقية يوم الاثنين إنها استدعت القائم بالأعمال الأمريكي "
      "احتجاجا على الغارة 😠 قرب جرف الصخر، ووصفتها بأنها انتهاك للسيادة.")
EN = ("Iraq's foreign ministry summoned the U.S. envoy on Monday after the strike near "
      "Jurf al-Sakhar, calling it a violation of the country's sovereignty.")
DE = "Das Ministerium bestellte den Gesandten ein."  # short: the file's `language` decides


def _compact(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _stored_meta(db) -> list[dict]:
    with Store(db) as store:
        return [store.document(pk).meta for pk in
                (r[0] for r in store.conn.execute("SELECT pk FROM documents ORDER BY pk"))]


def _jsonl_export_meta(capsys, db, tmp_path) -> list[dict]:
    out = tmp_path / "native.jsonl"
    code, err = cli(capsys, "--db", db, "export", "--format", "jsonl", "-o", out)
    assert code == 0, err
    return [line["meta"] for line in json_lines(out)]


# -- formats whose records carry their own metadata: detected, marked, never exported ----


def test_native_jsonl_without_lang_gets_it_and_comes_back_byte_identical(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    lines = [{"id": "ar-1", "text": AR,
              "meta": {"title": "Summoned", "source": None, "published": None, "desk": "w"},
              "annotator": None, "status": "new", "spans": [], "relations": []},
             {"id": "en-1", "text": EN,
              "meta": {"title": None, "source": None, "published": None},
              "annotator": "alice", "status": "done",
              "spans": [{"id": "s1", "start": 0, "end": 4, "label": "ACTOR", "text": "Iraq",
                         "attrs": {}, "entity": None}], "relations": []}]
    src.write_bytes("".join(_compact(x) + "\n" for x in lines).encode("utf-8"))
    out1, out2, _err = round_trip(capsys, tmp_path, "jsonl", src, "out.jsonl")
    assert out1.read_bytes() == src.read_bytes()  # no lang, no marker: the file as it was
    assert out2.read_bytes() == out1.read_bytes()
    metas = _stored_meta(tmp_path / "one.sqlite")
    assert [(m["lang"], m["_detected"]) for m in metas] == [("ar", ["lang"]), ("en", ["lang"])]
    assert metas[0]["desk"] == "w"


def test_a_language_the_record_gives_is_data_and_exported(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    lines = [{"id": "given", "text": EN, "meta": {"lang": "fr"}},  # wrong, but the file's
             {"id": "null", "text": EN, "meta": {"lang": None}},
             {"id": "declared", "text": DE, "meta": {"language": "de-AT"}}]
    src.write_text("".join(_compact(x) + "\n" for x in lines), "utf-8")
    code, err = cli(capsys, "--db", tmp_path / "db.sqlite", "import", src)
    assert code == 0, err
    given, null, declared = _stored_meta(tmp_path / "db.sqlite")
    assert given == {"lang": "fr"} and null == {"lang": None}
    assert declared == {"language": "de-AT", "lang": "de", "_detected": ["lang"]}
    exported = _jsonl_export_meta(capsys, tmp_path / "db.sqlite", tmp_path)
    assert exported[0]["lang"] == "fr" and exported[1]["lang"] is None
    assert "lang" not in exported[2] and "_detected" not in exported[2]
    assert exported[2]["language"] == "de-AT"


def test_prodigy_tasks_get_lang_and_the_export_gives_the_file_back(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    tasks = [{"text": AR, "meta": {"id": "p-ar", "batch": 2}, "_annotator_id": "alice",
              "answer": "accept", "spans": []},
             {"text": EN, "_annotator_id": "alice", "answer": "accept",
              "spans": [{"start": 0, "end": 4, "label": "ACTOR"}]}]
    src.write_text("".join(_compact(t) + "\n" for t in tasks), "utf-8")
    out1, out2, _err = round_trip(capsys, tmp_path, "prodigy", src, "out.jsonl")
    assert out2.read_bytes() == out1.read_bytes()
    for task in json_lines(out1):
        assert "lang" not in task.get("meta", {}) and "_detected" not in task.get("meta", {})
    assert json_lines(out1)[0]["meta"] == {"id": "p-ar", "batch": 2}
    assert [(m["lang"], m["_detected"]) for m in _stored_meta(tmp_path / "one.sqlite")] == [
        ("ar", ["lang"]), ("en", ["lang"])]


def test_doccano_lines_get_lang_and_come_back_as_they_were(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    lines = [{"id": 1, "text": AR, "label": [[0, 4, "ACTOR"]]},
             {"id": 2, "text": EN, "label": [], "source_url": "http://example.org/a"}]
    src.write_text("".join(_compact(x) + "\n" for x in lines), "utf-8")
    out1, out2, _err = round_trip(capsys, tmp_path, "doccano", src, "out.jsonl")
    assert json_lines(out1) == lines
    assert out2.read_bytes() == out1.read_bytes()
    assert [m["lang"] for m in _stored_meta(tmp_path / "one.sqlite")] == ["ar", "en"]


def test_labelstudio_tasks_get_lang_and_come_back_as_they_were(tmp_path, capsys):
    src = tmp_path / "in.json"
    tasks = [{"id": 1, "data": {"text": AR}, "annotations": []},
             {"id": 2, "data": {"text": EN, "url": "http://x"}, "meta": {"batch": 1},
              "annotations": []}]
    src.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    out1, out2, _err = round_trip(capsys, tmp_path, "labelstudio", src, "out.json")
    assert json.loads(out1.read_text("utf-8")) == tasks
    assert out2.read_bytes() == out1.read_bytes()
    metas = _stored_meta(tmp_path / "one.sqlite")
    assert [(m["lang"], m["_detected"]) for m in metas] == [("ar", ["lang"]), ("en", ["lang"])]


def test_spacy_docbin_gets_lang_and_its_export_carries_none(tmp_path, capsys):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
    src = tmp_path / "in.spacy"
    bin_ = DocBin(store_user_data=True)
    for text in (AR, EN.replace("Iraq's", "The")):  # spaCy's "'s" token is not ours
        bin_.add(nlp(text))
    src.write_bytes(bin_.to_bytes())
    out1, out2, _err = round_trip(capsys, tmp_path, "spacy", src, "out.spacy")
    for out in (out1, out2):
        docs = list(DocBin(store_user_data=True).from_disk(out).get_docs(nlp.vocab))
        assert [d.user_data["meta"] for d in docs] == [{"id": d.user_data["meta"]["id"]}
                                                       for d in docs]
    assert [m["lang"] for m in _stored_meta(tmp_path / "one.sqlite")] == ["ar", "en"]
    assert [m["lang"] for m in _stored_meta(tmp_path / "two.sqlite")] == ["ar", "en"]
    # Our own DocBin is a fixed point. (A foreign one's first export keeps spaCy's tokens
    # and the next import cuts ours: that was so before `lang`, and is not about it.)
    (tmp_path / "again").mkdir()
    again1, again2, _err = round_trip(capsys, tmp_path / "again", "spacy", out2, "out.spacy")
    assert again1.read_bytes() == again2.read_bytes() == out2.read_bytes()


# -- formats with no metadata of their own: the document's language, exported in JSONL ----


def test_csv_rows_get_lang_as_their_own(tmp_path, capsys):
    src = tmp_path / "wire.csv"
    src.write_text(f'title,text,lang\nA,"{AR}",\nB,"{EN}",\nC,"{EN} Again.",es\n', "utf-8")
    db = tmp_path / "db.sqlite"
    code, err = cli(capsys, "--db", db, "import", src)
    assert code == 0, err
    assert _stored_meta(db) == [{"lang": "ar"}, {"lang": "en"}, {"lang": "es"}]
    assert [m["lang"] for m in _jsonl_export_meta(capsys, db, tmp_path)] == ["ar", "en", "es"]


def test_conll_hf_and_brat_get_lang_and_still_come_back_byte_identical(tmp_path, capsys):
    conll = tmp_path / "in.conll"
    conll.write_text("-DOCSTART- -X- O O\n\nIraq B-LOC\nsummoned O\nthe O\nenvoy O\n"
                     "after O\nthe O\nstrike O\nnear O\nJurf B-LOC\nal-Sakhar I-LOC\n. O\n",
                     "utf-8")
    (tmp_path / "c").mkdir()
    out1, out2, _err = round_trip(capsys, tmp_path / "c", "conll", conll, "out.conll")
    assert out1.read_bytes() == out2.read_bytes() == conll.read_bytes()
    assert _stored_meta(tmp_path / "c" / "one.sqlite")[0]["lang"] == "en"
    assert "_detected" not in _stored_meta(tmp_path / "c" / "one.sqlite")[0]

    hf = tmp_path / "in.jsonl"
    hf.write_text(_compact({"tokens": AR.split(), "ner_tags": ["B-LOC"] + ["O"] * (
        len(AR.split()) - 1)}) + "\n", "utf-8")
    (tmp_path / "h").mkdir()
    out1, out2, _err = round_trip(capsys, tmp_path / "h", "hf", hf, "out.jsonl")
    assert out1.read_bytes() == out2.read_bytes()
    assert "lang" not in out1.read_text("utf-8")
    assert "_detected" not in _stored_meta(tmp_path / "h" / "one.sqlite")[0]
    assert _stored_meta(tmp_path / "h" / "one.sqlite")[0]["lang"] == "ar"

    brat = tmp_path / "brat-in"
    brat.mkdir()
    (brat / "a.txt").write_text(EN + "\n", "utf-8")
    (brat / "a.ann").write_text("T1\tACTOR 0 4\tIraq\n", "utf-8")
    (tmp_path / "b").mkdir()
    out1, out2, _err = round_trip(capsys, tmp_path / "b", "brat", brat, "out")
    assert same_tree(out1, out2)
    for name in ("a.txt", "a.ann"):
        assert (out1 / name).read_bytes() == (brat / name).read_bytes()
    stored = _stored_meta(tmp_path / "b" / "one.sqlite")[0]
    assert (stored["file"], stored["lang"], "_detected" in stored) == ("a.txt", "en", False)
    db = tmp_path / "b" / "one.sqlite"
    assert _jsonl_export_meta(capsys, db, tmp_path)[0]["lang"] == "en"


def test_articles_keep_exporting_lang_in_jsonl_and_a_native_copy_is_a_fixed_point(
        tmp_path, capsys, crlf_sample):
    page = tmp_path / "page.html"
    page.write_text(f'<html lang="ar"><body><article><p>{AR}</p><p>{AR}</p></article>'
                    "</body></html>", "utf-8")
    feedless = tmp_path / "in.jsonl"
    feedless.write_text(_compact({"id": "j", "text": EN}) + "\n", "utf-8")
    db = tmp_path / "db.sqlite"
    for src in (crlf_sample, page, feedless):
        code, err = cli(capsys, "--db", db, "import", src)
        assert code == 0, err
    first = tmp_path / "first.jsonl"
    assert cli(capsys, "--db", db, "export", "--format", "jsonl", "-o", first)[0] == 0
    metas = [line["meta"] for line in json_lines(first)]
    assert [m.get("lang") for m in metas] == ["en", "ar", None]  # the JSONL record gave none
    assert not any("_detected" in m for m in metas)
    # the native export into an empty database and out again: the same lines
    again = tmp_path / "again.jsonl"
    assert cli(capsys, "--db", tmp_path / "two.sqlite", "import", first)[0] == 0
    assert cli(capsys, "--db", tmp_path / "two.sqlite", "export", "--format", "jsonl",
               "-o", again)[0] == 0
    assert again.read_bytes() == first.read_bytes()
    assert _stored_meta(tmp_path / "two.sqlite")[2]["lang"] == "en"  # detected again


# -- the rule itself ------------------------------------------------------------------------


def test_fill_keeps_what_is_given_and_marks_only_when_asked():
    doc = Document("a", EN, meta={})
    language.fill(doc, mark=False)
    assert doc.meta == {"lang": "en"}
    doc = Document("b", AR, meta={"x": 1})
    language.fill(doc, mark=True)
    assert doc.meta == {"x": 1, "lang": "ar", "_detected": ["lang"]}
    doc = Document("c", "12 345 678 ...", meta={})
    language.fill(doc, mark=True)
    assert doc.meta == {}  # no letters: no language to tell, nothing marked
    doc = Document("d", EN, meta={"lang": "en-GB"})
    language.fill(doc, mark=True)
    assert doc.meta == {"lang": "en-GB"}
    assert language.is_rtl("ar") and language.is_rtl("ar-EG") and language.is_rtl("fa_IR")
    assert not language.is_rtl("en") and not language.is_rtl(None) and not language.is_rtl(3)


def test_merge_a_given_language_beats_a_detected_one_in_either_order(tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text(EN + "\n", "utf-8")
    texts, records = tmp_path / "texts.sqlite", tmp_path / "records.sqlite"
    assert cli(capsys, "--db", texts, "import", article)[0] == 0  # lang: the article's own
    with Store(texts) as store:
        stored_text = store.document(1).text
    native = tmp_path / "in.jsonl"
    native.write_text(_compact({"text": stored_text}) + "\n", "utf-8")  # the same article
    assert cli(capsys, "--db", records, "import", native)[0] == 0  # lang: detected, marked
    assert _stored_meta(records)[0] == {"lang": "en", "_detected": ["lang"]}
    assert cli(capsys, "--db", texts, "merge", records)[0] == 0
    assert cli(capsys, "--db", records, "merge", texts)[0] == 0
    for db in (texts, records):
        assert _stored_meta(db) == [{"file": "article.txt", "lang": "en"}]
        assert _jsonl_export_meta(capsys, db, tmp_path)[0]["lang"] == "en"


def test_join_detected_is_order_free():
    from annotator.core.format_extras import join_detected

    given, detected = {"lang": "fr"}, {"lang": "en", "_detected": ["lang"]}
    assert join_detected(given, detected, {"lang": "en"}) == {"lang": "fr"}
    assert join_detected(detected, given, {"lang": "en"}) == {"lang": "fr"}
    both = join_detected(detected, {"lang": "ar", "_detected": ["lang"]},
                         {"lang": "ar", "_detected": ["lang"]})
    assert both == {"lang": "ar", "_detected": ["lang"]}
    assert join_detected(detected, {"x": 1}, {"lang": "en", "_detected": ["lang"], "x": 1}) \
        == {"lang": "en", "x": 1, "_detected": ["lang"]}
    plain = {"b": 2, "a": 1}
    assert join_detected({"a": 1}, {"b": 2}, plain) is plain  # no marker: untouched
