"""Several writers on one database wait for each other; none fails with "database is locked".

Writes begin with BEGIN IMMEDIATE and wait behind the busy timeout (docs/architecture.md,
"SQLite: transactions, WAL and locks"); these tests hold that promise with real processes
and threads.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading

import pytest
from hardening_support import cli_command, count, integrity

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document
from annotator.store import Store

PER_BATCH = 250


@pytest.mark.slow  # four command-line imports in parallel processes
def test_four_imports_at_once_all_land(tmp_path, make_jsonl):
    # Distinct ids per batch, so every document is new.
    files = [make_jsonl(tmp_path / f"batch-{i}.jsonl", PER_BATCH, seed=i, prefix=f"b{i}")
             for i in range(4)]
    db = tmp_path / "shared.sqlite"  # not created yet: they race to create it too
    procs = [subprocess.Popen(cli_command("--db", db, "import", f), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=os.environ.copy())
             for f in files]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [rc for rc, _ in results] == [0, 0, 0, 0], results
    assert not any("locked" in err for _, err in results)
    assert count(db, "documents") == 4 * PER_BATCH
    assert count(db, "spans") == 4 * PER_BATCH * 4
    assert integrity(db) == "ok"


WRITER = r"""
import sys
from annotator.store import Store

store = Store(sys.argv[1])
doc, who, n = int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
for i in range(n):
    store.add_span(doc, who, 2 * i, 2 * i + 1, "EVENT")
    if i % 10 == 0:
        store.set_status(doc, who, "in_progress")
print("ok")
"""


def test_concurrent_add_span_writers_in_processes_and_threads(tmp_path):
    db = tmp_path / "labels.sqlite"
    with Store(db) as store:
        doc = store.add_document(Document("d", "Kataib Hezbollah said «no» 😀 قال. " * 40))
    per_writer = 60
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(doc), f"proc{i}",
                               str(per_writer)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=os.environ.copy())
             for i in range(3)]
    errors: list[Exception] = []

    def thread_writer(name: str) -> None:
        try:
            with Store(db) as own:  # each window/thread has its own connection
                for i in range(per_writer):
                    own.add_span(doc, name, 2 * i, 2 * i + 1, "ACTOR")
                    own.spans(doc, name)  # a read between writes, as a window does
        except (sqlite3.Error, AnnotatorError) as exc:  # asserted below
            errors.append(exc)

    threads = [threading.Thread(target=thread_writer, args=(f"thread{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    outs = [(p.wait(timeout=120), p.communicate()) for p in procs]
    assert errors == []
    assert all(rc == 0 for rc, _ in outs), outs
    with Store(db) as store:
        for who in [f"proc{i}" for i in range(3)] + [f"thread{i}" for i in range(3)]:
            assert len(store.spans(doc, who)) == per_writer, who
    assert integrity(db) == "ok"


def test_data_version_tells_a_window_of_another_writer(tmp_path):
    """What two windows rely on to refresh when they regain focus (issue 7)."""
    db = tmp_path / "two windows.sqlite"
    with Store(db) as first, Store(db) as second:
        doc = first.add_document(Document("d", "Kataib Hezbollah 😀 قال."))
        seen = second.data_version()
        assert second.data_version() == seen  # nothing new
        second.add_span(doc, "bob", 0, 6, "ACTOR")
        assert second.data_version() == seen  # its own commit does not count
        first.add_span(doc, "alice", 7, 16, "ACTOR")
        assert second.data_version() != seen
        assert {s.annotator for s in second.spans(doc)} == {"alice", "bob"}
