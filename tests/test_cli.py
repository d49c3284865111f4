"""The command line as a user meets it: version, import summary, export filters, stats,
check, progress only on a terminal."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from annotator import __version__
from annotator.cli import main
from annotator.commands.progress import progress_printer

TEXT = "Putin said talks failed. \U0001F600 \u064a\u062d\u064a\u0649 spoke."


def _line(doc_id: str, annotator: str | None, status: str, spans: list[tuple]) -> bytes:
    return orjson.dumps({
        "id": doc_id, "text": TEXT, "annotator": annotator, "status": status,
        "spans": [{"id": f"{doc_id}-{annotator}-{i}", "start": s, "end": e, "label": lab}
                  for i, (s, e, lab) in enumerate(spans)],
        "relations": [{"head": f"{doc_id}-{annotator}-1", "child": f"{doc_id}-{annotator}-0",
                       "label": "SPEAKER"}] if len(spans) > 1 else [],
    }) + b"\n"


@pytest.fixture
def layered_db(tmp_path, sample_article) -> Path:
    """alice done on d1, bob in progress on d1, gold done on d1, alice in progress on d2,
    and one untouched document (the sample article)."""
    src = tmp_path / "layers.jsonl"
    src.write_bytes(
        _line("d1", "alice", "done", [(0, 5, "ACTOR"), (11, 23, "QUOTE")])
        + _line("d1", "bob", "in_progress", [(0, 5, "ACTOR")])
        + _line("d1", "gold", "done", [(0, 5, "ACTOR"), (11, 23, "QUOTE"), (6, 10, "EVENT")])
        + _line("d2", "alice", "in_progress", [(27, 31, "ACTOR")]).replace(
            TEXT.encode(), (TEXT + " Again.").encode()))
    db = tmp_path / "layers.sqlite"
    assert main(["--db", str(db), "import", str(src), str(sample_article)]) == 0
    return db


def _export(db: Path, out: Path, *extra: str) -> list[dict]:
    assert main(["--db", str(db), "export", "--format", "jsonl", "-o", str(out), *extra]) == 0
    return [orjson.loads(x) for x in out.read_bytes().splitlines()]


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"annotator {__version__}\n"


def test_python_dash_m_version_and_stdout_export(layered_db):
    out = subprocess.run([sys.executable, "-m", "annotator", "--version"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0
    assert out.stdout == f"annotator {__version__}\n"
    exp = subprocess.run([sys.executable, "-m", "annotator", "--db", str(layered_db), "export",
                          "--format", "jsonl", "-o", "-", "--from", "bob"],
                         capture_output=True, timeout=60, check=False)
    assert exp.returncode == 0
    (rec,) = [orjson.loads(x) for x in exp.stdout.splitlines()]
    assert rec["annotator"] == "bob" and rec["text"] == TEXT
    assert b"Traceback" not in exp.stderr


def test_import_summary_counts_duplicates(tmp_path, sample_article, capsys):
    db = tmp_path / "d.sqlite"
    assert main(["--db", str(db), "import", str(sample_article)]) == 0
    assert "1 document(s) added" in capsys.readouterr().err
    copy = tmp_path / "copy-of-sample.txt"
    copy.write_bytes(sample_article.read_bytes())
    assert main(["--db", str(db), "import", str(sample_article), str(copy)]) == 0
    err = capsys.readouterr().err
    assert "0 document(s) added" in err and "2 duplicate(s) skipped" in err
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_export_everything(layered_db, tmp_path):
    recs = _export(layered_db, tmp_path / "all.jsonl")
    assert [(r["id"], r["annotator"], r["status"]) for r in recs] == [
        ("d1", "alice", "done"), ("d1", "bob", "in_progress"), ("d1", "gold", "done"),
        ("d2", "alice", "in_progress"), (recs[4]["id"], None, "new")]
    assert recs[4]["spans"] == [] and recs[4]["meta"]["published"] == "2024-02-11"
    assert recs[0]["relations"][0]["label"] == "SPEAKER"


def test_export_from(layered_db, tmp_path):
    recs = _export(layered_db, tmp_path / "alice.jsonl", "--from", "alice")
    assert [(r["id"], r["annotator"]) for r in recs] == [("d1", "alice"), ("d2", "alice")]
    recs = _export(layered_db, tmp_path / "two.jsonl", "--from", "alice", "--from", "bob")
    assert [(r["id"], r["annotator"]) for r in recs] == [
        ("d1", "alice"), ("d1", "bob"), ("d2", "alice")]


def test_export_status(layered_db, tmp_path):
    recs = _export(layered_db, tmp_path / "done.jsonl", "--status", "done")
    assert [(r["id"], r["annotator"]) for r in recs] == [("d1", "alice"), ("d1", "gold")]
    recs = _export(layered_db, tmp_path / "new.jsonl", "--status", "new")
    assert [r["annotator"] for r in recs] == [None]
    recs = _export(layered_db, tmp_path / "ip.jsonl", "--from", "alice",
                   "--status", "in_progress")
    assert [(r["id"], r["annotator"]) for r in recs] == [("d2", "alice")]


def test_export_gold(layered_db, tmp_path):
    (rec,) = _export(layered_db, tmp_path / "gold.jsonl", "--gold")
    assert rec["annotator"] == "gold"
    assert [s["label"] for s in rec["spans"]] == ["ACTOR", "EVENT", "QUOTE"]
    assert [s["text"] for s in rec["spans"]] == ["Putin", "said", "talks failed"]


def test_export_matching_nothing_writes_empty_file(layered_db, tmp_path, capsys):
    out = tmp_path / "none.jsonl"
    capsys.readouterr()
    assert _export(layered_db, out, "--from", "nobody") == []
    assert out.exists() and out.read_bytes() == b""
    err = capsys.readouterr().err
    assert "exported nothing" in err


@pytest.mark.parametrize("fmt", ["labelstudio", "spacy", "prodigy", "conll"])
def test_export_matching_nothing_is_empty_in_every_file_format(layered_db, tmp_path, capsys,
                                                                fmt):
    out = tmp_path / f"none.{fmt}"
    assert main(["--db", str(layered_db), "export", "--format", fmt, "-o", str(out),
                 "--from", "nobody"]) == 0
    assert out.exists() and out.read_bytes() == b""
    assert "exported nothing" in capsys.readouterr().err

def test_stats_json_shape(layered_db, capsys):
    capsys.readouterr()
    assert main(["--db", str(layered_db), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 3
    assert stats["spans_per_label"] == {"ACTOR": 4, "EVENT": 1, "QUOTE": 2}
    assert stats["per_annotator"]["alice"] == {
        "documents": 2, "spans": 3, "relations": 1,
        "status": {"new": 0, "in_progress": 1, "done": 1}}
    assert stats["per_annotator"]["bob"]["spans"] == 1
    assert stats["per_annotator"]["gold"]["relations"] == 1
    assert stats["status"] == {"new": 1, "in_progress": 2, "done": 2}
    assert main(["--db", str(layered_db), "stats"]) == 0
    assert "spans per label:" in capsys.readouterr().out


def test_check_passes_on_a_sound_database(layered_db, capsys):
    assert main(["--db", str(layered_db), "check"]) == 0
    assert "ok" in capsys.readouterr().err


def test_check_names_a_span_past_the_text_end(layered_db, capsys):
    conn = sqlite3.connect(layered_db)
    conn.execute("UPDATE spans SET \"end\" = 999 WHERE id = 'd1-bob-0'")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["--db", str(layered_db), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: ") and "document d1: span d1-bob-0 (0-999)" in err[0]
    assert "outside its text" in err[0]


def test_check_names_a_text_whose_hash_no_longer_matches(layered_db, capsys):
    conn = sqlite3.connect(layered_db)
    conn.execute("UPDATE documents SET sha256 = 'x' || substr(sha256, 2) WHERE id = 'd2'")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["--db", str(layered_db), "check"]) == 1
    err = capsys.readouterr().err
    assert "document d2: text does not match its SHA-256" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert progress_printer("importing") is None
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    show = progress_printer("exporting")
    show(200, 400)
    show(300, None)
    assert term.getvalue() == (
        "\rexporting [###############...............] 200/400\rexporting 300")


def test_import_is_silent_of_progress_when_stderr_is_not_a_terminal(tmp_path, capsys):
    src = tmp_path / "many.jsonl"
    src.write_bytes(b"".join(orjson.dumps({"text": f"Article {i}."}) + b"\n"
                             for i in range(450)))
    assert main(["--db", str(tmp_path / "p.sqlite"), "import", str(src)]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err
    assert err == "imported 1 file(s): 450 document(s) added, 0 span(s)\n"


def test_a_mistyped_command_or_format_gets_did_you_mean(tmp_path, capsys):
    from annotator.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["exprot"])
    assert exited.value.code == 2
    assert "did you mean 'export'?" in capsys.readouterr().err
    code = main(["--db", str(tmp_path / "a.sqlite"), "export", "--format", "jsnol", "-o", "-"])
    assert code == 2
    assert "did you mean 'jsonl'?" in capsys.readouterr().err
