"""Cancelling long work leaves everything as it was: the database for an import, the output
folder for an export. And a crash leaves a log in the log folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from dbdump import dump

from annotator.core.jobs import Cancelled, CancelToken
from annotator.crashlog import write_crash_log
from annotator.paths import log_dir
from annotator.store import Store
from annotator.store.layers import LayerFilter
from annotator.transfer.pipeline import ExportRequest, export, import_paths


def cancel_at(token: CancelToken, when: int):
    """A progress callback that presses Cancel once `when` records are done."""

    def progress(done: int, total: int | None) -> None:
        if done >= when:
            token.cancel()

    return progress


@pytest.fixture
def seeded(tmp_path, make_jsonl) -> Path:
    db = tmp_path / "seeded.sqlite"
    with Store(db) as store:
        import_paths(store, [make_jsonl(tmp_path / "first.jsonl", 450, seed=1)], "jsonl",
                     annotator="alice")
    return db


def test_cancelled_import_leaves_the_database_as_before(seeded, tmp_path, make_jsonl):
    more = make_jsonl(tmp_path / "more.jsonl", 600, seed=2, prefix="more")
    before = dump(seeded)
    token = CancelToken()
    with Store(seeded) as store:
        seen = []
        with pytest.raises(Cancelled):
            import_paths(store, [more], "jsonl", "bob",
                         progress=lambda n, t: (seen.append(n), cancel_at(token, 200)(n, t)),
                         cancel=token)
        assert seen == [200]  # it stopped at the next record, not at the end
        assert store.count_documents() == 450
        # The same store goes on working after the rollback.
        assert import_paths(store, [more], "jsonl", "bob").documents_added == 600
    assert dump(seeded) != before


def test_import_cancelled_before_it_starts_stores_nothing(tmp_path, make_jsonl):
    token = CancelToken()
    token.cancel()
    db = tmp_path / "empty.sqlite"
    with Store(db) as store:
        with pytest.raises(Cancelled):
            import_paths(store, [make_jsonl(tmp_path / "a.jsonl", 5)], cancel=token)
        assert store.count_documents() == 0


def test_cancelled_export_leaves_no_partial_file(seeded, tmp_path):
    out = tmp_path / "exports" / "data.jsonl"
    out.parent.mkdir()
    token = CancelToken()
    with Store(seeded) as store, pytest.raises(Cancelled):
        export(store, ExportRequest("jsonl", str(out), LayerFilter()),
               progress=cancel_at(token, 200), cancel=token)
    assert list(out.parent.iterdir()) == []


def test_cancelled_export_keeps_an_older_file_of_that_name(seeded, tmp_path):
    out = tmp_path / "data.jsonl"
    out.write_bytes(b"yesterday's export\n")
    token = CancelToken()
    with Store(seeded) as store:
        with pytest.raises(Cancelled):
            export(store, ExportRequest("jsonl", str(out), LayerFilter()),
                   progress=cancel_at(token, 200), cancel=token)
        assert out.read_bytes() == b"yesterday's export\n"
        assert sorted(p.name for p in tmp_path.iterdir() if "data" in p.name) == ["data.jsonl"]
        # Not cancelled: the file is replaced as a whole.
        report = export(store, ExportRequest("jsonl", str(out), LayerFilter()))
    assert report.documents == 450
    assert len(out.read_bytes().splitlines()) == 450


class CancelAfter(CancelToken):
    """Cancel pressed while the `n`-th record is being written."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.left = n

    def check(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.cancel()
        super().check()


def test_cancelled_split_export_leaves_no_part(seeded, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    # The train part is complete after the first pass (450 records); cancel in the second.
    token = CancelAfter(600)
    with Store(seeded) as store, pytest.raises(Cancelled):
        export(store, ExportRequest("jsonl", str(folder / "d.jsonl"), LayerFilter(),
                                    {"train": 0.8, "dev": 0.2}), cancel=token)
    assert list(folder.iterdir()) == []


def test_export_to_a_device_still_works(seeded):
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    with Store(seeded) as store:
        report = export(store, ExportRequest("jsonl", "/dev/null", LayerFilter()))
    assert report.documents == 450
    assert Path("/dev/null").exists() and not Path("/dev/null").is_file()


def test_crash_log_lands_in_the_log_folder():
    try:
        {}["missing key"]
    except KeyError:
        path = write_crash_log(*sys.exc_info())
    assert path.parent == log_dir()
    text = path.read_text(encoding="utf-8")
    assert "KeyError: 'missing key'" in text
    assert "test_crash_log_lands_in_the_log_folder" in text
