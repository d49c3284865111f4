"""File > Import… and File > Export…: the dialogs' jobs run off the UI thread, what lands in
the database and on disk, Cancel and failures that change nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtWidgets import QPushButton

from annotator.assets import resource_path
from annotator.formats import registry
from annotator.settings import save_settings
from annotator.store import Store
from annotator.store.layers import LayerFilter
from annotator.transfer.pipeline import ExportRequest, import_paths
from ui_app.helpers import action, dump

TEXT = "Kataib Hezbollah 😀 said\r\nحزب الله rejected the «truce»."


def _jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def _record(i: int, annotator: str = "bob") -> dict:
    text = f"Article {i}: " + TEXT
    start = text.index("Kataib")
    return {"id": f"imp-{i}", "text": text, "meta": {"title": f"Imported {i}"},
            "annotator": annotator, "status": "done",
            "spans": [{"start": start, "end": start + len("Kataib Hezbollah"),
                       "label": "ACTOR"}]}


def _press_cancel(runner):
    runner.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel


def _run_import(qtbot, window, paths, fmt="auto"):
    controller = window.import_export
    action(window, "Import").trigger()
    dialog = controller.dialog
    dialog.add_paths(paths)
    dialog.set_format(fmt)
    with qtbot.waitSignal(controller.runner.sig_done, timeout=20000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    return controller


def test_import_dialog_adds_documents_and_the_list_reloads(qtbot, two_docs_db, open_window,
                                                           tmp_path):
    window = open_window(two_docs_db)
    before = window.documents.model.rowCount()
    source = _jsonl(tmp_path / "more.jsonl", [_record(1), _record(2)])
    controller = _run_import(qtbot, window, [str(source)])
    assert window.documents.model.rowCount() == before + 2
    assert "2 document(s) added" in controller.last_message
    with Store(two_docs_db) as s:
        doc = s.document_by_id("imp-1")
        spans = s.spans(doc.pk, "bob")
    # CRLF normalized and the span remapped onto the same characters
    assert "\r" not in doc.text
    assert [doc.text[sp.start:sp.end] for sp in spans] == ["Kataib Hezbollah"]


def test_import_a_folder_with_a_chosen_format(qtbot, two_docs_db, open_window, tmp_path):
    window = open_window(two_docs_db)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("First article\n\nبيان " + TEXT, encoding="utf-8")
    (folder / "b.txt").write_text("Second article\n\n" + TEXT, encoding="utf-8")
    before = window.documents.model.rowCount()
    _run_import(qtbot, window, [str(folder)], "text")
    assert window.documents.model.rowCount() == before + 2


def test_failed_import_says_where_and_changes_nothing(qtbot, two_docs_db, open_window,
                                                      tmp_path):
    window = open_window(two_docs_db)
    good = _jsonl(tmp_path / "good.jsonl", [_record(1)])
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_record(2)) + "\n{not json\n", encoding="utf-8")
    before = dump(two_docs_db)
    failures = []
    window.import_export.runner.sig_failed.connect(failures.append)
    _run_import(qtbot, window, [str(good), str(bad)], "jsonl")
    assert len(failures) == 1 and "bad.jsonl:2" in failures[0]
    assert window.import_export.runner.error_box.isVisible()
    assert dump(two_docs_db) == before


def test_cancel_rolls_the_import_back(qtbot, two_docs_db, open_window, tmp_path):
    window = open_window(two_docs_db)
    source = _jsonl(tmp_path / "many.jsonl", [_record(i) for i in range(450)])
    before = dump(two_docs_db)
    runner = window.import_export.runner
    blocker = sqlite3.connect(two_docs_db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # the job waits for the write lock...
    cancelled = []
    runner.sig_cancelled.connect(lambda: cancelled.append(True))
    try:
        with qtbot.waitSignal(runner.sig_done, timeout=20000):
            assert window.import_export.start_import([str(source)], "jsonl")
            qtbot.wait(200)
            _press_cancel(runner)  # ...while the analyst presses Cancel
            blocker.execute("ROLLBACK")
    finally:
        blocker.close()
    assert cancelled == [True]
    assert dump(two_docs_db) == before
    assert "nothing was changed" in window.import_export.last_message


def _run_export(qtbot, window, fmt, output, setup=None):
    controller = window.import_export
    action(window, "Export").trigger()
    dialog = controller.dialog
    dialog.set_format(fmt)
    dialog.set_output(output)
    if setup:
        setup(dialog)
    with qtbot.waitSignal(controller.runner.sig_done, timeout=20000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    return controller


@pytest.fixture
def labeled_db(two_docs_db):
    with Store(two_docs_db) as s:
        for pk in s.document_pks():
            text = s.document(pk).text
            s.add_span(pk, "alice", 0, text.index(" "), "ACTOR")
            s.add_span(pk, "bob", 0, text.index(" "), "EVENT")
        s.set_status(s.document_pks()[0], "alice", "done")
    return two_docs_db


def test_export_dialog_writes_what_the_pipeline_writes(qtbot, labeled_db, open_window,
                                                      tmp_path):
    window = open_window(labeled_db)

    def only_mine_done(dialog):
        dialog.mine_radio.setChecked(True)
        dialog.status_checks["done"].setChecked(True)

    out = tmp_path / "mine.jsonl"
    _run_export(qtbot, window, "jsonl", out, only_mine_done)
    # What the file must hold, known without the exporter: alice's one done layer, on the
    # CRLF sample (its text with line ends made LF), holding the span labeled above.
    raw = resource_path("samples/unicode-crlf-sample.txt").read_text(encoding="utf-8")
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    first_word = text[:text.index(" ")]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1
    (record,) = lines
    assert (record["annotator"], record["status"], record["text"], record["relations"]) == (
        "alice", "done", text, [])
    assert record["meta"]["file"] == "unicode-crlf-sample.txt"
    assert [(s["start"], s["end"], s["label"], s["text"]) for s in record["spans"]] == [
        (0, len(first_word), "ACTOR", "Baghdad,")]


def test_export_split_writes_one_file_per_part(qtbot, labeled_db, open_window, tmp_path):
    window = open_window(labeled_db)

    def split(dialog):
        dialog.split_check.setChecked(True)
        dialog.split_edit.setText("train=0.5,test=0.5")
        dialog.seed_spin.setValue(7)

    _run_export(qtbot, window, "conll", tmp_path / "data.conll", split)
    parts = {p: (tmp_path / f"data.{p}.conll").read_text(encoding="utf-8")
             for p in ("train", "test")}
    assert all(text.strip() for text in parts.values())  # two documents, one in each


def test_export_default_path_uses_the_preferred_folder(qtbot, labeled_db, open_window,
                                                       tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    save_settings({"export_folder": str(folder)})
    window = open_window(labeled_db)
    action(window, "Export").trigger()
    dialog = window.import_export.dialog
    dialog.set_format("brat")
    assert dialog.output_edit.text().startswith(str(folder))
    with qtbot.waitSignal(window.import_export.runner.sig_done, timeout=20000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    written = [p for p in folder.iterdir() if p.is_dir()]
    assert len(written) == 1 and any(written[0].rglob("*.ann"))


def test_bad_split_is_refused_in_the_dialog(qtbot, labeled_db, open_window, tmp_path):
    window = open_window(labeled_db)
    action(window, "Export").trigger()
    dialog = window.import_export.dialog
    dialog.set_output(tmp_path / "x.jsonl")
    dialog.split_check.setChecked(True)
    dialog.split_edit.setText("train=0.9,test=0.5")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "add up to 1" in dialog.error_label.text()
    assert not window.import_export.runner.is_running()
    assert not (tmp_path / "x.jsonl").exists()


def test_cancelled_export_leaves_no_file(qtbot, db_path, open_window, tmp_path):
    source = _jsonl(tmp_path / "many.jsonl",
                    [{"id": f"d{i}", "text": f"Short article {i} 😀 حزب"} for i in range(3000)])
    with Store(db_path) as s:
        import_paths(s, [source], "jsonl", "alice")
    window = open_window(db_path)
    runner = window.import_export.runner
    out = tmp_path / "never.jsonl"
    cancelled = []
    runner.sig_cancelled.connect(lambda: cancelled.append(True))
    with qtbot.waitSignal(runner.sig_done, timeout=20000):
        window.import_export.start_export(ExportRequest("jsonl", str(out), LayerFilter()))
        # Pressed at once, before the worker can get through 3,000 records: no race with
        # the progress signal (which is queued and may arrive after the job ends).
        _press_cancel(runner)
    assert cancelled == [True]
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".never")] == []


def test_a_format_needing_a_missing_extra_says_how_to_install_it(qtbot, labeled_db,
                                                                 open_window, tmp_path):
    fake = registry.FormatInfo("needs-extra", "annotator.formats.jsonl", "test only",
                               extra="annotator_no_such_package")
    registry.register(fake)
    try:
        window = open_window(labeled_db)
        action(window, "Export").trigger()
        dialog = window.import_export.dialog
        dialog.set_format("needs-extra")
        assert "pip install 'annotator[annotator_no_such_package]'" in dialog.note.text()
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert dialog.isVisible() and "pip install" in dialog.error_label.text()
        assert not window.import_export.runner.is_running()
    finally:
        del registry.FORMATS["needs-extra"]
