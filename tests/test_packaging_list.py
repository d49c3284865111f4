"""The wheel ships every package: pyproject.toml lists packages by hand (resources/ is
mapped in as annotator.resources), so a new sub-package left off the list would be
missing from an installed app while working fine from the checkout."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setuptools() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["tool"]["setuptools"]


def test_every_package_folder_is_listed():
    listed = set(_setuptools()["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts)
             for init in (ROOT / "annotator").rglob("__init__.py")
             if "__pycache__" not in init.parts}
    assert "annotator.core" in found
    assert sorted(found - listed) == []


def test_listed_packages_exist():
    cfg = _setuptools()
    mapping = cfg.get("package-dir", {})
    for name in cfg["packages"]:
        folder = ROOT / mapping.get(name, name.replace(".", "/"))
        assert (folder / "__init__.py").is_file(), name


def test_resources_ship_as_package_data():
    cfg = _setuptools()
    assert cfg["package-dir"]["annotator.resources"] == "resources"
    assert "annotator.resources" in cfg["packages"]
    assert cfg["package-data"]["annotator.resources"]
    assert sorted(p.name for p in (ROOT / "resources" / "samples").iterdir())
