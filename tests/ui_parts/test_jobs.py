"""JobRunner: work off the UI thread, progress, Cancel that rolls back, clear failures."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from annotator.core.errors import InputError
from annotator.core.jobs import Cancelled, CancelToken
from annotator.store import Store
from annotator.transfer.pipeline import import_paths
from annotator.ui.shell.jobs import JobRunner, with_store


def test_cancel_token_is_shared_across_threads():
    token = CancelToken()
    token.check()  # not cancelled: nothing happens
    threading.Thread(target=token.cancel).start()
    for _ in range(100):
        if token.cancelled:
            break
        threading.Event().wait(0.01)
    assert token.cancelled
    with pytest.raises(Cancelled):
        token.check()


def test_job_reports_progress_and_returns_its_result_on_the_ui_thread(qtbot):
    runner = JobRunner(show_dialog=True)
    seen: list[tuple[int, int]] = []
    runner.sig_progress.connect(lambda done, total: seen.append((done, total)))
    ui_thread = threading.current_thread()
    worker_threads: list[threading.Thread] = []

    def job(progress, token):
        worker_threads.append(threading.current_thread())
        for i in range(1, 6):
            progress(i, 5)
        return "imported 5"

    with qtbot.waitSignal(runner.sig_finished, timeout=5000) as blocker:
        runner.start(job, "Importing")
    assert blocker.args == ["imported 5"]
    assert worker_threads[0] is not ui_thread
    assert seen[-1] == (5, 5)
    assert not runner.is_running()
    assert runner.dialog is None


def _jsonl(path, n):
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i}", "text": f"Article {i}: Kataib Hezbollah 😀"}) + "\n")


def test_import_cancelled_midway_leaves_database_unchanged(qtbot, tmp_path, db_path):
    source = tmp_path / "many.jsonl"
    _jsonl(source, 700)  # the store reports progress every 200 records
    Store(db_path).close()
    ui_cancelled = threading.Event()

    def work(store, progress, token):
        def gated(done, total=None):
            progress(done, total)  # raises Cancelled once the user has cancelled
            ui_cancelled.wait(5)  # hold the worker until the UI thread pressed Cancel

        return import_paths(store, [source], annotator="alice", progress=gated)

    runner = JobRunner()

    def press_cancel(*_):
        runner.dialog.findChild(QPushButton).click()  # what the user does
        ui_cancelled.set()

    runner.sig_progress.connect(press_cancel)
    finished = []
    runner.sig_finished.connect(finished.append)
    with qtbot.waitSignal(runner.sig_cancelled, timeout=10000):
        runner.start(with_store(db_path, work), "Importing")
    runner.wait()
    assert finished == []
    with Store(db_path) as check:
        assert check.count_documents() == 0


def test_import_job_finishes_with_its_own_store(qtbot, tmp_path, db_path):
    source = tmp_path / "few.jsonl"
    _jsonl(source, 3)
    runner = JobRunner(show_dialog=False)
    job = with_store(db_path, lambda store, progress, token: import_paths(
        store, [source], annotator="alice", progress=progress))
    with qtbot.waitSignal(runner.sig_finished, timeout=5000) as blocker:
        runner.start(job)
    assert blocker.args[0].documents_added == 3
    with Store(db_path) as check:
        assert check.count_documents() == 3


def test_input_error_is_shown_as_a_message_not_a_traceback(qtbot, tmp_path):
    bad = tmp_path / "broken.jsonl"

    def job(progress, token):
        raise InputError(bad, "not valid JSON", 3)

    runner = JobRunner()
    with qtbot.waitSignal(runner.sig_failed, timeout=5000) as blocker:
        runner.start(job, "Importing")
    message = blocker.args[0]
    assert message == f"{bad}:3: not valid JSON"
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible() and w.windowTitle() == "Could not finish"]
    assert [b.text() for b in boxes] == [message]
    assert "Traceback" not in boxes[0].text()
    boxes[0].close()


def test_unexpected_error_names_the_crash_log(qtbot, isolated_home):
    def job(progress, token):
        raise ZeroDivisionError("division by zero")

    runner = JobRunner(show_dialog=False, show_errors=False)
    with qtbot.waitSignal(runner.sig_failed, timeout=5000) as blocker:
        runner.start(job)
    logs = list((isolated_home / "log").glob("crash-*.log"))
    assert len(logs) == 1
    assert "ZeroDivisionError" in logs[0].read_text(encoding="utf-8")
    assert str(logs[0]) in blocker.args[0]
    assert "Traceback" not in blocker.args[0]


def test_second_job_while_running_is_refused(qtbot):
    release = threading.Event()
    runner = JobRunner(show_dialog=False)
    runner.start(lambda progress, token: release.wait(5))
    with pytest.raises(RuntimeError):
        runner.start(lambda progress, token: None)
    with qtbot.waitSignal(runner.sig_done, timeout=5000):
        release.set()
