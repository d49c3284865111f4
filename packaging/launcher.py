"""Entry point of the frozen app: the same command line as the `annotator` script.

The executable's own name picks the behaviour, as pip's two scripts do: `annotator` is the
command line (window by default), `annotator-gui` always opens the window (on Windows and
macOS it is built without a console).
"""

import multiprocessing
import sys
from pathlib import Path

from annotator.cli import main, main_gui

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless unless a worker process is ever spawned
    gui = Path(sys.executable).stem.lower().endswith("-gui")
    sys.exit(main_gui() if gui else main())
