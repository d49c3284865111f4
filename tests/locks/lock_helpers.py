"""Running the command line in another process, for the lock tests (a module of its own:
`from conftest import ...` would find whichever conftest another folder loaded first)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    """The command line in another process, as an analyst's terminal would run it."""
    return subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), *args],
                          check=False, capture_output=True, text=True, timeout=60)
