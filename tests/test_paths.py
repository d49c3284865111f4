"""Where the database and the analyst's name come from (docs/architecture.md, "Command line")."""

from __future__ import annotations

import platformdirs

from annotator import paths


def test_default_database_is_the_platformdirs_data_path(monkeypatch):
    monkeypatch.delenv("ANNOTATOR_HOME", raising=False)
    expected = platformdirs.user_data_path("annotator") / "annotations.sqlite"
    assert paths.default_db_path() == expected


def test_db_option_beats_environment_beats_default(monkeypatch, tmp_path):
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env.sqlite"))
    assert paths.resolve_db(str(tmp_path / "opt.sqlite")) == (tmp_path / "opt.sqlite", False)
    assert paths.resolve_db(None) == (tmp_path / "env.sqlite", False)
    monkeypatch.delenv("ANNOTATOR_DB")
    path, is_default = paths.resolve_db(None)
    assert is_default and path == paths.default_db_path()


def test_annotator_option_beats_environment_beats_saved_beats_login(monkeypatch):
    from annotator.settings import update_settings

    monkeypatch.setenv("ANNOTATOR_NAME", "env-name")
    assert paths.resolve_annotator("opt-name")[0] == "opt-name"
    assert paths.resolve_annotator(None)[0] == "env-name"
    monkeypatch.delenv("ANNOTATOR_NAME")
    assert paths.resolve_annotator(None) == (paths.login_name(), False)
    update_settings(annotator="saved-name")
    assert paths.resolve_annotator(None) == ("saved-name", True)
