"""Native JSONL: CRLF input remapped onto the stored text, and the round trip
(export, import into an empty database, export again: the same bytes)."""

from __future__ import annotations

import io

import orjson

from annotator.formats import jsonl
from annotator.formats.base import ExportContext
from annotator.store import Store
from annotator.store.layers import LayerFilter, iter_layers
from annotator.transfer.pipeline import ExportRequest, export, import_paths

CRLF_TEXT = ("Baghdad \u2014 A spokesman, \u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644, "
             "spoke.\r\n\r\n\u201cWe will respond,\u201d said Kataib Hezbollah \U0001F1EE\U0001F1F6."
             "\r\nDone \U0001F620\r\n")


def _span(text: str, needle: str, label: str, **extra) -> dict:
    start = text.index(needle)
    return {"start": start, "end": start + len(needle), "label": label, "text": needle, **extra}


def _export_bytes(store: Store, flt: LayerFilter | None = None) -> bytes:
    buf = io.BytesIO()
    jsonl.write(iter_layers(store, flt), buf, ExportContext(store.schema()))
    return buf.getvalue()


def test_crlf_annotated_jsonl_spans_still_cover_the_same_characters(store, tmp_path):
    needles = [("\u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644", "ACTOR"),
               ("\u201cWe will respond,\u201d", "QUOTE"),
               ("Kataib Hezbollah \U0001F1EE\U0001F1F6", "ACTOR"),
               ("spoke.\r\n\r\n\u201cWe", "EVENT"),  # crosses two CRLFs
               ("Done \U0001F620", "EVENT")]
    spans = [_span(CRLF_TEXT, n, lab) for n, lab in needles]
    p = tmp_path / "crlf.jsonl"
    p.write_bytes(orjson.dumps({"id": "crlf-1", "text": CRLF_TEXT, "annotator": "alice",
                                "spans": spans}) + b"\r\n")
    import_paths(store, [p])
    doc = store.document_by_id("crlf-1")
    assert doc.text == CRLF_TEXT.replace("\r\n", "\n")
    stored = {(s.label, doc.text[s.start:s.end]) for s in store.spans(doc.pk, "alice")}
    assert stored == {(lab, n.replace("\r\n", "\n")) for n, lab in needles}


def _build_rich_database(store: Store, tmp_path, crlf_sample) -> None:
    """Several analysts, attrs, entities, relations, statuses, tombstones, untouched docs."""
    plain = tmp_path / "untouched.txt"
    plain.write_text("Nobody touched this one.\nIt has <b>markup-like</b> text.\n",
                     encoding="utf-8")
    import_paths(store, [crlf_sample, plain], annotator="alice")
    p = tmp_path / "annotated.jsonl"
    p.write_bytes(orjson.dumps({
        "id": "doc-crlf", "text": CRLF_TEXT,
        "meta": {"title": "Spokesman speaks", "source": "wire", "published": "2024-02-12",
                 "desk": "iraq", "tags": ["a", "b"]},
        "annotator": "bob", "status": "done",
        "spans": [_span(CRLF_TEXT, "Kataib Hezbollah \U0001F1EE\U0001F1F6", "ACTOR",
                        id="s-kh", attrs={"kind": "armed_group"}, entity="ent-kh"),
                  _span(CRLF_TEXT, "\u201cWe will respond,\u201d", "QUOTE", id="s-q",
                        attrs={"mode": "direct"})],
        "relations": [{"id": "r-1", "head": "s-q", "child": "s-kh", "label": "SPEAKER"}],
    }) + b"\n")
    import_paths(store, [p], annotator="alice")
    doc = store.document_by_id("doc-crlf")
    a1 = store.add_span(doc.pk, "alice", 0, 7, "ACTOR", {"kind": "state"})
    name = doc.text.index("\u064a\u062d")
    a2 = store.add_span(doc.pk, "alice", name, name + 9, "ACTOR", {"kind": "person"}, "ent-yr")
    q = store.add_span(doc.pk, "alice", doc.text.index("\u201c"), doc.text.index(",\u201d") + 2,
                       "QUOTE", {"mode": "direct"})
    store.add_relation(q.id, a2.id, "SPEAKER")
    gone = store.add_span(doc.pk, "alice", 8, 9, "EVENT")
    store.delete_span(gone.id)  # a tombstone: never exported
    store.set_status(doc.pk, "gold", "done")
    store.add_span(doc.pk, "gold", a1.start, a1.end, "ACTOR", {"kind": "state"})
    sample = store.document(store.document_pks()[0])
    store.add_span(sample.pk, "carol", 0, 8, "ACTOR")
    store.set_status(sample.pk, "dave", "in_progress")  # a layer with no spans at all
    store.set_status(sample.pk, "erin", "new")  # a layer set back to new


def test_round_trip_is_byte_identical(store, tmp_path, crlf_sample):
    _build_rich_database(store, tmp_path, crlf_sample)
    first = _export_bytes(store)
    lines = [orjson.loads(x) for x in first.splitlines()]
    annotators = [rec["annotator"] for rec in lines]
    assert sorted(a for a in annotators if a) == ["alice", "bob", "carol", "dave", "erin", "gold"]
    assert annotators.count(None) == 1  # the untouched document, once
    assert any(rec["relations"] for rec in lines)
    assert any(s["entity"] == "ent-kh" for rec in lines for s in rec["spans"])
    for rec in lines:
        assert [(s["start"], s["end"], s["label"]) for s in rec["spans"]] == sorted(
            (s["start"], s["end"], s["label"]) for s in rec["spans"])
        for s in rec["spans"]:
            assert rec["text"][s["start"]:s["end"]] == s["text"]

    exported = tmp_path / "export.jsonl"
    exported.write_bytes(first)
    with Store(tmp_path / "empty.sqlite") as fresh:
        summary = import_paths(fresh, [exported], annotator="zed")
        assert summary.documents_added == 3
        second = _export_bytes(fresh)
    assert second == first


def test_round_trip_through_the_pipeline_export_to_file(store, tmp_path, crlf_sample):
    _build_rich_database(store, tmp_path, crlf_sample)
    out = tmp_path / "out.jsonl"
    report = export(store, ExportRequest("jsonl", str(out), LayerFilter()))
    assert report.documents == len(out.read_bytes().splitlines())
    with Store(tmp_path / "b.sqlite") as b:
        import_paths(b, [out])
        out2 = tmp_path / "out2.jsonl"
        export(b, ExportRequest("jsonl", str(out2), LayerFilter()))
    assert out2.read_bytes() == out.read_bytes()


def test_reimporting_an_export_into_the_same_database_changes_nothing(store, tmp_path,
                                                                       crlf_sample):
    _build_rich_database(store, tmp_path, crlf_sample)
    before = _export_bytes(store)
    exported = tmp_path / "export.jsonl"
    exported.write_bytes(before)
    summary = import_paths(store, [exported])
    assert summary.documents_added == 0 and summary.spans_added == 0
    assert summary.relations_added == 0
    assert _export_bytes(store) == before


def test_a_layer_copied_under_another_name_keeps_every_span(store, tmp_path):
    """Span ids are global: lines copied from alice's export and renamed `gold` (or a doc
    whose span ids another document uses) bring their spans under fresh ids, never drop
    them as "already present"."""
    text = CRLF_TEXT.replace("\r\n", "\n")
    spans = [_span(text, "Kataib Hezbollah \U0001F1EE\U0001F1F6", "ACTOR", id="s-actor"),
             _span(text, "\u201cWe will respond,\u201d", "QUOTE", id="s-quote")]
    rec = {"id": "d1", "text": text, "annotator": "alice", "status": "done", "spans": spans,
           "relations": [{"id": "r1", "head": "s-quote", "child": "s-actor",
                          "label": "SPEAKER"}]}
    alice = tmp_path / "alice.jsonl"
    alice.write_bytes(orjson.dumps(rec) + b"\n")
    import_paths(store, [alice], "jsonl", "alice")
    before = _export_bytes(store, LayerFilter(annotators=("alice",)))
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(orjson.dumps({**rec, "annotator": "gold"}) + b"\n")
    summary = import_paths(store, [gold], "jsonl", "alice")
    assert summary.spans_added == 2 and summary.relations_added == 1

    layers = {r.annotator: r for r in iter_layers(store, LayerFilter())}
    got = sorted((text[s.start:s.end], s.label) for s in layers["gold"].spans)
    assert got == sorted((s["text"], s["label"]) for s in spans)
    ends = {s.id: s.label for s in layers["gold"].spans}
    assert [(ends[r.head], ends[r.child]) for r in layers["gold"].relations] == [
        ("QUOTE", "ACTOR")]
    assert _export_bytes(store, LayerFilter(annotators=("alice",))) == before


def test_the_same_span_twice_in_a_record_is_one_span_and_links_to_either_id_hold(tmp_path):
    import json

    from annotator.store import Store
    from annotator.transfer.pipeline import import_paths

    text = "Putin said talks failed."
    line = {"id": "d1", "text": text, "annotator": "alice", "status": "done",
            "spans": [{"id": "a", "start": 0, "end": 5, "label": "ACTOR"},
                      {"id": "b", "start": 0, "end": 5, "label": "ACTOR"},
                      {"id": "q", "start": 11, "end": 23, "label": "QUOTE"}],
            "relations": [{"id": "r", "head": "q", "child": "b", "label": "SPEAKER"}]}
    source = tmp_path / "twice.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with Store(tmp_path / "db.sqlite") as store:
        import_paths(store, [source], "jsonl", "alice")
        pk = store.document_pks()[0]
        spans = store.spans(pk, "alice")
        assert [(s.id, s.label) for s in spans] == [("a", "ACTOR"), ("q", "QUOTE")]
        [rel] = store.relations(pk, "alice")
        assert (rel.head, rel.child, rel.label) == ("q", "a", "SPEAKER")
