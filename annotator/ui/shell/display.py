"""Is there a screen Qt can open? Asked before the QApplication exists, because Qt answers
"no" by aborting the process (SIGABRT, exit 134) with a hint that may not even name the
library that is missing.

Nothing here imports Qt: the X11 plugin is loaded with `ctypes` to learn which system
library it lacks, and the X server is asked through libxcb whether it accepts a connection.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path

HEADLESS_PLATFORMS = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb",
                      "vkkhrdisplay"}
DEBIAN_PACKAGES = ("libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 "
                   "libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 "
                   "libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-xinerama0 "
                   "fonts-dejavu-core fonts-noto-color-emoji")
FIX = ("run annotator inside a desktop session, or set QT_QPA_PLATFORM=offscreen for "
       f"scripts; on Debian the window needs: apt-get install {DEBIAN_PACKAGES}")


def _platform_name(env: Mapping[str, str]) -> str:
    """The first platform QT_QPA_PLATFORM asks for ("wayland;xcb" -> wayland)."""
    value = env.get("QT_QPA_PLATFORM", "")
    return value.split(";")[0].split(":")[0].strip().lower()


def _xcb_plugin() -> Path | None:
    try:
        import PySide6  # only its folder: no Qt module is loaded
    except ImportError:
        return None
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def _missing_library(plugin: Path) -> str | None:
    """The loader's complaint when the X11 plugin cannot load, else None."""
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        reason = str(exc)
        # "…libqxcb.so: libxcb-icccm.so.4: cannot open shared object file: …"
        parts = [p.strip() for p in reason.split(":")]
        for part in parts:
            if ".so" in part and not part.endswith("libqxcb.so"):
                return part
        return reason
    return None


def _missing_cursor_library() -> str | None:
    """Qt 6.5+ loads libxcb-cursor at run time (not a link dependency) and aborts without it."""
    try:
        ctypes.CDLL("libxcb-cursor.so.0")
    except OSError:
        return "libxcb-cursor.so.0"
    return None


def _x_server_refuses(display: str) -> bool:
    name = ctypes.util.find_library("xcb")
    if name is None:
        return False  # cannot ask; the plugin check has already run
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(xcb.xcb_connection_has_error(conn))
    finally:
        xcb.xcb_disconnect(conn)


def display_problem(env: Mapping[str, str] | None = None,
                    platform: str | None = None) -> str | None:
    """Why the window cannot open here (one line, with the fix), or None when it can."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    name = _platform_name(env)
    if name in HEADLESS_PLATFORMS:
        return None
    if name == "wayland" or (not name and env.get("WAYLAND_DISPLAY")):
        return None if env.get("WAYLAND_DISPLAY") else f"no Wayland display is set; {FIX}"
    display = env.get("DISPLAY", "")
    if not display:
        return f"no display (DISPLAY is not set); {FIX}"
    plugin = _xcb_plugin()
    if plugin is not None:
        missing = _missing_library(plugin) or _missing_cursor_library()
        if missing:
            return f"Qt's X11 plugin cannot load ({missing} is missing); {FIX}"
    if _x_server_refuses(display):
        return f"cannot connect to the X display {display!r}; {FIX}"
    return None


__all__ = ["DEBIAN_PACKAGES", "display_problem"]
