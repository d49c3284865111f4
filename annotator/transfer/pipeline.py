"""Import and export as whole operations: files and folders in, one transaction; records
out, streamed, optionally split into train/dev/test by document.

The command line and the window both call these, so they behave the same.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from annotator.core.errors import DataError, InputError, UsageError
from annotator.core.jobs import CancelToken
from annotator.core.model import AnnotatedDocument, Entity
from annotator.formats import registry
from annotator.formats.base import ExportContext, ExportReport, ImportContext
from annotator.store import file_guard
from annotator.store.entities import live_entities
from annotator.store.layers import LayerFilter, iter_layers
from annotator.store.store import ImportSummary, Store

Progress = Callable[[int, int | None], None]  # (done, total or None)


def expand_paths(paths: Iterable[str | Path], fmt: str) -> list[tuple[Path, str]]:
    """Every (file, format) to import; a folder brings each supported file inside it."""
    out: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(p, "no such file or folder")
        if not p.is_dir() and file_guard.is_open_here(p):
            raise InputError(p, "is the database open here (or one of its files); it cannot "
                             "be imported into itself")
        if p.is_dir():
            info = registry.FORMATS.get(fmt)
            if info is not None and info.folder:
                out.append((p, fmt))
                continue
            if fmt == "auto" and "brat" in registry.FORMATS and any(p.rglob("*.ann")):
                out.append((p, "brat"))
                continue
            # An open database and its -wal/-shm are never read: closing any descriptor of
            # them would drop this process's SQLite locks (store/file_guard.py).
            files = sorted(f for f in p.rglob("*") if f.is_file()
                           and not any(part.startswith(".") for part in f.relative_to(p).parts)
                           and not file_guard.is_open_here(f)
                           and (fmt != "auto" or registry.supported_file(f)))
            if not files:
                raise InputError(p, "the folder holds no file of a supported format")
            out.extend((f, fmt if fmt != "auto" else registry.detect(f)) for f in files)
        else:
            out.append((p, fmt if fmt != "auto" else registry.detect(p)))
    for path, name in out:
        registry.get(name)  # unknown names fail before anything is read
    return out


def _records(files: list[tuple[Path, str]], ctx: ImportContext,
             strict: bool = False) -> Iterator[AnnotatedDocument]:
    from annotator.formats import language

    for path, name in files:
        module = registry.load(name)
        # Every document gets meta.lang; a format whose records carry their own metadata
        # marks one it did not give, so its export leaves it out (a fixed point).
        mark = getattr(module, "RECORDS_CARRY_META", False)
        for rec in module.read(path, ctx):
            language.fill(rec.document, mark)
            yield rec
    if strict and ctx.losses:  # raised inside the import's transaction: nothing is stored
        raise DataError("--strict: the files hold what the database cannot: "
                        + "; ".join(f"{n} {kind}" for kind, n in sorted(ctx.losses.items())))


def import_paths(store: Store, paths: Iterable[str | Path], fmt: str = "auto",
                 annotator: str = "analyst", progress: Progress | None = None,
                 cancel: CancelToken | None = None, *, strict: bool = False,
                 labels: list[str] | None = None, predictions: bool = True,
                 keep_boilerplate: bool = False, near_duplicates: str = "keep"
                 ) -> ImportSummary:
    """Import files and folders in ONE transaction: all of them, or nothing (also when
    `cancel` is set: `Cancelled` leaves the database as it was). `strict` refuses the whole
    import when a file holds something the database cannot keep. Near-duplicates of stored
    documents are marked (`near_duplicates` "keep") or left out ("skip")."""
    from annotator.store.near_duplicates import NearDuplicateFilter

    near = NearDuplicateFilter(store, near_duplicates)
    files = expand_paths(paths, fmt)
    ctx = ImportContext(store.schema(), annotator, labels=labels, predictions=predictions,
                        keep_boilerplate=keep_boilerplate)
    callback = (lambda n: progress(n, None)) if progress else None
    from annotator.store.entity_redirects import Resolver

    resolver = Resolver(store)  # a span naming a merged-away actor lands on its survivor
    summary = store.ingest(near.wrap(resolver.records(_records(files, ctx, strict))),
                           annotator, callback, cancel)
    summary.near_duplicates_marked = near.marked
    summary.near_duplicates_skipped = near.skipped
    # Folder formats (brat) count the file pairs they read; the others one file each.
    summary.files = sum(1 for _path, name in files if not registry.FORMATS[name].folder) \
        + ctx.files
    summary.notes.extend(ctx.lines())
    summary.notes.extend(ctx.notes)
    summary.notes.extend(ctx.tally_notes())
    if resolver.redirected:
        summary.notes.append(f"{resolver.redirected} span(s) named a merged actor and now "
                             "point at the actor it was merged into")
    return summary


@dataclass(slots=True)
class ExportRequest:
    fmt: str
    output: str  # a path, or "-" for stdout
    layer_filter: LayerFilter
    split: dict[str, float] | None = None
    seed: int = 0
    strict: bool = False  # refuse (exit 1, nothing written) when the format loses anything


def parse_split(text: str) -> dict[str, float]:
    """`train=0.8,dev=0.1,test=0.1` as an ordered dict of fractions summing to 1."""
    parts: dict[str, float] = {}
    for item in text.split(","):
        name, _, value = item.partition("=")
        name = name.strip()
        try:
            frac = float(value)
        except ValueError:
            raise UsageError(f"--split: {item!r} is not NAME=FRACTION") from None
        if not name or frac < 0 or name in parts:
            raise UsageError(f"--split: bad part {item!r}")
        parts[name] = frac
    total = sum(parts.values())
    if not parts or abs(total - 1.0) > 1e-6:
        raise UsageError(f"--split fractions must add up to 1 (they add up to {total:g})")
    return parts


def assign_parts(doc_ids: list[str], split: dict[str, float], seed: int) -> dict[str, str]:
    """Shuffle documents with the seed and cut by the fractions: same seed, same parts."""
    ids = sorted(doc_ids)
    random.Random(seed).shuffle(ids)
    out: dict[str, str] = {}
    names = list(split)
    start = 0
    cumulative = 0.0
    for i, name in enumerate(names):
        cumulative += split[name]
        end = len(ids) if i == len(names) - 1 else round(cumulative * len(ids))
        for doc_id in ids[start:end]:
            out[doc_id] = name
        start = end
    return out


def part_path(output: Path, part: str, suffix: str = "") -> Path:
    """Where a split part goes: data.jsonl -> data.train.jsonl; a folder out/ ->
    out/train.jsonl (the format's `suffix`), or out/train/ for folder formats."""
    if output.suffix:
        return output.with_name(f"{output.stem}.{part}{output.suffix}")
    return output / f"{part}{suffix}"


class _Outputs:
    """The files an export writes. Each goes to a temporary name beside its target and is
    renamed into place only once the whole export has succeeded: a cancelled or failed
    export leaves no partial file, and an older file of that name stays intact."""

    def __init__(self) -> None:
        self._files: list[tuple[Path, Path]] = []  # (temporary, final)
        self._folders: list[Path] = []  # folders this export created

    def open(self, stack: ExitStack, output: str, folder: bool) -> tuple[BinaryIO | None,
                                                                        Path | None]:
        if output == "-":
            if folder:
                raise UsageError("this format writes a folder: give -o FOLDER, not -")
            return sys.stdout.buffer, None
        path = Path(output)
        if folder:
            if not path.exists():
                self._folders.append(path)
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # a file of that name, no permission...
                raise InputError(path, f"cannot create the folder ({exc.strerror})") from None
            return None, path
        if path.parent and not path.parent.exists():
            raise InputError(path, f"folder {path.parent} does not exist")
        # A device or pipe (-o /dev/null) is written as it is: it cannot be replaced.
        direct = path.exists() and not path.is_file()
        target = path if direct else path.with_name(f".{path.name}.partial-{os.getpid()}")
        try:
            fh = stack.enter_context(target.open("wb"))
        except OSError as exc:
            raise InputError(path, f"cannot write ({exc.strerror})") from None
        if not direct:
            self._files.append((target, path))
        return fh, path

    def empty(self) -> None:
        """Drop what a writer put around no records (a `[]`, an empty DocBin)."""
        for temporary, _final in self._files:
            os.truncate(temporary, 0)

    def commit(self) -> None:
        for temporary, final in self._files:
            os.replace(temporary, final)

    def discard(self) -> None:
        for temporary, _final in self._files:
            temporary.unlink(missing_ok=True)
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)


def export(store: Store, request: ExportRequest, progress: Progress | None = None,
           cancel: CancelToken | None = None) -> ExportReport:
    """Stream the chosen layers to the format's writer (one file, or one per split part).

    Nothing is left behind by a failed or cancelled (`cancel`, checked before each record)
    export: its output appears only when complete.
    """
    info = registry.get(request.fmt, for_export=True)
    module = info.load()
    if hasattr(module, "require"):
        module.require()  # a missing extra is said before any output file is created
    report = ExportReport()
    total = store.count_documents() if progress else None

    def counted(records: Iterable[AnnotatedDocument]) -> Iterator[AnnotatedDocument]:
        last_pk = None
        n = 0
        for rec in records:
            if rec.document.pk != last_pk:
                last_pk = rec.document.pk
                n += 1
                if progress and n % 200 == 0:
                    progress(n, total)
            yield rec

    opened: list[Iterator[AnnotatedDocument]] = []

    def layers() -> Iterator[AnnotatedDocument]:
        source = iter_layers(store, request.layer_filter)
        opened.append(source)
        for rec in source:
            if cancel is not None:
                cancel.check()
            yield rec

    outputs = _Outputs()
    try:
        _write_outputs(store, request, info, module, counted(layers()), layers, outputs,
                       report)
    except BaseException:
        for source in opened:  # end the read now, while the database is still open
            source.close()
        outputs.discard()
        raise
    if request.strict and report.lossy():
        outputs.discard()
        raise DataError("--strict: the format cannot hold everything: "
                        + "; ".join(report.lines()[:6]))
    if report.documents == 0:
        outputs.empty()  # docs/architecture.md: an export that matches nothing writes an empty file
    outputs.commit()
    if progress:
        progress(total or 0, total)
    return report


def _registry(store: Store) -> Callable[[], list[Entity]]:
    """The actor registry, read only if the format asks for it (the `entities` export):
    live actors, then merged-away ones with `merged_into` naming their survivor."""
    from annotator.store.entity_redirects import redirect_entities

    return lambda: live_entities(store) + redirect_entities(store)


def _review(store: Store) -> Callable[[int], dict]:
    """A document's review status and decision log, for gold records (native JSONL)."""
    from annotator.store.review_log import review_record

    return lambda doc: review_record(store, doc)


def _write_outputs(store: Store, request: ExportRequest, info: registry.FormatInfo,
                   module: ModuleType, records: Iterator[AnnotatedDocument],
                   layers: Callable[[], Iterator[AnnotatedDocument]], outputs: _Outputs,
                   report: ExportReport) -> None:
    """Write one file (or folder), or one per split part; outputs are committed later."""
    with ExitStack() as stack:
        if not request.split:
            out, path = outputs.open(stack, request.output, info.folder)
            ctx = ExportContext(store.schema(), path, report, _registry(store),
                                _review(store), _entity_names(store))
            module.write(records, out, ctx)
        else:
            if request.output == "-":
                raise UsageError("--split writes one file per part: give -o PATH, not -")
            doc_ids = [r[0] for r in store.conn.execute("SELECT id FROM documents")]
            parts = assign_parts(doc_ids, request.split, request.seed)
            base = Path(request.output)
            if not base.suffix and not info.folder:
                try:  # -o parts/ -> parts/train.jsonl ...
                    base.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise InputError(base, f"cannot create the folder ({exc.strerror})"
                                     ) from None
            # One streaming pass per part keeps memory flat whatever the size.
            for name in request.split:
                target = part_path(base, name, info.suffix)
                report.notes.append(f"part {name!r} written to {target}")
                out, path = outputs.open(stack, str(target), info.folder)
                part_records = (rec for rec in layers() if parts[rec.document.id] == name)
                module.write(part_records, out,
                             ExportContext(store.schema(), path, report, _registry(store),
                                           _review(store), _entity_names(store)))


def _entity_names(store: Store) -> Callable[[str], str | None]:
    """Actor id -> registry name (a merged actor: the one it was merged into), read once
    when first asked (the events export)."""
    names: dict[str, str] | None = None

    def lookup(entity_id: str) -> str | None:
        nonlocal names
        if names is None:
            rows = store.conn.execute("SELECT id, name, merged_into FROM entities").fetchall()
            merged = {rid: into for rid, _name, into in rows if into}
            names = {rid: name for rid, name, _into in rows}
            for rid, into in merged.items():
                seen = {rid}
                while into in merged and into not in seen:
                    seen.add(into)
                    into = merged[into]
                names[rid] = names.get(into, names[rid])
        return names.get(entity_id)

    return lookup
