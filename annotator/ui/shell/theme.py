"""Themes for the whole application: follow the system, or a fixed light or dark look.

Light and dark use the Fusion style, whose drawing follows the palette on every platform
(native styles ignore parts of a custom palette). "system" puts back the style and palette
the application started with. Span colours follow through `highlight_for()`.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

from annotator.core.colors import DARK_PAGE, Highlight, highlight_colors

THEMES = ("system", "light", "dark")
_ORIGINAL = "_annotator_original_look"  # where the start-up style and palette are kept

_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#f0f0f0",
    QPalette.ColorRole.Base: DARK_PAGE,
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#f0f0f0",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#f0f0f0",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.ToolTipBase: "#3c3c3c",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.Link: "#7cb7ff",
    QPalette.ColorRole.LinkVisited: "#c6a0ff",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Light: "#505050",
    QPalette.ColorRole.Midlight: "#404040",
    QPalette.ColorRole.Mid: "#303030",
    QPalette.ColorRole.Dark: "#202020",
    QPalette.ColorRole.Shadow: "#101010",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#8a8a8a",
    QPalette.ColorRole.Text: "#8a8a8a",
    QPalette.ColorRole.ButtonText: "#8a8a8a",
    QPalette.ColorRole.Highlight: "#505050",
    QPalette.ColorRole.HighlightedText: "#b0b0b0",
}


RIM = {"light": "#767676", "dark": "#a0a0a0"}  # >= 3:1 on the page (WCAG non-text)


class VisibleIndicators(QProxyStyle):
    """Fusion with a rim around check boxes and radio buttons: Fusion draws their edge in
    the window colour darkened, which on a dark window is nearly black on black."""

    _ELEMENTS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
                 QStyle.PrimitiveElement.PE_IndicatorRadioButton,
                 QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)

    def __init__(self, base: QStyle, rim: str):
        super().__init__(base)
        self.rim = QColor(rim)

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in self._ELEMENTS or painter is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(self.rim, 1.2))
        r = QRectF(option.rect).adjusted(0.6, 0.6, -0.6, -0.6)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(r)
        else:
            painter.drawRoundedRect(r, 2, 2)
        painter.restore()


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role, color in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return palette


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply "system", "light" or "dark" to the application; returns the theme applied.

    An unknown name (a hand-edited settings file) falls back to "system" rather than fail.
    """
    if theme not in THEMES:
        theme = "system"
    if app.property(_ORIGINAL) is None:
        app.setProperty(_ORIGINAL, (app.style().name(), QPalette(app.palette())))
    style_name, palette = app.property(_ORIGINAL)
    if theme == "system":
        app.setStyle(QStyleFactory.create(style_name))
        app.setPalette(palette)
        return theme
    fusion = QStyleFactory.create("Fusion")
    palette = dark_palette() if theme == "dark" else fusion.standardPalette()
    app.setStyle(VisibleIndicators(fusion, RIM[theme]))
    app.setPalette(palette)
    return theme


def is_dark(app: QApplication) -> bool:
    """Whether text sits on a dark page, whichever theme or system setting made it so."""
    return app.palette().color(QPalette.ColorRole.Base).lightness() < 128


def highlight_for(label_color: str, app: QApplication) -> Highlight:
    """The span highlight for a label colour under the current palette."""
    return highlight_colors(label_color, is_dark(app))
