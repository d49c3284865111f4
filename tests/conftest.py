"""Test set-up: offscreen Qt before any QApplication exists, and no real user folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"
SLOW_ENV = "ANNOTATOR_SLOW_TESTS"


def pytest_configure(config):
    config.addinivalue_line("markers", f"slow: installs or builds; runs only with {SLOW_ENV}=1")


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.slow` tests are skipped unless ANNOTATOR_SLOW_TESTS=1."""
    if os.environ.get(SLOW_ENV) == "1":
        return
    skip = pytest.mark.skip(reason=f"slow test: set {SLOW_ENV}=1 to run it")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own data/config/log folders and no ambient database or name."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    return home


@pytest.fixture
def data_dir() -> Path:
    return DATA


def shipped_sample(name: str, folder: Path) -> Path:
    """A copy of a sample article as the installed package ships it (annotator.resources),
    so the tests read the very bytes a new user's window opens on, not a copy of them."""
    from annotator.assets import resource_path

    target = folder / name
    shutil.copy(resource_path(f"samples/{name}"), target)
    return target


@pytest.fixture
def sample_article(tmp_path) -> Path:
    """The shipped Iraq article (plain text, LF)."""
    return shipped_sample("iraq-coalition-2024-02-11.txt", tmp_path)


@pytest.fixture
def crlf_sample(tmp_path) -> Path:
    """The shipped CRLF sample with emoji and Arabic."""
    return shipped_sample("unicode-crlf-sample.txt", tmp_path)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.sqlite"


@pytest.fixture
def store(db_path):
    from annotator.store import Store

    s = Store(db_path)
    yield s
    s.close()


# -- windows over small real databases (pytest-qt), shared by the UI test folders ---------


@pytest.fixture
def two_docs_db(db_path, crlf_sample, sample_article):
    """The CRLF/emoji/Arabic sample first, then the Iraq article."""
    from annotator.store import Store
    from annotator.transfer.pipeline import import_paths

    with Store(db_path) as s:
        import_paths(s, [crlf_sample], "text", "alice")
        import_paths(s, [sample_article], "text", "alice")
    return db_path


@pytest.fixture
def open_window(qtbot):
    """open_window(db_path, annotator="alice", show=False) -> the real main window (closed
    after the test); the one window fixture of every UI test folder. `show` gives it a
    size and waits until it is on screen (for tests that click or paint)."""
    from annotator.app import build_window

    def _open(db_path, annotator="alice", show=False):
        window = build_window(db_path, annotator)
        qtbot.addWidget(window)
        if show:
            window.resize(1400, 900)
            window.show()
            qtbot.waitExposed(window)
        return window
    return _open


@pytest.fixture
def reader(db_path):
    """A second connection, as another process would read what the window wrote."""
    from annotator.store import Store

    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def sample_db(db_path, sample_article, crlf_sample):
    """The Iraq article first (opened on start), then the CRLF/emoji/Arabic sample."""
    from annotator.store import Store
    from annotator.transfer.pipeline import import_paths

    with Store(db_path) as s:
        import_paths(s, [sample_article], "text", "alice")
        import_paths(s, [crlf_sample], "text", "alice")
    return db_path
