"""Processes that hold a database open while the test touches its files, then get killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CHILD = HERE / "lock_child.py"


class Held:
    """A child process with the database open; `say(cmd)` returns its one-line answer."""

    def __init__(self, mode: str, db: Path, analyst: str = "alice"):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), mode, str(db), analyst], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1, env=env)
        assert self.say(None) == "ready"

    def say(self, command: str | None) -> str:
        if command is not None:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        line = self.proc.stdout.readline().strip()
        if not line:
            raise AssertionError(f"the child process died answering {command!r}")
        return line

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


@pytest.fixture
def held():
    started: list[Held] = []

    def start(mode: str, db: Path, analyst: str = "alice") -> Held:
        child = Held(mode, db, analyst)
        started.append(child)
        return child

    yield start
    for child in started:
        if child.proc.poll() is None:
            child.kill()
