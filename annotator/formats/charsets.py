"""Reading the bytes of a page, feed or text file in whatever character set it was saved in.

The order: a byte-order mark; else the charset the file declares (an HTML `<meta charset>`,
an XML declaration); else UTF-8; else, for a file with no trace of UTF-8 in it, the legacy
character set charset-normalizer detects (windows-1252, ISO-8859-x, windows-1256...).
A file that claims UTF-8 (by BOM, by declaration, or by holding valid multi-byte UTF-8
sequences next to its invalid bytes) and is not valid UTF-8 stays a clear error naming the
line, as the offset rule in DESIGN.md asks: guessing there would store mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.text import decode_bytes, normalize_newlines, open_input

_HTML_META = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""",
                        re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")
# WHATWG Encoding: pages labelled latin-1 or ASCII are decoded as windows-1252 by browsers.
_WHATWG_ALIASES = {"latin_1": "cp1252", "ascii": "cp1252", "iso8859_1": "cp1252"}
# When several character sets decode the bytes to the same text, name the common one.
_PREFERRED = ("cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1256", "iso8859_6",
              "cp1251", "koi8_r", "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1255",
              "iso8859_8", "cp1257", "iso8859_13", "iso8859_4", "iso8859_5", "iso8859_3",
              "iso8859_10", "iso8859_14", "iso8859_16", "cp1258", "cp874", "tis_620",
              "mac_roman", "koi8_u", "gb18030", "gbk", "gb2312", "big5", "big5hkscs",
              "shift_jis", "cp932", "euc_jp", "iso2022_jp", "euc_kr", "cp949", "utf_16",
              "utf_16_le", "utf_16_be")
_DETECTABLE = frozenset(_PREFERRED)
_COMMON = _PREFERRED[:18]
_BOMS = ((codecs.BOM_UTF8, "utf_8"), (codecs.BOM_UTF16_LE, "utf_16_le"),
         (codecs.BOM_UTF16_BE, "utf_16_be"))


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # a display name: UTF-8, windows-1252, ISO-8859-6...
    how: str  # "default", "byte-order mark", "declared", "detected"

    @property
    def legacy(self) -> bool:
        return self.encoding != "UTF-8"


def display_name(codec: str) -> str:
    """Python's codec name as people write it: cp1252 -> windows-1252, iso8859_6 ->
    ISO-8859-6, utf_8 -> UTF-8."""
    name = codecs.lookup(codec).name
    if name.startswith("cp125"):
        return f"windows-{name[2:]}"
    if name.startswith("iso8859-"):
        return "ISO-8859-" + name.split("-", 1)[1]
    return {"utf-8": "UTF-8", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE",
            "utf-16": "UTF-16"}.get(name, name.upper().replace("_", "-"))


def codec_for_label(label: bytes | str) -> str | None:
    label = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    try:
        name = codecs.lookup(label.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(name, name)


def declared_charset(data: bytes, kind: str) -> str | None:
    """The Python codec a page (`kind` "html") or feed ("xml") declares in its first bytes."""
    head = data[:4096]
    match = None
    if kind in ("xml", "html"):
        match = _XML_DECL.match(head)
    if match is None and kind == "html":
        match = _HTML_META.search(head)
    return codec_for_label(match.group(1)) if match else None


def _is_utf8(codec: str) -> bool:
    return codec in ("utf_8", "utf_8_sig")


def detect_legacy(data: bytes) -> str | None:
    """The legacy character set charset-normalizer finds for bytes that are not UTF-8.

    windows-1252 first when it reads the bytes without mess (it is by far the most common
    legacy set of news pages); else, of the least messy readings, the most common set."""
    from charset_normalizer import from_bytes

    western = from_bytes(data, cp_isolation=["cp1252"]).best()
    if western is not None and western.chaos <= 0.01:
        return "cp1252"
    # The usual legacy sets are always tried: charset-normalizer's own pass can miss one
    # (Polish ISO-8859-2 came back only as ISO-8859-10 and -4, which misread it).
    matches = list(from_bytes(data)) + list(from_bytes(data, cp_isolation=list(_COMMON)))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    names = [n for m in matches if m.chaos <= least + 0.01
             for n in (m.encoding, *m.could_be_from_charset) if n in _DETECTABLE]
    return min(names, key=_PREFERRED.index) if names else None


def decode(data: bytes, path: str | Path | None = None, kind: str = "text") -> Decoded:
    """Decode a whole file by BOM, declaration, UTF-8, else detection (see the module)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if _is_utf8(codec):
                return Decoded(decode_bytes(data, path), "UTF-8", "byte-order mark")
            try:
                return Decoded(data[len(bom):].decode(codec), display_name(codec),
                               "byte-order mark")
            except UnicodeDecodeError:
                break  # not UTF-16 after all: let the UTF-8 rule below speak
    declared = declared_charset(data, kind)
    if declared is not None and declared.startswith("utf_16"):
        declared = None  # a page read as bytes that decode as ASCII cannot be UTF-16
    if declared is not None and not _is_utf8(declared):
        try:
            return Decoded(data.decode(declared), display_name(declared), "declared")
        except UnicodeDecodeError:
            pass  # a wrong declaration: detect, as browsers do
    try:
        return Decoded(decode_bytes(data, path), "UTF-8", "default")
    except InputError:
        if declared is not None and _is_utf8(declared) or _UTF8_MULTIBYTE.search(data):
            raise  # it claims UTF-8: invalid bytes are an error, not a legacy file
        if b"\x00" in data[:8192]:
            raise
    codec = detect_legacy(data)
    try:
        if codec is not None:
            return Decoded(data.decode(codec), display_name(codec), "detected")
    except UnicodeDecodeError:
        pass
    decode_bytes(data, path)  # raises the invalid UTF-8 error with its line
    raise AssertionError("unreachable: the bytes are not UTF-8")


def note(decoded: Decoded) -> str | None:
    """The tally key an import summary counts a legacy file under, or None for UTF-8."""
    if not decoded.legacy:
        return None
    return f"read from {decoded.encoding} ({decoded.how})"


def read_file(path: Path, kind: str = "text", ctx=None) -> str:
    """A page, feed or text file as text by the offset rule (newlines normalized, nothing
    else), in its character set; the import summary counts files in legacy sets."""
    with open_input(path) as fh:
        data = fh.read()
    decoded = decode(data, path, kind)
    text = normalize_newlines(decoded.text)
    if not text.strip():
        raise InputError(path, "empty file")
    key = note(decoded)
    if key is not None and ctx is not None:
        ctx.tally(f"file(s) {key}")
    return text
