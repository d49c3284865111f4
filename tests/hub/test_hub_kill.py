"""kill -9 of a sync at each of its steps loses nothing, and the next sync completes it.

The sync runs in its own process with ANNOTATOR_HUB_TRACE set, so it reports each step on
stderr and pauses there: the test kills it right after the step it names (inside the open
hub or local transaction), not after a guessed sleep.
"""

from __future__ import annotations

import signal

import pytest
from hub_helpers import cli_process, doc_pk, dump, lead_with_documents, run_cli, spans_of

from annotator.store import Store


def _kill_at(db, who, stage, *args):
    proc = cli_process(db, who, "sync", *args, env={"ANNOTATOR_HUB_TRACE": f"{stage}=30"})
    seen = []
    try:
        for line in proc.stderr:
            seen.append(line.strip())
            if line.strip() == f"sync: {stage}":
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=30)
        proc.stderr.close()
        proc.stdout.close()
    assert seen and seen[-1] == f"sync: {stage}", seen
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture
def alice_with_work(hub, tmp_path):
    lead_with_documents(tmp_path, hub)
    alice = tmp_path / "alice.sqlite"
    assert run_cli(alice, "alice", "sync", hub.url("alice")) == 0
    with Store(alice) as store:
        for part, (start, end) in (("sovereignty", (0, 4)), ("Pentagon", (0, 16))):
            pk = doc_pk(alice, part)
            store.add_span(pk, "alice", start, end, "ACTOR")
            store.set_status(pk, "alice", "done")
    return alice


@pytest.mark.parametrize("stage", ["push spans", "push commit", "push committed"])
def test_kill_during_push_loses_nothing(hub, alice_with_work, stage):
    alice = alice_with_work
    mine = spans_of(alice, "alice")
    _kill_at(alice, "alice", stage)
    on_hub = hub.sql("SELECT count(*) FROM annotator.spans")[0][0]
    assert on_hub == (2 if stage == "push committed" else 0)  # all or nothing
    assert spans_of(alice, "alice") == mine
    assert run_cli(alice, "alice", "sync") == 0
    assert hub.sql("SELECT count(*) FROM annotator.spans WHERE deleted = 0")[0][0] == 2
    assert run_cli(alice, "alice", "sync") == 0
    assert spans_of(alice, "alice") == mine


@pytest.mark.parametrize("stage", ["pull 1/1", "pull commit"])
def test_kill_during_pull_loses_nothing(hub, alice_with_work, tmp_path, stage):
    assert run_cli(alice_with_work, "alice", "sync") == 0
    lead = tmp_path / "lena.sqlite"
    with Store(lead) as store:  # the lead's own unsynced work must survive the kill
        store.add_span(doc_pk(lead, "embassy"), "gold", 0, 10, "ACTOR")
    before = dump(lead)
    _kill_at(lead, "lena", stage)
    after = dump(lead)
    # the pull's transaction never committed: no span of alice's, the old cursor
    assert spans_of(lead, "alice") == []
    bookkeeping = ("hub_marks", "hub_dirty")  # the push before the pull did commit
    assert [t for t in after if t[0] not in bookkeeping] == \
        [t for t in before if t[0] not in bookkeeping]
    assert run_cli(lead, "lena", "sync") == 0
    assert spans_of(lead, "alice") == spans_of(alice_with_work, "alice")
    assert len(spans_of(lead, "gold")) == 1
    assert hub.sql("SELECT count(*) FROM annotator.spans WHERE annotator = 'gold'") == [(1,)]
