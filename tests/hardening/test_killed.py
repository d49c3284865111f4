"""A process killed at any moment loses nothing that was reported done.

- An import killed by SIGKILL leaves all of its documents or none (one transaction).
- A labeling session killed by SIGKILL keeps every span whose `add_span` had returned:
  that is what "every edit is written before the key press returns" means.
Both start real processes; kill moments are random but seeded.
"""

from __future__ import annotations

import os
import pty
import random
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hardening_support import cli_command, count, integrity

from annotator.core.model import Document
from annotator.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

N_DOCS = 3000


def _wait_for_wal_growth(wal: Path, proc: subprocess.Popen, limit: float = 10.0) -> None:
    """Return once the import has begun writing its transaction (the WAL grows)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 64 * 1024:
            return
        time.sleep(0.005)


def _kill_after_progress(cmd: list[str], threshold: int, limit: float = 60.0
                         ) -> subprocess.Popen:
    """Run `cmd` with stderr on a terminal (so the import shows its progress) and SIGKILL it
    once it reports `threshold` records read: surely inside its one transaction."""
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
            counts = re.findall(rb"importing (\d+)", seen)
            if counts and int(counts[-1]) >= threshold:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait()
        os.close(master)
    return proc


def test_killed_import_leaves_all_or_nothing(tmp_path, make_jsonl):
    source = make_jsonl(tmp_path / "big articles.jsonl", N_DOCS, seed=7)
    rng = random.Random(2024)
    outcomes = []
    for attempt in range(4):
        db = tmp_path / f"killed-{attempt}.sqlite"
        Store(db).close()  # an existing, migrated database, as a user has
        command = cli_command("--db", db, "import", source)
        if attempt % 2:
            # Half the time: strike while the one transaction is surely open, once the
            # import's own progress says it has read some hundreds of records.
            proc = _kill_after_progress(command, rng.choice((200, 600, 1200, 2000)))
        else:
            # The other half: at a random moment, which may fall before, during or after.
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            if attempt == 2:
                _wait_for_wal_growth(Path(f"{db}-wal"), proc)
            time.sleep(rng.uniform(0.05, 1.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert integrity(db) == "ok"
        docs = count(db, "documents")
        assert docs in (0, N_DOCS), f"half an import landed: {docs} of {N_DOCS} documents"
        spans = count(db, "spans")
        assert (docs, spans) in ((0, 0), (N_DOCS, N_DOCS * 4))
        outcomes.append((proc.returncode, docs))
    # The kills aimed inside the transaction really interrupted a running import.
    assert outcomes[1] == (-signal.SIGKILL, 0) and outcomes[3] == (-signal.SIGKILL, 0), outcomes

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
    rng = random.Random(99)
    for _attempt in range(3):
        before = count(db, "spans")
        first_free = 2 * before  # spans sit on every other character
        proc = subprocess.Popen([sys.executable, "-c", LABELER, str(db), str(doc),
                                 str(first_free)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=os.environ.copy())
        first = proc.stdout.readline()  # labeling has begun
        assert first.strip(), proc.stderr.read().decode()
        time.sleep(rng.uniform(0.05, 0.5))
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait()
        lines = (first + rest).decode().split("\n")
        printed = [line for line in lines[:-1] if line]  # the last piece may be cut
        assert "DONE" not in printed, "the labeling finished before the kill"
        assert integrity(db) == "ok"
        with Store(db) as store:
            live = {s.id for s in store.spans(doc, "alice")}
        missing = [sid for sid in printed if sid not in live]
        assert not missing, f"{len(missing)} returned edit(s) lost, e.g. {missing[0]}"
        # At most the one add in flight when the kill came is there without having returned.
        assert len(printed) <= len(live) - before <= len(printed) + 1
