"""User preferences as JSON (never pickle), in the config folder from annotator.paths."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from annotator.paths import settings_path

DEFAULTS: dict[str, Any] = {
    "font_size": 12,
    "snap_to_words": True,
    "theme": "system",
}


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """Saved preferences over the defaults; a damaged file falls back to the defaults."""
    path = path or settings_path()
    data = dict(DEFAULTS)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return data
    if isinstance(saved, dict):
        data.update(saved)
    return data


def save_settings(values: dict[str, Any], path: Path | None = None) -> None:
    """Write atomically (temp file then rename) so a crash never leaves half a file."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def update_settings(**changes: Any) -> dict[str, Any]:
    values = load_settings()
    values.update(changes)
    save_settings(values)
    return values
