"""Hover readouts: the value under the mouse never moves the plot (the readout keeps its
height, long text ends in "…"), and it clears when the mouse leaves the pane."""

import pytest
from PySide6 import QtCore, QtWidgets

from explorer.core import registry
from explorer.ui import theme as themes
from explorer.ui.pane_grid import pane_class

CASES = [("5.1", "f", "cursor"), ("5.4", "taylor", "cursor"), ("5.5-f1", "field", "≈"),
         ("5.7b", "factors", "row"), ("5.5-f1", "jacobian", "row"), ("5.8b", "gradient", "row")]


def _shown(qtbot, exercise_id, pane_name, size):
    ex = registry.get(exercise_id)
    view = ex.views(ex.inputs())[pane_name]
    pane = pane_class(type(view))(themes.LIGHT)
    qtbot.addWidget(pane)
    pane.resize(*size)
    pane.show()
    qtbot.waitExposed(pane)
    pane.update_view(view)
    pane.grab()
    return pane


def _settle(pane) -> None:
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    pane.grab()


def _plot_rects(pane):
    return [item.sceneBoundingRect() for item in pane.scene().items()
            if type(item).__name__ in ("Plot", "PlotItem")]


def _hover_points(pane):
    """Scene points over each plot's data area (for a factor pane, over its cells)."""
    for item in pane.scene().items():
        if type(item).__name__ in ("Plot", "PlotItem") and item.isVisible():
            vb = item.vb.sceneBoundingRect()
            for fx, fy in ((0.3, 0.4), (0.5, 0.5), (0.7, 0.6)):
                yield QtCore.QPointF(vb.left() + fx * vb.width(), vb.top() + fy * vb.height())


@pytest.mark.parametrize("size", [(300, 260), (520, 360)])
@pytest.mark.parametrize("exercise_id, pane_name, mark", CASES)
def test_hovering_never_moves_the_plot_and_leaving_clears(qtbot, exercise_id, pane_name,
                                                         mark, size):
    pane = _shown(qtbot, exercise_id, pane_name, size)
    _settle(pane)
    before = _plot_rects(pane)
    quiet = pane.readout.text
    shown = []
    for at in list(_hover_points(pane)):
        pane.scene().sigMouseMoved.emit(at)
        _settle(pane)
        shown.append(pane.readout.text)
        assert _plot_rects(pane) == before, (at, pane.readout.text)
        text_height = pane.readout.item.boundingRect().height()
        assert text_height <= pane.readout.height() + 0.5  # its text fits its height
    assert any(mark in text for text in shown)
    QtWidgets.QApplication.sendEvent(pane, QtCore.QEvent(QtCore.QEvent.Type.Leave))
    _settle(pane)
    assert pane.readout.text == quiet
    assert mark not in pane.readout.text
    assert _plot_rects(pane) == before


def test_the_cube_readout_clears_when_the_mouse_leaves(qtbot):
    pane = _shown(qtbot, "5.5-f3", "cube", (520, 420))
    quiet = pane.readout.text
    centre = pane.slice_plot.vb.sceneBoundingRect().center()
    pane.graphics.scene().sigMouseMoved.emit(centre)
    assert pane.readout.text != quiet and ": " in pane.readout.text
    QtWidgets.QApplication.sendEvent(pane, QtCore.QEvent(QtCore.QEvent.Type.Leave))
    assert pane.readout.text == quiet
