"""Bad input: exit 1 (2 for wrong usage), one line `error: FILE[:LINE]: reason`, no
traceback, and the database exactly as it was before."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import orjson
import pytest
from dbdump import dump as _dump

from annotator.cli import main


@pytest.fixture
def seeded_db(tmp_path, sample_article) -> Path:
    """A database that already holds a document with an annotated layer."""
    db = tmp_path / "seeded.sqlite"
    line = {"id": "seed", "text": "Iraq said talks failed.", "annotator": "alice",
            "spans": [{"start": 0, "end": 4, "label": "ACTOR"}]}
    seed = tmp_path / "seed.jsonl"
    seed.write_bytes(orjson.dumps(line) + b"\n")
    assert main(["--db", str(db), "import", str(sample_article), str(seed)]) == 0
    return db


def _run_failing(db: Path, args: list[str], capsys, status: int = 1) -> str:
    """Run the CLI, expect `status`, return stderr; assert the database did not change."""
    before = _dump(db)
    capsys.readouterr()
    assert main(["--db", str(db), *args]) == status
    captured = capsys.readouterr()
    assert _dump(db) == before
    assert "Traceback" not in captured.err
    assert captured.out == ""
    return captured.err


def _assert_error_line(err: str, path: Path, reason: str, line: int | None = None) -> None:
    where = re.escape(str(path)) + (f":{line}" if line is not None else "")
    assert re.fullmatch(f"error: {where}: {reason}.*\n", err), err


def test_invalid_utf8(seeded_db, tmp_path, capsys):
    # Valid UTF-8 (the em dash) next to a lone Latin-1 byte: a UTF-8 file with a bad byte,
    # not a legacy file (a whole Latin-1 file is read by its detected character set).
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Headline \u2014 wire\n".encode() + "Caf\u00e9 owner spoke.\n".encode("latin-1"))
    err = _run_failing(seeded_db, ["import", str(bad)], capsys)
    _assert_error_line(err, bad, r"invalid UTF-8 \(byte 0xe9", line=2)


def test_invalid_utf8_inside_jsonl_names_the_line(seeded_db, tmp_path, capsys):
    bad = tmp_path / "bad-utf8.jsonl"
    bad.write_bytes(b'{"text": "fine"}\n{"text": "caf\xe9"}\n')
    err = _run_failing(seeded_db, ["import", str(bad)], capsys)
    _assert_error_line(err, bad, "invalid UTF-8", line=2)


def test_binary_file(seeded_db, tmp_path, capsys):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    err = _run_failing(seeded_db, ["import", str(bad)], capsys)
    _assert_error_line(err, bad, "binary file")


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.csv", "empty.html"])
def test_empty_file(seeded_db, tmp_path, capsys, name):
    bad = tmp_path / name
    bad.write_bytes(b"")
    err = _run_failing(seeded_db, ["import", str(bad)], capsys)
    _assert_error_line(err, bad, "empty file")


def test_malformed_jsonl_line_is_named(seeded_db, tmp_path, capsys):
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "one"}\n\n{"text": "two"\n{"text": "four"}\n', encoding="utf-8")
    err = _run_failing(seeded_db, ["import", str(bad)], capsys)
    _assert_error_line(err, bad, "malformed JSON", line=3)


def test_span_outside_the_text(seeded_db, tmp_path, capsys):
    bad = tmp_path / "outside.jsonl"
    bad.write_bytes(orjson.dumps({"text": "ok"}) + b"\n" + orjson.dumps(
        {"text": "Short \U0001F600 text", "spans": [{"start": 6, "end": 40, "label": "ACTOR"}]})
        + b"\n")
    err = _run_failing(seeded_db, ["import", str(bad)], capsys)
    _assert_error_line(err, bad, r"span 0 \(ACTOR 6-40\) lies outside the text \(length 12\)",
                       line=2)


def test_span_start_after_end(seeded_db, tmp_path, capsys):
    bad = tmp_path / "reversed.jsonl"
    bad.write_bytes(orjson.dumps(
        {"text": "Iraq said talks failed.", "spans": [{"start": 9, "end": 4, "label": "QUOTE"}]})
        + b"\n")
    err = _run_failing(seeded_db, ["import", str(bad)], capsys)
    _assert_error_line(err, bad, r"span 0 \(QUOTE 9-4\): start must be before end", line=1)


def test_span_text_that_disagrees_with_its_offsets(seeded_db, tmp_path, capsys):
    # A file written with UTF-16 offsets: the emoji shifts the span by one.
    text = "A \U0001F600 B Kataib Hezbollah said."
    bad = tmp_path / "utf16.jsonl"
    bad.write_bytes(orjson.dumps({"text": text, "spans": [
        {"start": 7, "end": 23, "label": "ACTOR", "text": "Kataib Hezbollah"}]}) + b"\n")
    err = _run_failing(seeded_db, ["import", str(bad)], capsys)
    _assert_error_line(err, bad, r"span 0 \(ACTOR 7-23\): its text", line=1)


def test_unknown_format_name_is_usage_error(seeded_db, sample_article, capsys):
    err = _run_failing(seeded_db, ["import", "--format", "docx", str(sample_article)], capsys,
                       status=2)
    assert re.fullmatch(r"error: unknown import format 'docx' \(available: .*jsonl.*\)\n", err)


def test_unknown_export_format_is_usage_error(seeded_db, tmp_path, capsys):
    out = tmp_path / "out.xyz"
    err = _run_failing(seeded_db, ["export", "--format", "xyz", "-o", str(out)], capsys,
                       status=2)
    assert re.fullmatch(r"error: unknown export format 'xyz' \(available: .*jsonl.*\)\n", err)
    assert not out.exists()


def test_folder_format_over_an_existing_file_is_refused(seeded_db, tmp_path, capsys):
    taken = tmp_path / "taken.txt"
    taken.write_text("keep me", "utf-8")
    err = _run_failing(seeded_db, ["export", "--format", "brat", "-o", str(taken)], capsys)
    _assert_error_line(err, taken, "cannot create the folder")
    assert taken.read_text("utf-8") == "keep me"
    plain = tmp_path / "taken"  # --split into a folder of that name
    plain.write_text("keep me", "utf-8")
    err = _run_failing(seeded_db, ["export", "--format", "jsonl", "-o", str(plain),
                                   "--split", "train=0.5,test=0.5"], capsys)
    _assert_error_line(err, plain, "cannot create the folder")
    assert plain.read_text("utf-8") == "keep me"

def test_missing_file(seeded_db, tmp_path, capsys):
    missing = tmp_path / "nowhere.txt"
    err = _run_failing(seeded_db, ["import", str(missing)], capsys)
    _assert_error_line(err, missing, "no such file")


def test_unsupported_extension(seeded_db, tmp_path, capsys):
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK\x03\x04")
    err = _run_failing(seeded_db, ["import", str(odd)], capsys)
    _assert_error_line(err, odd, "cannot tell the format")


def test_last_file_bad_keeps_nothing_of_the_first(seeded_db, tmp_path, capsys):
    good1 = tmp_path / "one.txt"
    good1.write_text("First article\nBody one.\n", encoding="utf-8")
    good2 = tmp_path / "two.jsonl"
    good2.write_bytes(orjson.dumps({"id": "seed", "text": "Iraq said talks failed.",
                                    "annotator": "bob",
                                    "spans": [{"start": 5, "end": 9, "label": "EVENT"}]})
                      + b"\n" + orjson.dumps({"text": "Second article."}) + b"\n")
    bad = tmp_path / "three.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": \n', encoding="utf-8")
    err = _run_failing(seeded_db, ["import", str(good1), str(good2), str(bad)], capsys)
    _assert_error_line(err, bad, "malformed JSON", line=2)


def test_a_folder_with_one_bad_file_imports_nothing(seeded_db, tmp_path, capsys):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha\nbody\n", encoding="utf-8")
    (folder / "z.txt").write_bytes("\u00e9 \u2014 ".encode() + b"\xff broken")
    err = _run_failing(seeded_db, ["import", str(folder)], capsys)
    _assert_error_line(err, folder / "z.txt", "invalid UTF-8", line=1)


def test_not_a_database(tmp_path, sample_article, capsys):
    fake = tmp_path / "notes.sqlite"
    fake.write_text("these are my notes, not a database\n", encoding="utf-8")
    before = fake.read_bytes()
    for args in (["import", str(sample_article)], ["stats"], ["check"],
                 ["export", "--format", "jsonl", "-o", "-"]):
        capsys.readouterr()
        assert main(["--db", str(fake), *args]) == 1
        err = capsys.readouterr().err
        assert err == f"error: {fake}: not an annotator database (not an SQLite file)\n"
    assert fake.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["notes.sqlite", sample_article.name])


def test_foreign_sqlite_database_is_refused_untouched(tmp_path, capsys):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = _dump(other)
    assert main(["--db", str(other), "stats"]) == 1
    assert capsys.readouterr().err == (
        f"error: {other}: not an annotator database (it has other tables)\n")
    assert _dump(other) == before


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", "--format", "jsonl"])  # no -o
    assert info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith("error: ")


def test_a_folder_or_a_truncated_file_as_database(tmp_path, seeded_db, capsys):
    folder = tmp_path / "a-folder.sqlite"
    folder.mkdir()
    assert main(["--db", str(folder), "stats"]) == 1
    assert capsys.readouterr().err == f"error: {folder}: is a folder, not a database file\n"
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(seeded_db.read_bytes()[:100])
    before = truncated.read_bytes()
    assert main(["--db", str(truncated), "stats"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {truncated}: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert truncated.read_bytes() == before
