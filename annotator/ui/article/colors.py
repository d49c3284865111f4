"""Label colours that stay readable on light and dark palettes: a soft tint for the
background behind text, and the full colour (lightened on dark) for lines and swatches.

`fill_colors` is the one place the colours behind span text and of the text on them are
chosen, for every state a span is painted in (normal, selected, suggestion, review); the
article painter, the review view and the contrast test all read it, so text over any fill
is WCAG AA (>= 4.5:1) in both themes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap

from annotator.core.colors import DARK_PAGE, LIGHT_PAGE, MIN_CONTRAST, blend, contrast_ratio

STATES = ("normal", "selected", "suggestion", "review")
# how much of the label colour goes into the fill, per state, (light, dark)
_AMOUNT = {"normal": (0.30, 0.42), "review": (0.30, 0.42), "suggestion": (0.14, 0.20),
           "selected": (1.0, 0.80)}
SUGGESTION_ALPHA = _AMOUNT["suggestion"]  # the painted tint over the page, as a fraction


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """a blended toward b by t (0 = a, 1 = b)."""
    return QColor(round(a.red() + (b.red() - a.red()) * t),
                  round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def readable_text(background: str, preferred: str) -> str:
    """`preferred` if it reads at AA on `background`, else black or white, whichever
    contrasts more (one of them always passes 4.5:1)."""
    if contrast_ratio(background, preferred) >= MIN_CONTRAST:
        return preferred
    black, white = "#000000", "#ffffff"
    return black if contrast_ratio(background, black) >= contrast_ratio(background, white) \
        else white


def fill_colors(label_color: str, dark: bool, state: str = "normal") -> tuple[str, str]:
    """(background, text) the painter uses for a span of `label_color` in `state`."""
    if state not in _AMOUNT:
        raise ValueError(f"unknown span state {state!r}")
    try:
        blend(label_color, LIGHT_PAGE, 1)
    except ValueError:
        label_color = "#888888"
    page, text = (DARK_PAGE, "#f0f0f0") if dark else (LIGHT_PAGE, "#000000")
    amount = _AMOUNT[state][1 if dark else 0]
    background = blend(label_color, page, amount)
    if state == "suggestion":
        # a translucent tint painted over page and text alike (see `suggestion_tint`)
        return background, blend(label_color, text, amount)
    return background, readable_text(background, text)


def suggestion_tint(label_color: QColor, dark: bool) -> QColor:
    """The translucent fill painted over a suggestion (its text stays the page's)."""
    tint = QColor(label_color)
    tint.setAlphaF(SUGGESTION_ALPHA[1 if dark else 0])
    return tint


@dataclass(frozen=True)
class LabelStyle:
    background: QColor  # behind the innermost span's text
    line: QColor        # underline of outer spans, swatches, outlines, tags
    strong: QColor      # the selected span
    on_strong: QColor   # text on `strong`
    mark: str = "square"  # a shape per label, so labels differ by more than colour
    text: QColor = field(default_factory=lambda: QColor("#000000"))  # text on `background`
    tint: QColor = field(default_factory=lambda: QColor(0, 0, 0, 0))  # a suggestion's translucent fill


def label_style(hex_color: str, palette: QPalette) -> LabelStyle:
    base = QColor(hex_color)
    if not base.isValid():
        base = QColor("#888888")
    dark = is_dark(palette)
    name = base.name()
    bg, text = fill_colors(name, dark, "normal")
    strong, on_strong = fill_colors(name, dark, "selected")
    line = base.lighter(140) if dark else base
    return LabelStyle(QColor(bg), line, QColor(strong), QColor(on_strong), text=QColor(text),
                      tint=suggestion_tint(QColor(name), dark))


def styles_for(schema, palette: QPalette) -> dict[str, LabelStyle]:
    from annotator.ui.article.label_marks import mark_for

    return {lab.name: replace(label_style(lab.color, palette), mark=mark_for(i))
            for i, lab in enumerate(schema.labels)}


def swatch(color: QColor, size: int = 14, mark: str | None = None) -> QIcon:
    """A plain colour square, or with `mark` the label's shape (see label_marks)."""
    if mark is not None:
        from annotator.ui.article.label_marks import mark_icon

        return mark_icon(color, mark, size)
    pix = QPixmap(size, size)
    pix.fill(color)
    return QIcon(pix)
