"""A dragged point stays on its curve: during the drag (before any redraw) and after the
mouse is released, wherever the mouse went."""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _drag(qtbot, pane, target, goal, each=lambda: None):
    vb = pane.plot.vb
    viewport = pane.viewport()
    start = pane.mapFromScene(vb.mapViewToScene(target.pos()))
    end = pane.mapFromScene(vb.mapViewToScene(QtCore.QPointF(*goal)))
    qtbot.mousePress(viewport, QtCore.Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 9):
        p = QtCore.QPointF(start + (end - start) * (k / 8))
        move = QtGui.QMouseEvent(QtCore.QEvent.Type.MouseMove, p, viewport.mapToGlobal(p),
                                 QtCore.Qt.MouseButton.NoButton,
                                 QtCore.Qt.MouseButton.LeftButton,
                                 QtCore.Qt.KeyboardModifier.NoModifier)
        QtCore.QCoreApplication.sendEvent(viewport, move)
        each()
        qtbot.wait(25)  # (pyqtgraph drops mouse moves closer together than a frame)
    qtbot.mouseRelease(viewport, QtCore.Qt.MouseButton.LeftButton, pos=end)


def test_the_point_rides_the_curve_during_the_drag_and_after_release(make_window, qtbot):
    window = make_window("5.2")
    pane = window.grid.panes["f"]
    seen = []

    def on_curve():
        p = pane.target.pos()
        seen.append((p.x(), p.y()))

    _drag(qtbot, pane, pane.target, (-1.5, 0.95), each=on_curve)  # far above the curve
    xs, ys = np.array(seen).T
    assert xs[-1] < 0 < xs[0]  # it went left, from x = 1 (how far depends on timing)
    np.testing.assert_allclose(ys, _sigmoid(xs), atol=2e-3)
    p = pane.target.pos()
    assert p.y() == pytest.approx(_sigmoid(p.x()), abs=2e-3)  # released: still on it
    qtbot.wait(50)  # and after the redraws
    p = pane.target.pos()
    assert p.x() == pytest.approx(window.state.inputs["x"])
    assert p.y() == pytest.approx(_sigmoid(p.x()), abs=1e-9)


def test_a_point_dragged_past_the_curve_stops_at_its_end(make_window, qtbot):
    window = make_window("5.2")
    pane = window.grid.panes["f"]
    _drag(qtbot, pane, pane.target, (9.1, 0.1))  # the curve ends at 8
    hi = window.state.exercise.param("x").hi
    assert window.state.inputs["x"] == pytest.approx(hi)
    assert pane.target.pos().y() == pytest.approx(_sigmoid(hi), abs=2e-3)


def test_an_extra_tangent_point_rides_the_curve_too(make_window, qtbot):
    window = make_window("5.2")
    window.add_tangent()
    window.refresh()
    pane = window.grid.panes["f"]
    _drag(qtbot, pane, pane.targets[1], (-2.0, -0.5))
    p = pane.targets[1].pos()
    assert p.x() == pytest.approx(window.state.tangents[0])
    assert p.y() == pytest.approx(_sigmoid(p.x()), abs=2e-3)
