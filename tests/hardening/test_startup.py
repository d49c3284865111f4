"""The command line does not pay for Qt, nor for sqlite-utils (and the pandas and numpy it
imports when they are installed) on a database that is already up to date."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from annotator.store import Store

PROBE = """
import runpy, sys
sys.argv = ["annotator", *sys.argv[1:]]
try:
    runpy.run_module("annotator", run_name="__main__")
except SystemExit as exc:
    code = exc.code
print("LOADED=" + ",".join(m for m in ("PySide6", "sqlite_utils", "pandas", "numpy")
                           if m in sys.modules), file=sys.__stderr__)
print("EXIT=" + str(code), file=sys.__stderr__)
"""


def loaded(*args: str) -> tuple[set[str], str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], check=False,
                          capture_output=True, text=True, timeout=60, env=os.environ.copy())
    lines = dict(line.split("=", 1) for line in done.stderr.splitlines()
                 if line.startswith(("LOADED=", "EXIT=")))
    return {m for m in lines["LOADED"].split(",") if m}, lines["EXIT"]


@pytest.fixture
def ready_db(tmp_path, sample_article):
    db = tmp_path / "ready.sqlite"
    from annotator.transfer.pipeline import import_paths

    with Store(db) as store:
        import_paths(store, [sample_article], annotator="alice")
    return db


def test_version_imports_neither_qt_nor_sqlite_utils():
    modules, code = loaded("--version")
    assert code == "0"
    assert modules == set()


@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["check"],
                                     ["export", "--format", "jsonl", "-o", "-"]])
def test_commands_on_an_up_to_date_database_stay_light(ready_db, command):
    modules, code = loaded("--db", str(ready_db), *command)
    assert code == "0"
    assert "PySide6" not in modules
    assert "sqlite_utils" not in modules  # and so neither pandas nor numpy through it


def test_a_new_database_is_created_without_qt(tmp_path, sample_article):
    modules, code = loaded("--db", str(tmp_path / "new.sqlite"), "import", str(sample_article))
    assert code == "0"
    assert "PySide6" not in modules
