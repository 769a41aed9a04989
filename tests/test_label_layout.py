"""Nothing overlaps: the labels beside a plot's points stay clear of the legend, of each
other and of the plot's edge (5.4's error pane; five tangents on 5.1), in readable
colours."""

import itertools

import pytest
from PySide6 import QtCore

from explorer.core import registry
from explorer.core.state import ParamState
from explorer.ui import theme as themes
from explorer.ui.panes.curves import CurvesPane
from explorer.ui.panes.label_layout import place_boxes


def _shown_pane(qtbot, view, size, theme=themes.LIGHT) -> CurvesPane:
    pane = CurvesPane(theme)
    qtbot.addWidget(pane)
    pane.resize(*size)
    pane.show()
    qtbot.waitExposed(pane)
    pane.update_view(view)
    pane.grab()  # (a paint: the automatic ranges are fitted, the labels placed again)
    pane.grab()
    return pane


def _label_boxes(pane) -> list[QtCore.QRectF]:
    return [label.text_scene_rect()
            for label in (*pane.target_labels, *pane._feature_labels)
            if label.isVisible() and label.toPlainText()]


@pytest.mark.parametrize("x", [-5.5, -2.0, 0.3, 1.0, 3.0, 5.5])
@pytest.mark.parametrize("size", [(320, 240), (640, 420)])
@pytest.mark.parametrize("pane_name", ["error", "taylor"])
def test_5_4_readouts_never_sit_under_the_legend(qtbot, x, size, pane_name):
    ex = registry.get("5.4")
    state = ParamState(ex, {"x": x})
    pane = _shown_pane(qtbot, state.views()[pane_name], size)
    assert pane.legend.isVisible()
    legend = pane.legend.sceneBoundingRect()
    for box in _label_boxes(pane):
        assert not box.intersects(legend), (box, legend)


@pytest.mark.parametrize("pane_name", ["f", "df"])
@pytest.mark.parametrize("size", [(300, 220), (700, 420)])
@pytest.mark.parametrize("theme", [themes.LIGHT, themes.DARK])
def test_five_tangents_labels_neither_overlap_nor_clip(qtbot, pane_name, size, theme):
    ex = registry.get("5.1")
    state = ParamState(ex, {"x": 1.3})
    for at in (1.0, 1.1, 1.2, 1.4, 2.1):  # crowded together, one at the right edge
        state.add_tangent(at)
    pane = _shown_pane(qtbot, state.views()[pane_name], size, theme)
    boxes = _label_boxes(pane)
    # all six on a plot with room for them; on a small one those without a free place
    # are left out (the tangent list reads them out), the main point's never
    assert len(boxes) >= (6 if pane_name == "f" and size[0] > 600 else 1)
    assert pane.target_labels[0].isVisible()
    inside = pane.plot.vb.sceneBoundingRect().adjusted(-0.5, -0.5, 0.5, 0.5)
    for box in boxes:
        assert inside.contains(box), (box, inside)  # nothing cut off at the edge
    for a, b in itertools.combinations(boxes, 2):
        assert not a.intersects(b), (a, b)
    if pane.legend.isVisible():
        legend = pane.legend.sceneBoundingRect()
        assert not any(box.intersects(legend) for box in boxes), (legend, boxes)
    for label in pane.target_labels:
        if label.isVisible():
            assert themes.contrast(label.text_colour(), theme.background) >= 4.5


def test_labels_with_no_free_place_are_left_out_but_the_first():
    bounds = QtCore.QRectF(0, 0, 100, 40)
    size = QtCore.QSizeF(90, 30)
    points = [QtCore.QPointF(50, 20)] * 3
    first, *others = place_boxes(points, [size] * 3, bounds, [QtCore.QRectF(0, 0, 20, 20)])
    assert bounds.contains(first)  # inside, where it overlaps least
    assert others == [None, None]
