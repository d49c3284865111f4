"""Issue 13: without a usable display, `annotator` says so in one line and exits 1, instead
of Qt aborting the process (SIGABRT, exit 134)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from annotator.ui.shell.display import display_problem

LINUX = sys.platform.startswith("linux")


@pytest.mark.skipif(not LINUX, reason="X11 and Wayland are Linux's")
@pytest.mark.parametrize("command", [[], ["gui"]])
def test_no_display_exits_1_with_one_line_naming_the_fix(tmp_path, command):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "annotator", "--db",
                           str(tmp_path / "a.sqlite"), *command],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert time.monotonic() - started < 10
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: cannot open the window: no display")
    assert "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert "libxcb-cursor0" in lines[0]
    assert not (tmp_path / "a.sqlite").exists()  # nothing was created


def test_headless_platforms_and_other_systems_are_fine():
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "minimal"}, "linux") is None
    assert display_problem({}, "darwin") is None
    assert display_problem({}, "win32") is None


def test_wayland_needs_its_display():
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    problem = display_problem({"QT_QPA_PLATFORM": "wayland"}, "linux")
    assert problem is not None and "Wayland" in problem


@pytest.mark.skipif(not LINUX, reason="X11 is Linux's here")
def test_an_x_display_nobody_serves_is_named():
    problem = display_problem({"DISPLAY": ":93"}, "linux")
    assert problem is not None
    # Either a library the X11 plugin needs is missing, or the server refuses: both named.
    assert "X11 plugin cannot load" in problem or "':93'" in problem
