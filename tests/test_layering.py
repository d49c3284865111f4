"""Layers import only downwards: core, store, formats, cli.py and commands never import
PySide6 (checked on the source, so a lazy import inside a function is caught too)."""

from __future__ import annotations

import ast
from pathlib import Path

import annotator

PACKAGE = Path(annotator.__file__).parent
QT_FREE = ["core", "store", "formats", "transfer", "commands", "cli.py", "__main__.py", "paths.py",
           "settings.py"]


def _qt_free_sources() -> list[Path]:
    files: list[Path] = []
    for name in QT_FREE:
        target = PACKAGE / name
        files.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return files


def _imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                node.func, "id", None)) in ("import_module", "__import__") and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names.add(node.args[0].value)
    return names


def test_the_scan_sees_every_layer():
    files = _qt_free_sources()
    assert PACKAGE / "cli.py" in files
    assert PACKAGE / "store" / "store.py" in files
    assert PACKAGE / "formats" / "jsonl.py" in files
    assert PACKAGE / "core" / "text.py" in files


def test_lower_layers_never_import_pyside6():
    offenders = {}
    for source in _qt_free_sources():
        qt = sorted(m for m in _imported_modules(source)
                    if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
        if qt:
            offenders[str(source.relative_to(PACKAGE))] = qt
    assert offenders == {}


def test_lower_layers_never_import_the_ui():
    offenders = {}
    for source in _qt_free_sources():
        up = sorted(m for m in _imported_modules(source)
                    if m.startswith(("annotator.ui", "annotator.app")))
        if up and source.name != "cli.py":
            offenders[str(source.relative_to(PACKAGE))] = up
    assert offenders == {}


def test_the_scan_catches_a_lazy_qt_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from PySide6.QtWidgets import QWidget\n    return QWidget\n")
    assert "PySide6.QtWidgets" in _imported_modules(probe)


def test_command_line_paths_do_not_load_qt():
    import subprocess
    import sys

    code = ("import sys, annotator.cli, annotator.transfer.pipeline, annotator.store.report\n"
            "from annotator.cli import main\n"
            "main(['--db', sys.argv[1], 'stats', '--json'])\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", code, str(Path(tmp) / "x.sqlite")],
                             capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
