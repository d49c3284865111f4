"""Rewrite README.md's generated sections from the code, so they cannot drift from it:
the command-line reference (`annotator --help` and each command's `--help`) and the formats
table (from the format registry).

Run from anywhere: `python docs/gen_cli_reference.py` (rewrites README.md), or with
`--check` (exit 1 when README.md is stale; tests/test_readme_cli.py does the same).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
WIDTH = "100"  # argparse wraps help to $COLUMNS: fix it so the output is the same everywhere
SECTIONS = ("cli-reference", "formats")


def _help(parser: argparse.ArgumentParser) -> str:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        return parser.format_help().rstrip()
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def _commands(parser: argparse.ArgumentParser, prefix: str = ""):
    """(full command name, its parser) for every command and sub-command, in order."""
    for action in parser._actions:  # argparse has no public way to list sub-parsers
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                full = f"{prefix}{name}"
                yield full, sub
                yield from _commands(sub, f"{full} ")


def cli_reference() -> str:
    from annotator.cli import build_parser

    parser = build_parser()
    parts = ["### `annotator --help`", "", "```text", _help(parser), "```"]
    for name, sub in _commands(parser):
        parts += ["", f"### `annotator {name} --help`", "", "```text", _help(sub), "```"]
    return "\n".join(parts)


def formats_table() -> str:
    from annotator.formats.registry import FORMATS

    rows = ["| Format | Import | Export | What it is |", "|---|:-:|:-:|---|"]
    for name, info in FORMATS.items():
        what = info.description
        if info.folder and "folder" not in what:
            what += " (a folder)"
        if info.extra:
            what += f"; needs `pip install 'annotator[{info.extra}]'`"
        rows.append(f"| `{name}` | {'yes' if info.can_import else '–'} | "
                    f"{'yes' if info.can_export else '–'} | {what} |")
    return "\n".join(rows)


def generated() -> dict[str, str]:
    return {"cli-reference": cli_reference(), "formats": formats_table()}


def _pattern(section: str) -> re.Pattern:
    return re.compile(rf"(<!-- {section}:start -->\n)(?:.*?\n)?(<!-- {section}:end -->)", re.DOTALL)


def render(readme: str) -> str:
    """README text with every generated section replaced by its current content."""
    for section, body in generated().items():
        pattern = _pattern(section)
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no <!-- {section}:start/end --> markers")
        readme = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2), readme)
    return readme


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if check:
        if fresh != current:
            print("README.md is stale: run python docs/gen_cli_reference.py", file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        README.write_text(fresh, encoding="utf-8")
        print(f"rewrote {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
