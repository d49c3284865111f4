"""Readable span highlights from a label's colour, for light and dark themes (no Qt).

A label colour such as "#1f77b4" is too strong to sit behind text: the highlight is the
colour blended into the page background, and the text on it is black or white, whichever
passes WCAG AA (contrast >= 4.5). One of them always does, whatever the blend.
"""

from __future__ import annotations

import re
from typing import NamedTuple

LIGHT_PAGE = "#ffffff"
DARK_PAGE = "#1e1e1e"
MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


class Highlight(NamedTuple):
    background: str
    text: str


def parse_hex(color: str) -> tuple[int, int, int]:
    if not isinstance(color, str) or not _HEX.fullmatch(color):
        raise ValueError(f"colour {color!r} is not of the form #rrggbb")
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = parse_hex(color)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(color: str, page: str, amount: float) -> str:
    """`amount` of `color` over `page` (0 gives the page, 1 the colour)."""
    fg, bg = parse_hex(color), parse_hex(page)
    return to_hex(tuple(amount * f + (1 - amount) * b for f, b in zip(fg, bg, strict=True)))


def highlight_colors(label_color: str, dark: bool) -> Highlight:
    """The background of a span highlight and the colour of its text.

    Light pages get a pale tint (35 % of the colour) with dark text; dark pages a deeper
    one (45 %) with light text, unless the label colour is so bright that black reads better.
    """
    page = DARK_PAGE if dark else LIGHT_PAGE
    background = blend(label_color, page, 0.45 if dark else 0.35)
    preferred, other = ("#ffffff", "#000000") if dark else ("#000000", "#ffffff")
    # Black passes on any luminance >= 0.175 and white on any <= 0.183: one always does.
    if contrast_ratio(background, preferred) >= MIN_CONTRAST:
        return Highlight(background, preferred)
    return Highlight(background, other)
