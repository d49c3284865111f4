"""Where things live on disk: the one module built on platformdirs (no Qt).

Tests point every location at a temporary folder through ANNOTATOR_HOME, so they never touch
the real user directories.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

APP = "annotator"
DB_ENV = "ANNOTATOR_DB"
NAME_ENV = "ANNOTATOR_NAME"
HOME_ENV = "ANNOTATOR_HOME"  # overrides every folder below (tests, portable installs)


def _dir(kind: str) -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / kind
    import platformdirs

    return {
        "data": platformdirs.user_data_path,
        "config": platformdirs.user_config_path,
        "log": platformdirs.user_log_path,
    }[kind](APP)  # exactly platformdirs.user_data_path("annotator"), as docs/architecture.md names it


def data_dir() -> Path:
    return _dir("data")


def config_dir() -> Path:
    return _dir("config")


def log_dir() -> Path:
    return _dir("log")


def default_db_path() -> Path:
    return data_dir() / "annotations.sqlite"


def settings_path() -> Path:
    return config_dir() / "settings.json"


def resolve_db(option: str | None) -> tuple[Path, bool]:
    """The database to use and whether it is the default one (which may get samples)."""
    if option:
        return Path(option).expanduser(), False
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser(), False
    path = default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path, True


def login_name() -> str:
    try:
        return getpass.getuser() or "analyst"
    except (KeyError, OSError):
        return "analyst"


def resolve_annotator(option: str | None) -> tuple[str, bool]:
    """Who is working, and whether it came from an explicit choice (option or environment)
    rather than the saved preference or the login name."""
    if option and option.strip():
        return option.strip(), True
    env = os.environ.get(NAME_ENV)
    if env and env.strip():
        return env.strip(), True
    from annotator.settings import load_settings

    saved = load_settings().get("annotator")
    if isinstance(saved, str) and saved.strip():
        return saved.strip(), True
    return login_name(), False
