"""Label colours that stay readable on light and dark palettes: a soft tint for the
background behind text, and the full colour (lightened on dark) for lines and swatches."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """a blended toward b by t (0 = a, 1 = b)."""
    return QColor(round(a.red() + (b.red() - a.red()) * t),
                  round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


@dataclass(frozen=True)
class LabelStyle:
    background: QColor  # behind the innermost span's text
    line: QColor        # underline of outer spans, swatches
    strong: QColor      # the selected span
    on_strong: QColor   # text on `strong`
    mark: str = "square"  # a shape per label, so labels differ by more than colour


def label_style(hex_color: str, palette: QPalette) -> LabelStyle:
    base = QColor(hex_color)
    if not base.isValid():
        base = QColor("#888888")
    if is_dark(palette):
        bg = mix(base, palette.color(QPalette.ColorRole.Base), 0.45)
        line = base.lighter(140)
        strong = base.lighter(115)
    else:
        bg = mix(base, QColor("white"), 0.72)
        line = base
        strong = base
    on_strong = QColor("black") if strong.lightness() > 150 else QColor("white")
    return LabelStyle(bg, line, strong, on_strong)


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
