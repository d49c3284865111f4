"""Progress on the terminal for long commands (import, export, merge): one line on stderr,
and only when stderr is a terminal, so scripts and pipes see nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable


def progress_printer(what: str) -> Callable[[int, int | None], None] | None:
    """A progress line on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int | None) -> None:
        if total:
            width = 30
            filled = int(width * min(done, total) / total)
            sys.stderr.write(f"\r{what} [{'#' * filled}{'.' * (width - filled)}] "
                             f"{done}/{total}")
        else:
            sys.stderr.write(f"\r{what} {done}")
        sys.stderr.flush()

    return show


def end_progress(show: object) -> None:
    """Close the progress line `progress_printer` drew, if it drew one."""
    if show is not None:
        sys.stderr.write("\n")
