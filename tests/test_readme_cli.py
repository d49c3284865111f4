"""README.md's command-line reference and formats table are generated from the code
(docs/gen_cli_reference.py); this fails when someone changes a command or a format and
forgets to regenerate them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("gen_cli_reference",
                                                  ROOT / "docs" / "gen_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_sections_match_the_code():
    gen = _generator()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert gen.render(readme) == readme, "README.md is stale: run python docs/gen_cli_reference.py"


def test_reference_holds_every_command_and_format():
    from annotator.cli import build_parser
    from annotator.formats.registry import FORMATS

    gen = _generator()
    reference = gen.cli_reference()
    for name, _parser in gen._commands(build_parser()):
        assert f"### `annotator {name} --help`" in reference
    assert "usage: annotator export" in reference
    table = gen.formats_table()
    for name in FORMATS:
        assert f"| `{name}` |" in table
