"""What `annotator merge` refuses (nothing changes) and what it takes from native JSONL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest
from review_helpers import TEXTS, at, label

from annotator.cli import main
from annotator.store import Store
from annotator.store.merge import snapshot
from annotator.transfer.merge_source import merge_file


def _contents(path: Path) -> dict:
    with Store(path) as store:
        return snapshot(store.conn)


@pytest.fixture
def ours(copy_of) -> Path:
    path = copy_of("ours")
    label(path, "alice", "doc-putin", [("Putin", "ACTOR")])
    return path


def _refused(ours: Path, other: Path, capsys, *expected: str) -> None:
    before = _contents(ours)
    assert main(["--db", str(ours), "merge", str(other)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {other}"), err
    for piece in expected:
        assert piece in err
    assert len(err.splitlines()) == 1
    assert _contents(ours) == before


def test_text_file_named_sqlite_is_refused(ours, tmp_path, capsys):
    other = tmp_path / "other.sqlite"
    other.write_text("not a database")
    _refused(ours, other, capsys, "not an SQLite file")


def test_foreign_sqlite_is_refused(ours, tmp_path, capsys):
    other = tmp_path / "foreign.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE documents (id TEXT)")
    conn.commit()
    conn.close()
    _refused(ours, other, capsys, "not an annotator database")


def test_newer_annotator_database_is_refused(copy_of, ours, capsys):
    other = copy_of("future")
    conn = sqlite3.connect(other)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('annotator', '9999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    _refused(ours, other, capsys, "newer version", "9999_future")


def test_malformed_jsonl_names_its_line(ours, tmp_path, capsys):
    other = tmp_path / "bob.jsonl"
    good = {"id": "doc-new", "text": "Fresh text.", "annotator": "bob", "status": "done",
            "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]}
    other.write_bytes(orjson.dumps(good) + b"\n{\"id\": \n")
    _refused(ours, other, capsys, f"{other}:2:", "malformed JSON")


def test_jsonl_span_off_its_text_is_refused(ours, tmp_path, capsys):
    other = tmp_path / "bob.jsonl"
    rec = {"id": "doc-putin", "text": TEXTS["doc-putin"], "annotator": "bob",
           "spans": [{"start": 0, "end": 5, "label": "ACTOR", "text": "Vladi"}]}
    other.write_bytes(b"\n" + orjson.dumps(rec) + b"\n")
    _refused(ours, other, capsys, f"{other}:2:", "differs from the document")


def test_same_id_with_another_text_is_refused(ours, tmp_path, capsys):
    other = tmp_path / "bob.jsonl"
    rec = {"id": "doc-putin", "text": "Another text entirely.", "annotator": "bob"}
    other.write_bytes(orjson.dumps(rec) + b"\n")
    _refused(ours, other, capsys, f"{other}:1:", "different text")


def test_failure_half_way_rolls_everything_back(ours, copy_of, tmp_path, capsys):
    """A span id that belongs to another document here is found after documents and
    labels were written: the whole merge is undone."""
    with Store(ours) as store:
        sid = store.spans(store.document_by_id("doc-putin").pk)[0].id
    other = tmp_path / "clash.sqlite"
    with Store(other) as store:
        from annotator.core.model import Document

        pk = store.add_document(Document("doc-other", "Completely new article text."))
        store.ensure_labels(["PLACE"])
        store.add_span(pk, "alice", 0, 10, "PLACE", span_id=sid)
    _refused(ours, other, capsys, "belongs to another document")


def test_missing_file(ours, tmp_path, capsys):
    _refused(ours, tmp_path / "nowhere.jsonl", capsys, "no such file")


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def test_jsonl_merge_with_crlf_emoji_and_arabic(ours, tmp_path, capsys):
    crlf = TEXTS["doc-arabic"].replace(" today", "\r\ntoday")
    s, e = at("doc-arabic", "«الهجوم»")
    other = _jsonl(tmp_path / "bob.jsonl", [
        {"id": "doc-crlf", "text": crlf, "annotator": "bob", "status": "done",
         "spans": [{"id": "b1", "start": s, "end": e, "label": "EVENT", "text": "«الهجوم»"},
                   {"id": "b2", "start": len(crlf) - 6, "end": len(crlf) - 1, "label": "PLACE",
                    "text": "today"}]},
        {"id": "doc-putin", "text": TEXTS["doc-putin"], "annotator": "bob",
         "status": "in_progress", "spans": [{"id": "b3", "start": 0, "end": 5,
                                             "label": "ACTOR"}]},
    ])
    assert main(["--db", str(ours), "merge", str(other)]) == 0
    err = capsys.readouterr().err
    assert "documents: 1 added, 1 matched" in err
    assert "spans of bob: 3 added" in err
    assert "labels added to the schema: PLACE" in err
    with Store(ours) as store:
        doc = store.document_by_id("doc-crlf")
        assert "\r" not in doc.text
        got = {s.id: doc.text[s.start:s.end] for s in store.spans(doc.pk, "bob")}
        assert got == {"b1": "«الهجوم»", "b2": "today"}
        assert store.status(doc.pk, "bob") == "done"
        putin = store.document_by_id("doc-putin").pk
        assert [s.annotator for s in store.spans(putin)] == ["alice", "bob"]
    before = _contents(ours)
    assert main(["--db", str(ours), "merge", str(other)]) == 0
    assert "nothing new" in capsys.readouterr().err
    assert _contents(ours) == before


def test_jsonl_export_merges_back_into_a_fresh_database(ours, tmp_path, capsys):
    exported = tmp_path / "ours.jsonl"
    assert main(["--db", str(ours), "export", "--format", "jsonl", "-o", str(exported)]) == 0
    fresh = tmp_path / "fresh.sqlite"
    assert main(["--db", str(fresh), "merge", str(exported)]) == 0
    ours_c, fresh_c = _contents(ours), _contents(fresh)
    spans = lambda c: sorted((s[0], s[1], s[2], s[3], s[4], s[5], s[11]) for s in c["spans"])
    assert spans(fresh_c) == spans(ours_c)
    assert [d[:3] for d in fresh_c["documents"]] == [d[:3] for d in ours_c["documents"]]
    with Store(fresh) as store:
        again = merge_file(store, exported)
    assert not again.changed


def test_jsonl_record_with_spans_needs_an_analyst(ours, tmp_path, capsys):
    other = _jsonl(tmp_path / "anon.jsonl", [
        {"id": "doc-putin", "text": TEXTS["doc-putin"],
         "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]}])
    _refused(ours, other, capsys, f"{other}:1:", "needs an 'annotator'")


def test_file_from_before_the_review_step_merges(ours, copy_of, capsys):
    """An analyst on an older version (no review columns yet) can still hand in a file."""
    other = copy_of("older")
    (sid,) = label(other, "bob", "doc-iraq", [("al-Qaim", "ACTOR")])
    conn = sqlite3.connect(other)
    conn.execute("DROP TABLE review_decisions")
    for table, column in (("spans", "origin"), ("relations", "origin"),
                          ("documents", "reviewer"), ("documents", "reviewed_at")):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0002_review'")
    conn.commit()
    conn.close()
    assert main(["--db", str(ours), "merge", str(other)]) == 0
    assert "spans of bob: 1 added" in capsys.readouterr().err
    with Store(ours) as store:
        span = store.span(sid)
        assert (span.annotator, TEXTS["doc-iraq"][span.start:span.end]) == ("bob", "al-Qaim")


def test_merge_reports_each_step_and_a_cancel_midway_changes_nothing(tmp_path):
    from dbdump import dump

    from annotator.core.jobs import Cancelled, CancelToken
    from annotator.core.model import Document
    from annotator.store import Store
    from annotator.store.merge import MERGE_STEPS, apply
    from annotator.transfer.merge_source import read_source

    other, ours = tmp_path / "other.sqlite", tmp_path / "ours.sqlite"
    with Store(other) as s:
        pk = s.add_document(Document("d1", "Putin said talks failed.", title="d1"))
        s.add_span(pk, "bob", 0, 5, "ACTOR")
    Store(ours).close()
    steps = []
    with Store(ours) as s:
        apply(s, read_source(other), lambda done, total: steps.append((done, total)))
    assert steps == [(i, MERGE_STEPS) for i in range(1, MERGE_STEPS + 1)]

    fresh = tmp_path / "fresh.sqlite"
    Store(fresh).close()
    before = dump(fresh)
    token = CancelToken()

    def cancel_at_spans(done, _total):
        if done == 2:
            token.cancel()
        token.check()

    with Store(fresh) as s, pytest.raises(Cancelled):
        apply(s, read_source(other), cancel_at_spans)
    assert dump(fresh) == before
