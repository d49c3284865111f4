"""Crash logs: the full traceback goes to a file in the log folder, never onto the screen.

The window shows a short message that names this file; whoever fixes the bug reads it.
No Qt here, so the command line can use it too.
"""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from annotator import __version__
from annotator.paths import log_dir


def write_crash_log(exc_type: type[BaseException], exc: BaseException,
                    tb: TracebackType | None) -> Path:
    """Write one crash report (version, platform, traceback) and return its path."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC)
    path = folder / f"crash-{stamp:%Y%m%d-%H%M%S-%f}.log"
    lines = [
        f"annotator {__version__} crashed at {stamp.isoformat(timespec='seconds')}",
        f"python {sys.version.split()[0]} on {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    path.write_text("\n".join(line.rstrip("\n") for line in lines) + "\n", encoding="utf-8")
    return path
