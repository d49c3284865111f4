"""Running the command line for format tests: import, export, and the double round trip."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.cli import main

REAL = Path(__file__).resolve().parents[1] / "data" / "realworld"


def cli(capsys, *args: str) -> tuple[int, str]:
    """Run `annotator ARGS`; (exit status, stderr)."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def round_trip(capsys, tmp_path: Path, fmt: str, source: Path, out_name: str,
               *import_args: str) -> tuple[Path, Path, str]:
    """Import `source`, export it (out 1); import out 1 into a fresh database and export
    again (out 2). Returns both outputs and the first import's stderr."""
    first, second = tmp_path / "one" / out_name, tmp_path / "two" / out_name
    first.parent.mkdir(exist_ok=True)
    second.parent.mkdir(exist_ok=True)
    db1, db2 = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    code, err = cli(capsys, "--db", db1, "--annotator", "tester", "import", "--format", fmt,
                    source, *import_args)
    assert code == 0, err
    code, err2 = cli(capsys, "--db", db1, "export", "--format", fmt, "-o", first)
    assert code == 0, err2
    code, err3 = cli(capsys, "--db", db2, "--annotator", "tester", "import", "--format", fmt,
                     first, *import_args)
    assert code == 0, err3
    code, err4 = cli(capsys, "--db", db2, "export", "--format", fmt, "-o", second)
    assert code == 0, err4
    return first, second, err


def json_lines(path: Path) -> list:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all((a / p).read_bytes() == (b / p).read_bytes()
                                      for p in files_a)
