"""Errors a user can act on: each names the file, the line when there is one, and the reason."""

from __future__ import annotations

from pathlib import Path


class AnnotatorError(Exception):
    """Base of every error the command line turns into `error: ...` and exit status 1."""


class InputError(AnnotatorError):
    """Bad input: a file that cannot be read or does not follow its format."""

    def __init__(self, path: str | Path | None, reason: str, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = reason
        super().__init__(self.describe())

    def describe(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}"


class DataError(AnnotatorError):
    """The data breaks one of its own rules (span outside its text, hash mismatch...)."""


class DatabaseError(AnnotatorError):
    """The database file cannot be used: not SQLite, truncated, from a newer version, read-only."""


class UsageError(AnnotatorError):
    """The request itself is wrong (unknown format name, missing option): exit status 2."""
