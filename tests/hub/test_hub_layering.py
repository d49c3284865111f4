"""annotator.hub sits beside the command line: no Qt, and store/formats/core never
import it (checked on the source, lazy imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import annotator

PACKAGE = Path(annotator.__file__).parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_hub_imports_no_qt():
    for path in (PACKAGE / "hub").rglob("*.py"):
        assert not {m for m in _imports(path) if m.startswith(("PySide6", "shiboken6"))}, path


def test_lower_layers_never_import_the_hub():
    for layer in ("core", "store", "formats"):
        for path in (PACKAGE / layer).rglob("*.py"):
            assert not {m for m in _imports(path) if m.startswith("annotator.hub")}, path


def test_psycopg_is_imported_only_when_a_hub_command_runs():
    for path in (PACKAGE / "hub").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names}
        top |= {n.module for n in tree.body if isinstance(n, ast.ImportFrom) and n.module}
        assert not {m for m in top if m.startswith("psycopg")}, path
