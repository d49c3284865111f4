"""Check boxes and radio buttons show their edge in both themes (>= 3:1 against the
window, WCAG's bar for the parts of a control), checked or not."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCheckBox, QRadioButton, QStyle, QStyleOptionButton

from annotator.core.colors import contrast_ratio
from annotator.ui.shell.theme import apply_theme


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
@pytest.mark.parametrize("checked", [False, True])
def test_indicator_edge_is_visible(qapp, qtbot, theme, kind, checked):
    apply_theme(qapp, theme)
    try:
        box = kind("Snap to words")
        box.setChecked(checked)
        qtbot.addWidget(box)
        box.resize(160, 30)
        box.show()
        qtbot.waitExposed(box)
        image = box.grab().toImage()
        option = QStyleOptionButton()
        box.initStyleOption(option) if hasattr(box, "initStyleOption") else None
        element = (QStyle.SubElement.SE_CheckBoxIndicator if kind is QCheckBox
                   else QStyle.SubElement.SE_RadioButtonIndicator)
        rect = box.style().subElementRect(element, option, box)
        window = box.palette().color(box.backgroundRole()).name()
        ratio = image.devicePixelRatio()
        best = max(contrast_ratio(image.pixelColor(int(x * ratio), int(y * ratio)).name(),
                                  window)
                   for x in range(rect.left(), rect.right() + 1)
                   for y in (rect.top(), rect.top() + 1, rect.center().y()))
        assert best >= 3.0, (theme, kind.__name__, checked, best)
    finally:
        apply_theme(qapp, "system")
