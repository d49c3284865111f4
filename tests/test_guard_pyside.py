"""Guard for the PySide6 pin (docs/architecture.md, "Install and dependencies").

PySide6 6.12.0 on Python 3.11 drops a reference to `None` on every call that returns
nothing, and the process aborts at exit (`Fatal Python error: none_dealloc`). The pin holds
PySide6-Essentials below 6.12; this test proves the installed release exits cleanly, so the
pin can be lifted once a release passes it.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QWidget
app = QApplication(["guard"])
w = QWidget()
label = QLabel("x", w)
# Each of these returns None; 6.12.0 loses a reference to None on every call. Call them
# more often than None has references, so a faulty release must hit zero and abort.
before = sys.getrefcount(None)
for _ in range(before + 1000):
    w.setWindowTitle("guard")
    label.setText("y")
    w.resize(10, 10)
after = sys.getrefcount(None)
w.close()
app.processEvents()
print(before - after)
"""


def _run_probe() -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def test_installed_pyside6_does_not_abort_at_exit():
    result = _run_probe()
    assert "none_dealloc" not in result.stderr
    assert "Fatal Python error" not in result.stderr
    assert result.returncode == 0, result.stderr[-2000:]
    lost = int(result.stdout.strip().splitlines()[-1])
    assert lost < 1000, f"{lost} references to None lost"


def test_pin_below_6_12_or_a_sound_release():
    import PySide6

    version = tuple(int(p) for p in PySide6.__version__.split(".")[:2])
    if version >= (6, 12):
        # Only acceptable when the release has been fixed: the probe must exit cleanly.
        assert _run_probe().returncode == 0, (
            f"PySide6 {PySide6.__version__} aborts at exit: keep PySide6-Essentials<6.12")
    else:
        assert version >= (6, 8)
