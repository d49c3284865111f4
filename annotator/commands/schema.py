"""`annotator schema export FILE` / `schema import FILE`: share a label schema as JSON.

The JSON is `LabelSchema.to_json()`. An import that would orphan existing annotations
(a label, relation type, attribute or attribute value still in use) is refused, naming
each conflict, and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annotator.core.errors import DataError, InputError, UsageError


def read_schema_file(path: str | Path):
    """A schema from a JSON file; InputError names the file and what is wrong."""
    from annotator.core.schema import LabelSchema

    path = Path(path)
    try:
        raw = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not JSON ({exc.msg})", exc.lineno) from None
    try:
        # The rules are checked by `apply_schema`, together with what the schema would
        # orphan, so one refusal names every problem.
        return LabelSchema.from_json(data, validate=False)
    except DataError as exc:
        raise InputError(path, str(exc)) from None


def _export(store, target: str) -> None:
    text = json.dumps(store.schema().to_json(), indent=2, ensure_ascii=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
        return
    path = Path(target)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot write ({exc.strerror})") from None
    print(f"wrote the schema ({len(store.schema().labels)} labels) to {path}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from annotator.paths import resolve_db
    from annotator.store import Store
    from annotator.store.schema_guard import apply_schema

    action = args.schema_command
    if action not in ("export", "import"):
        raise UsageError(f"unknown schema action {action!r}")
    schema = read_schema_file(args.file) if action == "import" else None
    path, _default = resolve_db(args.db)
    with Store(path) as store:
        if action == "export":
            _export(store, args.file)
            return 0
        try:
            apply_schema(store, schema)
        except DataError as exc:
            raise InputError(args.file, str(exc)) from None
    print(f"imported the schema from {args.file}: {', '.join(schema.label_names)}",
          file=sys.stderr)
    return 0
