"""A process killed at any moment loses nothing that was reported done.

- An import killed by SIGKILL leaves all of its documents or none (one transaction).
- A labeling session killed by SIGKILL keeps every span whose `add_span` had returned:
  that is what "every edit is written before the key press returns" means.
Both start real processes and kill them at points set by the process's own progress (the
import's progress line, the labeler's printed span ids), not by the clock, so the test
strikes the same moments on a fast machine and a slow one.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

import pytest
from hardening_support import cli_command, count, integrity

from annotator.core.model import Document
from annotator.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

N_DOCS = 3000


def _kill_at_progress(cmd: list[str], threshold: int | None, limit: float = 60.0
                      ) -> tuple[subprocess.Popen, str]:
    """Run the import with stderr on a terminal (so it shows its progress, every 200
    records) and SIGKILL it once it reports `threshold` records read, or (threshold None)
    once it prints its summary. Returns the process and what it printed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + limit
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                seen += os.read(master, 4096)
            except OSError:
                break
            counts = [int(n) for n in re.findall(rb"importing (\d+)", seen)]
            if threshold is None:
                reached = b"imported " in seen
            else:
                reached = bool(counts) and counts[-1] >= threshold
            if reached:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait()
        os.close(master)
    return proc, seen.decode(errors="replace")


# (records the import reports read when it is killed, documents that may be stored then)
KILL_POINTS = [
    (200, {0}),  # early in the one transaction
    (2000, {0}),  # two thirds in (a thousand records of margin before the commit)
    (N_DOCS, {0, N_DOCS}),  # everything read: the commit may be under way, or done
    (None, {N_DOCS}),  # the summary is printed: the transaction has committed
]


@pytest.mark.slow  # four imports of 3,000 articles in real processes
def test_killed_import_leaves_all_or_nothing(tmp_path, make_jsonl):
    source = make_jsonl(tmp_path / "big articles.jsonl", N_DOCS, seed=7)
    for i, (threshold, possible) in enumerate(KILL_POINTS):
        db = tmp_path / f"killed-{i}.sqlite"
        Store(db).close()  # an existing, migrated database, as a user has
        proc, said = _kill_at_progress(cli_command("--db", db, "import", source), threshold)
        if possible == {0}:  # the kill really interrupted a running import
            assert proc.returncode == -signal.SIGKILL, (threshold, proc.returncode, said)
        assert integrity(db) == "ok"
        docs = count(db, "documents")
        assert docs in possible, f"killed at {threshold}: {docs} of {N_DOCS} documents"
        assert count(db, "spans") == docs * 4

    # The interrupted database is still usable: the same import now lands whole.
    db = tmp_path / "killed-1.sqlite"
    done = subprocess.run(cli_command("--db", db, "import", source), check=False,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert count(db, "documents") == N_DOCS


LABELER = r"""
import sys
from annotator.store import Store

store = Store(sys.argv[1])
doc = int(sys.argv[2])
length = len(store.document(doc).text)
for start in range(int(sys.argv[3]), length - 1, 2):
    span = store.add_span(doc, "alice", start, start + 1, "ACTOR")
    # The key press has returned: the window would now show the span.
    sys.stdout.write(span.id + "\n")
    sys.stdout.flush()
print("DONE", flush=True)
"""


def test_killed_labeling_keeps_every_returned_edit(tmp_path):
    db = tmp_path / "labeling.sqlite"
    with Store(db) as store:
        doc = store.add_document(Document("d1", "Kataib Hezbollah 😀 قال " * 4000))
    for kill_after in (1, 40, 400):  # span ids the labeler has printed when it is killed
        before = count(db, "spans")
        first_free = 2 * before  # spans sit on every other character
        proc = subprocess.Popen([sys.executable, "-c", LABELER, str(db), str(doc),
                                 str(first_free)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=os.environ.copy())
        acknowledged = b""
        for _ in range(kill_after):  # each line: one add_span has returned
            line = proc.stdout.readline()
            assert line.strip(), proc.stderr.read().decode()
            acknowledged += line
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()  # what it printed between our read and the kill
        proc.wait()
        lines = (acknowledged + rest).decode().split("\n")
        printed = [line for line in lines[:-1] if line]  # the last piece may be cut
        assert "DONE" not in printed, "the labeling finished before the kill"
        assert integrity(db) == "ok"
        with Store(db) as store:
            live = {s.id for s in store.spans(doc, "alice")}
        missing = [sid for sid in printed if sid not in live]
        assert not missing, f"{len(missing)} returned edit(s) lost, e.g. {missing[0]}"
        # At most the one add in flight when the kill came is there without having returned.
        assert len(printed) <= len(live) - before <= len(printed) + 1
