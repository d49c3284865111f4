"""Files shipped in the wheel (annotator.resources), loaded by name; unknown names fail loudly."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SAMPLES = ("iraq-coalition-2024-02-11.txt", "unicode-crlf-sample.txt")


def resource_path(name: str) -> Path:
    """The path of a shipped resource such as 'samples/unicode-crlf-sample.txt'."""
    root = resources.files("annotator.resources")
    target = root.joinpath(*name.split("/"))
    if not target.is_file():
        raise FileNotFoundError(f"no resource named {name!r} in annotator.resources")
    return Path(str(target))


def sample_paths() -> list[Path]:
    return [resource_path(f"samples/{name}") for name in SAMPLES]
