"""Themes change the whole application's look and come back to the system's."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLineEdit

from annotator.core.colors import MIN_CONTRAST, contrast_ratio
from annotator.ui.shell.theme import apply_theme, highlight_for, is_dark


@pytest.fixture
def app(qapp):
    yield qapp
    apply_theme(qapp, "system")


def _style_name(app) -> str:
    """The style's name, seen through the proxy that rims check boxes (theme.py)."""
    style = app.style()
    base = style.baseStyle() if hasattr(style, "baseStyle") else style
    return (style.name() or base.name()).lower()


def _color(app, role, group=QPalette.ColorGroup.Active) -> str:
    return app.palette().color(group, role).name()


def test_dark_theme_is_fusion_with_readable_dark_palette(app, qtbot):
    assert apply_theme(app, "dark") == "dark"
    assert _style_name(app) == "fusion"
    assert is_dark(app)
    role = QPalette.ColorRole
    for fg, bg in [(role.Text, role.Base), (role.WindowText, role.Window),
                   (role.ButtonText, role.Button), (role.HighlightedText, role.Highlight),
                   (role.ToolTipText, role.ToolTipBase)]:
        assert contrast_ratio(_color(app, fg), _color(app, bg)) >= MIN_CONTRAST, fg
    edit = QLineEdit()
    qtbot.addWidget(edit)
    assert edit.palette().color(role.Base).name() == _color(app, role.Base)


def test_light_then_system_restores_the_start_up_look(app):
    before_style = app.style().name()
    before_base = _color(app, QPalette.ColorRole.Base)
    apply_theme(app, "dark")
    apply_theme(app, "light")
    assert _style_name(app) == "fusion"
    assert not is_dark(app)
    assert apply_theme(app, "system") == "system"
    assert app.style().name() == before_style
    assert _color(app, QPalette.ColorRole.Base) == before_base


def test_unknown_theme_falls_back_to_system(app):
    assert apply_theme(app, "solarized") == "system"


def test_span_highlights_follow_the_palette(app):
    apply_theme(app, "dark")
    dark = highlight_for("#1f77b4", app)
    apply_theme(app, "light")
    light = highlight_for("#1f77b4", app)
    assert dark.text == "#ffffff" and light.text == "#000000"
    assert dark.background != light.background
