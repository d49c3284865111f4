"""Files shipped in the wheel (annotator.resources), loaded by name; unknown names fail loudly."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SAMPLES = ("iraq-coalition-2024-02-11.txt", "unicode-crlf-sample.txt")
# Label and toolbar icons (24x24 SVG, stroke="currentColor": black unless the UI recolours it).
ICONS = ("actor", "event", "quote", "link", "done", "undo", "redo", "search", "merge",
         "export", "import")
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # PNGs made by packaging/make_icons.py


def resource_path(name: str) -> Path:
    """The path of a shipped resource such as 'samples/unicode-crlf-sample.txt'."""
    root = resources.files("annotator.resources")
    target = root.joinpath(*name.split("/"))
    if not target.is_file():
        raise FileNotFoundError(f"no resource named {name!r} in annotator.resources")
    return Path(str(target))


def sample_paths() -> list[Path]:
    return [resource_path(f"samples/{name}") for name in SAMPLES]


def icon_path(name: str) -> Path:
    """The SVG of a label or toolbar icon by bare name ('actor', 'undo', ...)."""
    if name not in ICONS and name != "annotator":
        raise FileNotFoundError(f"no icon named {name!r}; known: {', '.join(ICONS)}")
    return resource_path(f"icons/{name}.svg")


def app_icon_paths() -> list[tuple[int, Path]]:
    """The application icon as (size, PNG path), smallest first, for QIcon.addFile."""
    return [(size, resource_path(f"icons/annotator-{size}.png")) for size in APP_ICON_SIZES]


def guide_path() -> Path:
    """The user guide (Markdown) shipped for the Help viewer; docs/guide.md is its twin."""
    return resource_path("guide.md")
