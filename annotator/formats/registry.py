"""The formats by name: which module reads or writes each, and how to guess one from a file."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from annotator.core.did_you_mean import did_you_mean
from annotator.core.errors import InputError, UsageError


@dataclass(frozen=True, slots=True)
class FormatInfo:
    name: str
    module: str
    description: str
    can_import: bool = True
    can_export: bool = True
    folder: bool = False  # export writes a folder, import reads one
    extra: str | None = None  # the pip extra a format needs
    suffix: str = ".jsonl"  # the extension of the files its export writes

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)


FORMATS: dict[str, FormatInfo] = {}


def register(info: FormatInfo) -> None:
    FORMATS[info.name] = info


register(FormatInfo("jsonl", "annotator.formats.jsonl", "native JSONL, every layer and link"))
register(FormatInfo("text", "annotator.formats.text", "plain text or Markdown, one article a file",
                    can_export=False))
register(FormatInfo("html", "annotator.formats.html",
                    "saved web pages: the article's text and metadata (trafilatura)",
                    can_export=False))
register(FormatInfo("csv", "annotator.formats.csv_rows",
                    "CSV with a text column and optional title, source, date", can_export=False))

register(FormatInfo("prodigy", "annotator.formats.prodigy",
                    "Prodigy JSONL: tokens, spans on token boundaries, relations"))
register(FormatInfo("doccano", "annotator.formats.doccano",
                    "doccano JSONL or JSON: label lists, entities and relations, "
                    "per-user annotations"))
register(FormatInfo("labelstudio", "annotator.formats.labelstudio",
                    "Label Studio JSON task list: regions, relations, predictions", suffix=".json"))
register(FormatInfo("brat", "annotator.formats.brat",
                    "brat standoff: a folder of .txt and .ann pairs (events, notes, attributes)",
                    folder=True, suffix=""))
register(FormatInfo("conll", "annotator.formats.conll",
                    "CoNLL-2003 IOB2: one token a line, no overlaps", suffix=".conll"))
register(FormatInfo("hf", "annotator.formats.hf",
                    "Hugging Face token classification JSONL (tokens/ner_tags, words/ner) "
                    "plus tag names"))
register(FormatInfo("spacy", "annotator.formats.spacy_docbin",
                    "spaCy v3 DocBin (.spacy): ents and every span group", extra="spacy",
                    suffix=".spacy"))
register(FormatInfo("entities", "annotator.formats.entities",
                    "the actor registry as JSONL (id, name, kind, aliases, mentions)",
                    can_import=False))
register(FormatInfo("events", "annotator.formats.events_csv",
                    "a CSV table for analysts: one row per EVENT with its actors and sentence",
                    can_import=False, suffix=".csv"))
register(FormatInfo("feed", "annotator.formats.feeds",
                    "RSS and Atom feeds: one article per entry, with link, author, date",
                    can_export=False))
register(FormatInfo("warc", "annotator.formats.warc",
                    "crawl archives (.warc, .warc.gz): every HTML page, main text",
                    can_export=False))

IMPORT_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".csv": "csv", ".tsv": "csv",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".json": "labelstudio", ".conll": "conll", ".iob": "conll", ".spacy": "spacy",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".warc": "warc",
}
# Names of more than one suffix (path.suffix sees only ".gz").
IMPORT_COMPOUND_SUFFIXES = {".warc.gz": "warc"}
# Names whose content decides (a saved page may be index.php; a feed, news.xml).
SNIFFED_EXTENSIONS = {"", ".xml", ".php", ".asp", ".aspx", ".jsp", ".cgi", ".shtml", ".gz",
                      ".html", ".htm", ".xhtml", ".rss", ".atom", ".warc", ".arc"}


def get(name: str, *, for_export: bool = False) -> FormatInfo:
    info = FORMATS.get(name)
    if info is None or (for_export and not info.can_export) or (
            not for_export and not info.can_import):
        verb = "export" if for_export else "import"
        usable = sorted(n for n, f in FORMATS.items()
                        if (f.can_export if for_export else f.can_import))
        hint = did_you_mean(name, usable)
        raise UsageError(f"unknown {verb} format {name!r} (available: {', '.join(usable)})"
                         + (f"; {hint}" if hint else ""))
    return info


def detect(path: Path) -> str:
    """Guess a file's format from its name, and by content where names are shared (the
    first record of JSONL, a `.json` list, a `.txt` that holds CoNLL token lines; the first
    bytes of pages, feeds and crawl archives)."""
    ext = path.suffix.lower()
    name = IMPORT_EXTENSIONS.get(ext)
    if ext in SNIFFED_EXTENSIONS:
        from annotator.formats.kinds import is_archive_name, sniff

        name = sniff(path) or ("warc" if is_archive_name(path) else name)
    if name is None:
        raise InputError(path, f"cannot tell the format of a '{ext or 'no extension'}' file; "
                         "name it with --format")
    if name == "jsonl":
        from annotator.formats.sniff import sniff_jsonl
        name = sniff_jsonl(path)
    elif name == "labelstudio":  # .json: by content
        from annotator.formats.sniff import sniff_json
        name = sniff_json(path)
    elif name == "text" and ext == ".txt":  # CoNLL files are often named .txt
        from annotator.formats.sniff import sniff_text
        name = sniff_text(path)
    return name


def supported_file(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in IMPORT_EXTENSIONS or name.endswith(
        tuple(IMPORT_COMPOUND_SUFFIXES))


def load(name: str, *, for_export: bool = False) -> ModuleType:
    return get(name, for_export=for_export).load()
