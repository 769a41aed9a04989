"""In the window: Ctrl+Z / Ctrl+Shift+Z undo and redo parameter changes of the exercise
shown (a slider's drag as one step, never another exercise), each pane has a readable
"Reset view" button, and f and f′ zoom together."""

import pytest
from PySide6 import QtCore, QtWidgets

Key, Mod = QtCore.Qt.Key, QtCore.Qt.KeyboardModifier


def _undo(qtbot, window):
    qtbot.keyClick(window, Key.Key_Z, Mod.ControlModifier)


def _redo(qtbot, window):
    qtbot.keyClick(window, Key.Key_Z, Mod.ControlModifier | Mod.ShiftModifier)


def test_a_slider_drag_is_undone_in_one_step_and_redone(make_window, qtbot):
    window = make_window("5.1")
    slider = window.params_panel.widgets["x"]
    start = window.state.inputs["x"]
    for k in range(1, 40):  # a drag: the slider moves pixel by pixel
        slider.setValue(start - 0.02 * k)
    end = window.state.inputs["x"]
    _undo(qtbot, window)
    assert window.state.inputs["x"] == start
    assert slider.value() == pytest.approx(start)  # the slider follows
    _redo(qtbot, window)
    assert window.state.inputs["x"] == pytest.approx(end)


def test_undo_stays_in_the_exercise_shown(make_window, qtbot):
    window = make_window("5.1")
    window.set_param("x", 0.5)
    window.open_exercise("5.2")
    _undo(qtbot, window)
    assert window.state.exercise.id == "5.2"
    assert "Nothing to undo" in window.statusBar().currentMessage()
    window.open_exercise("5.1")  # its own history is still there
    assert window.state.inputs["x"] == 0.5
    _undo(qtbot, window)
    assert window.state.inputs["x"] == registry_default("5.1", "x")


def registry_default(exercise_id, name):
    from explorer.core import registry

    return registry.get(exercise_id).param(name).default


def test_undo_brings_back_a_removed_tangent(make_window, qtbot):
    window = make_window("5.2")
    window.add_tangent()
    at = window.state.tangents[0]
    window.remove_tangent(0)
    _undo(qtbot, window)
    window.refresh()
    assert window.state.tangents == [at]
    assert window.tangents_box.boxes[0].value() == pytest.approx(at, abs=0.01)


def test_each_pane_has_a_readable_reset_view_button_that_resets_it(make_window, qtbot):
    window = make_window("5.4")
    window.set_size(1024, 640, within=QtCore.QRect())
    qtbot.wait(50)
    buttons = window.view_controls.buttons
    assert set(buttons) == set(window.grid.panes)  # (all of 5.4's panes can be moved)
    for name, button in buttons.items():
        pane = window.grid.panes[name]
        assert button.isVisible() and "Reset view" in button.text()
        host = window.panes_host
        over = QtCore.QRect(pane.mapTo(host, QtCore.QPoint(0, 0)), pane.size())
        assert over.contains(button.geometry())  # over its pane
        metrics = button.fontMetrics()
        assert button.width() >= metrics.horizontalAdvance(button.text())  # not cut
    pane = window.grid.panes["error"]
    pane.plot.vb.setRange(xRange=(1, 2), yRange=(-3, -2), padding=0)
    assert pane.plot.vb.state["autoRange"] == [False, False]
    buttons["error"].click()
    assert pane.plot.vb.state["autoRange"] == [True, True]
    (x0, x1), _y = pane.plot.vb.viewRange()
    assert -7.5 < x0 < -6 and 6 < x1 < 7.5  # the curves' x from −6 to 6, padded
    taylor = window.grid.panes["taylor"]  # a view that fixes its y range keeps it
    taylor.plot.vb.setRange(xRange=(1, 2), yRange=(10, 20), padding=0)
    buttons["taylor"].click()
    assert taylor.plot.vb.viewRange()[1] == pytest.approx([-3.0, 3.0])


def test_ctrl_0_resets_the_current_pane(make_window, qtbot):
    window = make_window("5.1")
    pane = window.grid.panes["df"]
    auto = pane.plot.vb.viewRange()[1]
    pane.plot.vb.setYRange(50, 60, padding=0)
    window.current_pane = "df"
    qtbot.keyClick(window, Key.Key_0, Mod.ControlModifier)
    assert pane.plot.vb.viewRange()[1] == pytest.approx(auto)


def test_the_reset_button_is_not_in_an_export(make_window, qtbot):
    from explorer.ui.export import render_image

    window = make_window("5.1")
    pane = window.grid.panes["f"]
    image = render_image(pane, pane.width())
    button = window.view_controls.buttons["f"]
    assert button.parentWidget() is window.panes_host  # not a child of what is exported
    assert not pane.isAncestorOf(button) and image.width() == pane.width()


@pytest.mark.parametrize("exercise_id, panes", [("5.1", ("f", "df")),
                                                ("5.4", ("taylor", "error"))])
def test_panes_sharing_x_zoom_together(make_window, exercise_id, panes):
    """Zooming one pane zooms the other so that each x sits at the same place on screen
    in both (pyqtgraph lines linked views up by their pixels: where the plots' left
    edges differ by a few pixels, so do their ranges)."""
    window = make_window(exercise_id)
    one, other = (window.grid.panes[name] for name in panes)

    def screen_x(pane, x: float) -> float:
        at = pane.mapFromScene(pane.plot.vb.mapViewToScene(QtCore.QPointF(x, 0.0)))
        return pane.mapToGlobal(at).x()

    for zoomed, follows, (lo, hi) in ((one, other, (0.5, 1.0)), (other, one, (-1.0, 0.0))):
        zoomed.plot.vb.setXRange(lo, hi, padding=0)
        for x in (lo, hi, (lo + hi) / 2):
            assert screen_x(follows, x) == pytest.approx(screen_x(zoomed, x), abs=1.0)


def test_a_focused_line_edit_keeps_ctrl_z_for_its_text(make_window, qtbot):
    window = make_window("5.1")
    window.set_param("x", 0.5)
    box = window.math_panel.findChild(QtWidgets.QLineEdit)
    box.setFocus()
    qtbot.keyClicks(box, "2*x")
    qtbot.keyClick(box, Key.Key_Z, Mod.ControlModifier)
    assert window.state.inputs["x"] == 0.5  # the text's undo, not the parameter's


def test_a_pane_that_cannot_be_moved_has_no_button(make_window):
    window = make_window("5.9")
    assert "chain" not in window.view_controls.buttons  # matrices shown as they are
    assert "samples" in window.view_controls.buttons


@pytest.mark.parametrize("size", [(1024, 640), (1500, 860)])
def test_notes_under_5_9s_panes_keep_clear_of_the_reset_view_button(make_window, qtbot,
                                                                     size):
    """"N = 100,000, dots: the first 2,000" ran under the button; it wraps instead."""
    window = make_window("5.9")
    window.set_size(*size, within=QtCore.QRect())
    window.set_param("E", 2)
    window.set_param("samples", 100_000)
    qtbot.wait(50)
    host = window.panes_host
    for name in ("samples", "convergence"):
        pane, button = window.grid.panes[name], window.view_controls.buttons[name]
        assert pane.readout.text.startswith(("N = 100,000", "dashed"))
        text = pane.mapFromScene(pane.readout.item.sceneBoundingRect()).boundingRect()
        text = QtCore.QRect(pane.mapTo(host, text.topLeft()), text.size())
        assert button.isVisible() and not text.intersects(button.geometry()), name
