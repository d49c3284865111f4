"""Reading text and keeping offsets right: UTF-8 decoding, newline normalization, remapping.

The rule: stored text is decoded UTF-8 without BOM, with `\r\n` and `\r` turned into `\n`
and nothing else changed. Annotated input with CRLF has its offsets remapped so each span
still covers the same characters.
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path
from typing import BinaryIO

from annotator.core.errors import InputError

BOM = "\ufeff"


def decode_bytes(data: bytes, path: str | Path | None = None) -> str:
    """Decode UTF-8 strictly, dropping a BOM; refuse binary and invalid input with its line."""
    if b"\x00" in data[:8192] or b"\x00" in data[-8192:]:
        raise InputError(path, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path, f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from None
    if text.startswith(BOM):
        text = text[1:]
    return text


def open_input(path: str | Path) -> BinaryIO:
    """Open an input file for reading bytes; the usual failures become InputErrors."""
    try:
        return Path(path).open("rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None


def read_text_file(path: str | Path) -> str:
    """Read a text file by the offset rule; empty or whitespace-only files are refused."""
    with open_input(path) as fh:
        data = fh.read()
    text = normalize_newlines(decode_bytes(data, path))
    if not text.strip():
        raise InputError(path, "empty file")
    return text


def normalize_newlines(text: str) -> str:
    """Turn `\r\n` and lone `\r` into `\n`; nothing else changes."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


class OffsetMap:
    """Maps offsets in a text with CRLF to offsets in its normalized form.

    Each `\r\n` loses its `\r`; a lone `\r` becomes `\n` and keeps its place.
    """

    __slots__ = ("_removed",)

    def __init__(self, original: str):
        removed = []
        i = original.find("\r\n")
        while i != -1:
            removed.append(i)
            i = original.find("\r\n", i + 2)
        self._removed = removed

    @property
    def identity(self) -> bool:
        return not self._removed

    def __call__(self, offset: int) -> int:
        if not self._removed:
            return offset
        return offset - bisect_left(self._removed, offset)


def normalize_with_map(text: str) -> tuple[str, OffsetMap]:
    """The normalized text and the map that moves offsets of the original onto it."""
    return normalize_newlines(text), OffsetMap(text)
