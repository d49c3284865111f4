"""Fixtures of the hardening tests: generated articles and a real `annotator` process."""

from __future__ import annotations

import os
import random
import subprocess
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from hardening_support import cli_command, native_record


@pytest.fixture
def make_jsonl() -> Callable[[Path, int, int], Path]:
    """Write `n` native records (seeded) to `path`."""

    def make(path: Path, n: int, seed: int = 0, words: int = 60, prefix: str = "doc") -> Path:
        rng = random.Random(seed)
        with path.open("wb") as fh:
            for i in range(n):
                fh.write(orjson.dumps(native_record(rng, i, words, prefix=prefix)) + b"\n")
        return path

    return make


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess]:
    """Run `python -m annotator ARGS` in a real process (environment of the test)."""

    def run(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(cli_command(*args), check=False, capture_output=True, text=True,
                              timeout=timeout, env=os.environ.copy())

    return run
