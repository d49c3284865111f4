"""What a user installs: the wheel's contents, the icons, the Linux desktop files, and (slow)
the wheel installed in a fresh venv outside the repository, opening on the samples."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

import annotator
from annotator import assets

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.annotator.Annotator"
LINUX = ROOT / "packaging" / "linux"
COPY_IGNORE = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__",
                                     ".venv", "venv", ".pytest_cache", ".hypothesis", "benchmarks",
                                     "tests", "docs", "packaging")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built the way a user builds it, from a copy of the source so the
    build sees exactly the working tree (no stale build/ folder) and writes nothing here."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    shutil.copytree(ROOT, source, ignore=COPY_IGNORE)
    out = work / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
         str(source)], check=False, capture_output=True, text=True, cwd=work)
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("annotator-*.whl")
    return built


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


@pytest.mark.slow  # builds the wheel (several seconds)
def test_wheel_ships_samples_icons_and_guide(wheel):
    names = _names(wheel)
    shipped = {n for n in names if n.startswith("annotator/resources/")}
    for sample in assets.SAMPLES:
        assert f"annotator/resources/samples/{sample}" in shipped
    for icon in (*assets.ICONS, "annotator"):
        assert f"annotator/resources/icons/{icon}.svg" in shipped
    for size in assets.APP_ICON_SIZES:
        assert f"annotator/resources/icons/annotator-{size}.png" in shipped
    assert "annotator/resources/guide.md" in shipped
    # Everything in resources/ goes out, and nothing else lands under it.
    on_disk = {f"annotator/resources/{p.relative_to(ROOT / 'resources').as_posix()}"
               for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped == on_disk


def test_wheel_holds_every_module(wheel):
    """pyproject.toml lists the packages by hand: a new subpackage left out would vanish
    from every install."""
    names = _names(wheel)
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "annotator").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert modules - names == set()
    with zipfile.ZipFile(wheel) as zf:
        entry_points = zf.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "annotator = annotator.cli:main" in entry_points
    assert "annotator-gui = annotator.cli:main_gui" in entry_points


def test_shipped_guide_is_the_docs_guide():
    """docs/guide.md is the guide people read on the web; resources/guide.md is the copy the
    Help viewer shows. They must be the same file."""
    docs = (ROOT / "docs" / "guide.md").read_bytes()
    shipped = assets.guide_path().read_bytes()
    assert shipped == docs, "resources/guide.md differs: cp docs/guide.md resources/guide.md"


def test_guide_formats_table_matches_the_registry():
    """The guide's import/export table says what the program really reads and writes."""
    from annotator.formats.registry import FORMATS

    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    rows = {}
    for line in guide.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[1].startswith("`") and cells[2] in {"yes", "no"}:
            rows[cells[1].strip("`")] = (cells[2] == "yes", cells[3] == "yes")
    assert rows == {name: (f.can_import, f.can_export) for name, f in FORMATS.items()}


def test_guide_names_every_command():
    from annotator.cli import build_parser

    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    missing = [name for name in commands if f"| `{name}" not in guide]
    assert missing == []


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_app_icon_pngs_have_their_sizes():
    paths = assets.app_icon_paths()
    assert [size for size, _ in paths] == sorted(assets.APP_ICON_SIZES)
    for size, path in paths:
        assert _png_size(path.read_bytes()) == (size, size), path.name


def test_icon_path_loads_by_name_and_refuses_unknown_names(qapp):
    from PySide6.QtSvg import QSvgRenderer

    for name in assets.ICONS:
        path = assets.icon_path(name)
        assert path.suffix == ".svg"
        renderer = QSvgRenderer(str(path))
        assert renderer.isValid(), name
        assert renderer.viewBox().width() == 24, name  # one grid for all toolbar icons
    with pytest.raises(FileNotFoundError, match="no icon named 'acter'"):
        assets.icon_path("acter")


def test_windows_and_macos_icons_hold_every_size():
    ico = (ROOT / "packaging" / "icons" / "annotator.ico").read_bytes()
    _reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert kind == 1
    ico_sizes = set()
    for i in range(count):
        _w, _h, _c, _r, _planes, _bpp, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * i: 22 + 16 * i])
        ico_sizes.add(_png_size(ico[offset:offset + length])[0])
    assert {16, 32, 48, 256} <= ico_sizes

    icns = (ROOT / "packaging" / "icons" / "annotator.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    pos, icns_sizes = 8, set()
    while pos < len(icns):
        length = struct.unpack(">I", icns[pos + 4:pos + 8])[0]
        icns_sizes.add(_png_size(icns[pos + 8:pos + length])[0])
        pos += length
    assert {16, 32, 128, 256, 512, 1024} <= icns_sizes


def _validator(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed")
    return path


def test_desktop_entry_validates():
    tool = _validator("desktop-file-validate")
    entry = LINUX / f"{APP_ID}.desktop"
    result = subprocess.run([tool, str(entry)], check=False, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr
    assert f"Icon={APP_ID}" in entry.read_text()


def test_metainfo_validates():
    tool = _validator("appstreamcli")
    metainfo = LINUX / f"{APP_ID}.metainfo.xml"
    result = subprocess.run([tool, "validate", "--no-net", str(metainfo)],
                            check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " W: " not in result.stdout and " E: " not in result.stdout, result.stdout
    text = metainfo.read_text()
    assert f"<id>{APP_ID}</id>" in text
    assert f"<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>" in text


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv outside the repo with the wheel installed. Its dependencies (PySide6 and
    friends, ~200 MB) are borrowed from the running interpreter through a .pth line rather
    than downloaded; the annotator package itself comes only from the wheel."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    probe = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.run([python, "-c", probe], capture_output=True, text=True,
                               check=True).stdout.strip())
    (site / "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", str(wheel)], check=True)
    return venv


def _run(venv: Path, *args: str, home: Path, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "ANNOTATOR_DB", "ANNOTATOR_NAME", "VIRTUAL_ENV"}}
    env.update(ANNOTATOR_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], check=False,
                          capture_output=True, text=True, cwd=home, env=env, timeout=60, **kw)


@pytest.mark.slow
def test_installed_wheel_answers_version_and_finds_its_resources(installed, tmp_path):
    result = _run(installed, "annotator", "--version", home=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"annotator {annotator.__version__}"

    probe = ("import annotator, json; from annotator.assets import sample_paths, icon_path, "
             "guide_path; print(json.dumps({'package': annotator.__file__, "
             "'samples': [str(p) for p in sample_paths()], 'icon': str(icon_path('quote')), "
             "'guide': guide_path().read_text(encoding='utf-8')[:30]}))")
    result = _run(installed, "python", "-c", probe, home=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert Path(found["package"]).is_relative_to(installed), "annotator came from the repo"
    assert [Path(p).name for p in found["samples"]] == list(assets.SAMPLES)
    for path in [*found["samples"], found["icon"]]:
        assert Path(path).is_relative_to(installed) and Path(path).is_file()
    assert found["guide"].startswith("# Annotator user guide")


@pytest.mark.slow
def test_installed_wheel_opens_the_window_on_the_samples(installed, tmp_path):
    """`annotator` with no arguments opens the window on the fresh default database, which
    then holds the two sample articles."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "ANNOTATOR_DB", "ANNOTATOR_NAME"}}
    env.update(ANNOTATOR_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    window = subprocess.Popen([str(installed / "bin" / "annotator")], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    database = tmp_path / "data" / "annotations.sqlite"
    documents = None
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and window.poll() is None:
            if database.exists():
                stats = _run(installed, "annotator", "--db", str(database), "stats", "--json",
                             home=tmp_path)
                if stats.returncode == 0:
                    documents = json.loads(stats.stdout)["documents"]
                    if documents == len(assets.SAMPLES):
                        break
            time.sleep(0.3)
        still_up = window.poll() is None
    finally:
        window.terminate()
        _out, err = window.communicate(timeout=10)
    assert still_up, f"the window exited early: {err}"
    assert documents == len(assets.SAMPLES)
