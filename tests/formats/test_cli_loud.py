"""The command line around the formats: --strict, the events table, a closed pipe, the
help listing every format."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from format_samples import sample_records
from roundtrip_helpers import cli, same_tree

from annotator.core.model import Document
from annotator.store import Store
from annotator.store.entities import create_entity, link_span


def test_import_strict_refuses_a_skipped_record_and_changes_nothing(tmp_path, capsys):
    src = tmp_path / "p.jsonl"
    src.write_text(json.dumps({"text": "Putin spoke.", "spans": [
        {"start": 0, "end": 5, "label": "ACTOR"}], "answer": "accept"}) + "\n"
        + json.dumps({"text": " "}) + "\n", "utf-8")
    db = tmp_path / "db.sqlite"
    code, err = cli(capsys, "--db", db, "import", "--format", "prodigy", "--strict", src)
    assert code == 1 and err.startswith("error: --strict") and "1 task(s) with empty" in err
    with Store(db) as store:
        assert store.count_documents() == 0 and store.annotators() == []
    code, err = cli(capsys, "--db", db, "import", "--format", "prodigy", src)
    assert code == 0 and err.count("left out") == 1  # one line per kind


def test_events_table_reads_in_pandas_with_actors_by_registry_name(tmp_path, capsys):
    pandas = pytest.importorskip("pandas")
    db = tmp_path / "db.sqlite"
    text = "Militants attacked a convoy near Basra. Iraq's army said nothing."
    with Store(db) as store:
        store.ingest(sample_records(), "nobody")
        pk = store.add_document(Document("ev-1", text, "Convoy hit", None, "2024-02-11"))
        actor = store.add_span(pk, "alice", 0, 9, "ACTOR")
        target = store.add_span(pk, "alice", 40, 51, "ACTOR")
        event = store.add_span(pk, "alice", 10, 27, "EVENT", attrs={"type": "attack"})
        store.add_relation(event.id, actor.id, "AGENT")
        store.add_relation(event.id, target.id, "TARGET")
        ent = create_entity(store, "Islamic State", "armed_group")
        link_span(store, actor.id, ent.id)
    out = tmp_path / "events.csv"
    code, err = cli(capsys, "--db", db, "export", "--format", "events", "--from", "alice",
                    "-o", out)
    assert code == 0, err
    table = pandas.read_csv(out, keep_default_na=False)
    row = table[table.document_id == "ev-1"].iloc[0]
    assert row["event"] == "attacked a convoy" and row["type"] == "attack"
    assert row["date"] == "2024-02-11" and row["analyst"] == "alice"
    assert row["agent"] == "Islamic State" and row["target"] == "Iraq's army"
    assert row["sentence"] == "Militants attacked a convoy near Basra."


def test_closed_output_pipe_ends_quietly(tmp_path):
    db = tmp_path / "db.sqlite"
    with Store(db) as store:
        store.ingest(sample_records(), "nobody")
        for i in range(400):
            store.add_document(Document(f"d{i}", f"Article {i} " + "word " * 400))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        f'"{sys.executable}" -m annotator --db "{db}" export --format jsonl -o - | head -c 100',
        shell=True, capture_output=True, env=env, timeout=120, check=False)
    assert len(proc.stdout) == 100
    assert b"Traceback" not in proc.stderr and b"Exception" not in proc.stderr, proc.stderr


def test_import_help_lists_every_format(capsys):
    with pytest.raises(SystemExit):
        from annotator.cli import main
        main(["import", "--help"])
    out = capsys.readouterr().out
    for name in ("jsonl", "text", "html", "csv", "prodigy", "doccano", "labelstudio", "brat",
                 "conll", "hf", "spacy", "--strict", "--labels", "--no-predictions"):
        assert name in out
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "events" in capsys.readouterr().out


@pytest.mark.parametrize("fmt, name", [
    ("jsonl", "o.jsonl"), ("prodigy", "o.jsonl"), ("doccano", "o.jsonl"),
    ("labelstudio", "o.json"), ("brat", "o"), ("conll", "o.conll"), ("hf", "o.jsonl"),
    ("spacy", "o.spacy")])
def test_export_import_export_is_byte_identical(tmp_path, capsys, fmt, name):
    if fmt == "spacy":
        pytest.importorskip("spacy")
    db = tmp_path / "db.sqlite"
    with Store(db) as store:
        store.ingest(sample_records(), "nobody")
    first, second = tmp_path / "1" / name, tmp_path / "2" / name
    first.parent.mkdir()
    second.parent.mkdir()
    assert cli(capsys, "--db", db, "export", "--format", fmt, "-o", first)[0] == 0
    code, err = cli(capsys, "--db", tmp_path / "again.sqlite", "--annotator", "x", "import",
                    "--format", fmt, first)
    assert code == 0, err
    assert cli(capsys, "--db", tmp_path / "again.sqlite", "export", "--format", fmt, "-o",
               second)[0] == 0
    if first.is_dir():
        assert same_tree(first, second)
    else:
        assert first.read_bytes() == second.read_bytes()
