"""The command line (docs/architecture.md, "Command line"). No Qt import at module level.

Exit status: 0 success; 1 bad input or data problem (one line `error: ...` on stderr);
2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from annotator import __version__
from annotator.commands.progress import end_progress as _end_progress
from annotator.commands.progress import progress_printer as _progress_printer

EXPORT_HELP = "output format (jsonl, prodigy, doccano, labelstudio, brat, conll, hf, spacy...)"


def _format_help(export: bool) -> str:
    """Every registered format, so the help never falls behind the registry."""
    from annotator.formats.registry import FORMATS

    names = [n for n, f in FORMATS.items() if (f.can_export if export else f.can_import)]
    if export:
        return "output format: " + ", ".join(names)
    return "auto (by file name and content), " + ", ".join(names)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with one line
        self.print_usage(sys.stderr)
        sys.stderr.write(f"error: {_with_hint(message)}\n")
        raise SystemExit(2)


def _with_hint(message: str) -> str:
    """argparse's "invalid choice: 'exprot' (choose from ...)" gains "did you mean"."""
    import re

    found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if not found:
        return message
    from annotator.core.did_you_mean import did_you_mean

    hint = did_you_mean(found.group(1), re.findall(r"'([^']*)'", found.group(2)))
    return f"{message}; {hint}" if hint else message


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="annotator",
        description="Label news articles offline: actors, events, quotes and their links.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--db", metavar="PATH",
                        help="database file (default: $ANNOTATOR_DB, else the user data folder)")
    parser.add_argument("--annotator", metavar="NAME",
                        help="who is working (default: $ANNOTATOR_NAME, the saved "
                             "preference, else the login name)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sub.add_parser("gui", help="open the window (the default command)")

    p = sub.add_parser("import", help="import articles and annotations")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--format", default="auto", help=_format_help(export=False))
    p.add_argument("--strict", action="store_true",
                   help="refuse the import (exit 1, nothing stored) when a file holds "
                        "anything the database cannot keep")
    p.add_argument("--labels", metavar="FILE_OR_LIST",
                   help="tag names for CoNLL / Hugging Face tag ids: a JSON file "
                        "(a list, or {\"label_names\": [...]}) or O,B-X,I-X,...")
    p.add_argument("--no-predictions", dest="predictions", action="store_false",
                   help="Label Studio: skip model predictions (default: one layer per "
                        "model version)")
    p.add_argument("--keep-boilerplate", action="store_true",
                   help="keep blog and news trailers (\"Post a Comment\", share prompts, "
                   "cookie notices) that text imports trim")
    p.add_argument("--near-duplicates", choices=["keep", "skip"], default="keep",
                   help="a near-duplicate of a stored article: keep it marked in "
                   "meta.near_duplicate_of (default), or skip it")

    p = sub.add_parser("export", help="export annotations")
    p.add_argument("--format", required=True, help=_format_help(export=True))
    p.add_argument("--strict", action="store_true",
                   help="refuse the export (exit 1, nothing written) when the format "
                        "cannot hold everything (relations, attributes, overlaps...)")
    p.add_argument("-o", "--output", required=True, metavar="PATH",
                   help="output file or folder, - for standard output")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--from", dest="from_", action="append", metavar="NAME",
                     help="export this analyst's layer (repeatable; default: all layers)")
    who.add_argument("--gold", action="store_true", help="export the reviewed (gold) layer")
    p.add_argument("--status", action="append", metavar="S",
                   choices=["new", "in_progress", "done"],
                   help="only layers with this status (repeatable)")
    p.add_argument("--label", action="append", metavar="L", help="only spans with this label")
    p.add_argument("--split", metavar="SPEC", help="e.g. train=0.8,dev=0.1,test=0.1")
    p.add_argument("--seed", type=int, default=0, help="seed of the split (default 0)")

    p = sub.add_parser("merge", help="merge another analyst's database or JSONL export")
    p.add_argument("other", metavar="OTHER", help="OTHER.sqlite or OTHER.jsonl")

    p = sub.add_parser("agreement", help="inter-annotator agreement")
    p.add_argument("--label", metavar="L", help="only this label")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("stats", help="counts of documents, spans and statuses")
    p.add_argument("--json", action="store_true", help="print JSON")

    sub.add_parser("check", help="check the database's integrity and the data's rules")

    p = sub.add_parser("suggest", help="print suggestions for every document (stores nothing)")
    p.add_argument("--patterns", metavar="FILE", help="Prodigy-style patterns JSONL")
    p.add_argument("--model", nargs="?", const="latest", metavar="PATH",
                   help="also the trained model's suggestions (default: the latest model)")
    p.add_argument("--json", action="store_true", help="print JSON lines")
    p.add_argument("--all", action="store_true",
                   help="also list what the layer has labelled, accepted or rejected")

    p = sub.add_parser("schema", help="share the label schema as JSON")
    schema_sub = p.add_subparsers(dest="schema_command", metavar="ACTION", required=True,
                                  parser_class=_Parser)
    sp = schema_sub.add_parser("export", help="write the schema to FILE")
    sp.add_argument("file", metavar="FILE")
    sp = schema_sub.add_parser("import", help="replace the schema with FILE's")
    sp.add_argument("file", metavar="FILE")
    from annotator.hub.cli_args import add_hub_commands  # hub, sync, assign, team

    add_hub_commands(sub, _Parser)
    _add_model_commands(sub)
    return parser


def _add_model_commands(sub) -> None:
    """`train` and `evaluate` (annotator.commands.train/evaluate; spaCy, docs/model.md)."""
    p = sub.add_parser("train", help="train a spaCy model on finished documents")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--from", dest="from_", action="append", metavar="NAME",
                     help="learn from this analyst's layer (repeatable)")
    who.add_argument("--gold", action="store_true", help="learn from the gold layer")
    p.add_argument("--labels", metavar="L,...", help="only these labels (default: all)")
    p.add_argument("--lang", default=None, metavar="CODE",
                   help="spaCy language (default: the documents' meta.lang, else en)")
    p.add_argument("--eval-split", type=float, default=0.2, metavar="F",
                   help="share of documents held out for scoring (default 0.2)")
    p.add_argument("--seed", type=int, default=0, help="seed of the split and training")
    p.add_argument("--max-minutes", type=float, default=8.0, metavar="M",
                   help="stop training after M minutes (default 8)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("evaluate", help="score a trained model on documents it did not see")
    p.add_argument("--model", required=True, metavar="PATH",
                   help="a model version folder, or a models folder (its latest)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--from", dest="from_", action="append", metavar="NAME",
                     help="score on this analyst's layer")
    who.add_argument("--gold", action="store_true", help="score on the gold layer")
    p.add_argument("--json", action="store_true", help="print JSON")


def _open_store(args: argparse.Namespace):
    from annotator.paths import resolve_db
    from annotator.store import Store

    path, _default = resolve_db(args.db)
    return Store(path)


def _annotator(args: argparse.Namespace) -> str:
    from annotator.paths import resolve_annotator

    return resolve_annotator(args.annotator)[0]


def cmd_import(args: argparse.Namespace) -> int:
    from annotator.transfer.pipeline import import_paths

    with _open_store(args) as store:
        show = _progress_printer("importing")
        summary = import_paths(store, args.paths, args.format, _annotator(args), show,
                               strict=args.strict, labels=_tag_names(args.labels),
                               predictions=args.predictions,
                               keep_boilerplate=args.keep_boilerplate,
                               near_duplicates=args.near_duplicates)
        _end_progress(show)
    print(f"imported {summary.files} file(s): {summary.describe()}", file=sys.stderr)
    for note in summary.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def _tag_names(value: str | None) -> list[str] | None:
    """--labels: a JSON file of tag names, or the names separated by commas."""
    if value is None:
        return None
    from pathlib import Path

    if Path(value).is_file():
        from annotator.formats.hf import load_names_file

        return load_names_file(Path(value))
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names:
        from annotator.core.errors import UsageError

        raise UsageError("--labels: give a file or names such as O,B-PER,I-PER")
    return names


def cmd_export(args: argparse.Namespace) -> int:
    from annotator.store.layers import LayerFilter
    from annotator.transfer.pipeline import ExportRequest, export, parse_split

    annotators = ["gold"] if args.gold else args.from_
    request = ExportRequest(args.format, args.output,
                            LayerFilter(annotators, args.status, args.label),
                            parse_split(args.split) if args.split else None, args.seed,
                            args.strict)
    with _open_store(args) as store:
        show = _progress_printer("exporting")
        report = export(store, request, show)
        _end_progress(show)
    for line in report.lines():
        print(f"note: {line}", file=sys.stderr)
    if report.documents == 0:
        print("exported nothing: no layer matches (the output is empty)", file=sys.stderr)
    else:
        print(f"exported {report.documents} record(s), {report.spans} span(s), "
              f"{report.relations} relation(s)", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from annotator.store.report import collect_stats, format_stats

    with _open_store(args) as store:
        stats = collect_stats(store)
    if args.json:
        import json

        print(json.dumps(stats, indent=2, ensure_ascii=False))
    else:
        print(format_stats(stats))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from annotator.store.report import check_database

    with _open_store(args) as store:
        problems = check_database(store)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    print("ok: the database is sound", file=sys.stderr)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from annotator.app import run

    return run(args.db, args.annotator)


def _not_yet(name: str) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        from annotator.core.errors import UsageError

        raise UsageError(f"'{name}' is not available in this version yet")

    return handler


def _dispatch(command: str) -> Callable[[argparse.Namespace], int]:
    """The handler of a command; later modules plug theirs in here by name."""
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "gui": cmd_gui, "import": cmd_import, "export": cmd_export, "stats": cmd_stats,
        "check": cmd_check,
    }
    if command in handlers:
        return handlers[command]
    import importlib

    try:
        module = importlib.import_module(f"annotator.commands.{command}")
    except ModuleNotFoundError:
        return _not_yet(command)
    return module.run


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    from annotator.core.errors import AnnotatorError, UsageError

    try:
        return _dispatch(command)(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AnnotatorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing was changed by the unfinished step", file=sys.stderr)
        return 1
    except BrokenPipeError:
        _quiet_stdout()
        return 0


def _quiet_stdout() -> None:
    """The reader of our output went away (`| head`): point stdout at nothing so the
    interpreter's last flush raises no second error, and end quietly."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main_gui() -> int:
    """Entry point of the desktop launcher: always the window."""
    return main([*sys.argv[1:], "gui"] if "gui" not in sys.argv[1:] else sys.argv[1:])


__all__ = ["build_parser", "main"]
