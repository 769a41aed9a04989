"""The window: every available entry opens cleanly, sliders move the tangent, dragging the
point moves the slider, export writes real images, and the process exits 0."""

import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.core import registry

AVAILABLE = list(registry.ids())


@pytest.mark.parametrize("exercise_id", AVAILABLE)
def test_every_entry_opens_without_warning(make_window, exercise_id):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        window = make_window(exercise_id)
    assert window.state.exercise.id == exercise_id
    assert set(window.grid.panes) == {p.name for p in window.state.exercise.panes}
    assert exercise_id in window.windowTitle()


def test_picker_groups_by_exercise_number(make_window):
    window = make_window("5.1")
    top = [window.picker.topLevelItem(i).text(0) for i in
           range(window.picker.topLevelItemCount())]
    assert top == [*(f"Exercise 5.{k}" for k in range(1, 10)), "Your own function"]
    group5 = window.picker.topLevelItem(4)
    assert group5.childCount() == 3
    for k in range(group5.childCount()):
        child = group5.child(k)
        eid = child.data(0, QtCore.Qt.ItemDataRole.UserRole)
        assert child.flags() & QtCore.Qt.ItemFlag.ItemIsSelectable
        assert registry.get(eid).group == "5.5"


def tangent_item(window, pane="f"):
    return window.grid.panes[pane]._curves["tangent at x"]


def test_slider_moves_tangent(make_window):
    window = make_window("5.1")
    item = tangent_item(window)
    before = np.array(item.getData()[0])
    slider = window.params_panel.widgets["x"]
    slider.setValue(-1.1)
    after_x, after_y = (np.array(a) for a in item.getData())
    assert window.state.inputs["x"] == pytest.approx(-1.1)
    assert np.mean(after_x) == pytest.approx(-1.1)
    assert not np.allclose(before, after_x)
    ex = window.state.exercise
    slope = (after_y[1] - after_y[0]) / (after_x[1] - after_x[0])
    assert slope == pytest.approx(float(ex.df(-1.1, window.state.inputs)))
    # the plot item is updated in place, not re-created
    assert tangent_item(window) is item


def test_mu_sigma_sliders_move_the_curve_and_markers(make_window):
    window = make_window("5.3")
    pane = window.grid.panes["f"]
    window.params_panel.widgets["mu"].setValue(1.5)
    window.params_panel.widgets["sigma"].setValue(0.5)
    window.refresh()  # (a change within a frame of the last is drawn at the frame's end)
    xs, ys = pane._curves["f(x)"].getData()
    assert xs[np.nanargmax(ys)] == pytest.approx(1.5, abs=0.01)
    fx, _ = pane.features.getData()
    assert sorted(np.round(fx, 6)) == [1.0, 1.5, 2.0]


def test_dragging_point_updates_slider(make_window, qtbot):
    window = make_window("5.2")
    pane = window.grid.panes["f"]
    # simulate the user's drag: the target moves, the pane asks for x, the window applies it
    pane.target.setPos(2.5, 0.0)
    slider = window.params_panel.widgets["x"]
    assert slider.value() == pytest.approx(2.5)
    assert window.state.inputs["x"] == pytest.approx(2.5)
    # the point snaps back onto the curve, and the f′ pane follows
    assert pane.target.pos().y() == pytest.approx(1 / (1 + np.exp(-2.5)))
    df_pane = window.grid.panes["df"]
    assert df_pane.target.pos().x() == pytest.approx(2.5)


def test_real_mouse_drag_moves_point(make_window, qtbot):
    window = make_window("5.2")
    pane = window.grid.panes["f"]
    view = pane
    vb = pane.plot.vb
    start = view.mapFromScene(vb.mapViewToScene(pane.target.pos()))
    goal = view.mapFromScene(vb.mapViewToScene(QtCore.QPointF(-3.0, 0.5)))
    viewport = view.viewport()
    qtbot.mousePress(viewport, QtCore.Qt.MouseButton.LeftButton, pos=start)
    steps = 8
    for k in range(1, steps + 1):
        p = start + (goal - start) * (k / steps)
        ev = QtGui.QMouseEvent(QtCore.QEvent.Type.MouseMove, QtCore.QPointF(p),
                               viewport.mapToGlobal(QtCore.QPointF(p)),
                               QtCore.Qt.MouseButton.NoButton,
                               QtCore.Qt.MouseButton.LeftButton,
                               QtCore.Qt.KeyboardModifier.NoModifier)
        QtCore.QCoreApplication.sendEvent(viewport, ev)
    qtbot.mouseRelease(viewport, QtCore.Qt.MouseButton.LeftButton, pos=goal)
    assert window.state.inputs["x"] == pytest.approx(-3.0, abs=0.1)
    assert window.params_panel.widgets["x"].value() == pytest.approx(window.state.inputs["x"])


def test_taylor_order_slider_changes_curves(make_window, qtbot):
    window = make_window("5.4")
    pane = window.grid.panes["taylor"]

    def visible():
        return [n for n, it in pane._curves.items() if it.isVisible() and n.startswith("T")]

    # a change within a slow update's throttle window lands a moment later
    window.params_panel.widgets["n"].setValue(12)
    qtbot.waitUntil(lambda: len(visible()) == 13, timeout=2000)
    window.params_panel.widgets["n"].setValue(2)
    qtbot.waitUntil(lambda: len(visible()) == 3, timeout=2000)
    bars = window.grid.panes["coefficients"].bars
    assert len(bars.opts["height"]) == 3
    assert window.grid.panes["error"].plot.ctrl.logYCheck.isChecked()
    # lower orders are drawn but only T₀ and Tₙ are listed in the legend
    labels = [label.text for sample, label in pane.legend.items if label.isVisible()]
    assert labels == ["f(x)", "T₀", "T₂"]


def test_zero_for_5_1_shows_note_not_crash(make_window):
    window = make_window("5.1")
    window.params_panel.widgets["x"].setValue(0.0)
    assert "outside the domain" in window.statusBar().currentMessage()
    assert "outside the domain" in window.grid.panes["f"].readout.text


def test_status_bar_follows_a_drag_at_a_readable_rate(make_window, qtbot):
    window = make_window("5.1")

    def change(x: float) -> None:  # a drag's step, drawn at once
        window.state.set("x", x)
        window.refresh()

    def shown_for(x: float) -> bool:
        value, derivative = window.state.exercise.headline({**window.state.inputs, "x": x})
        return f"f = {float(value):.6g}, f′ = {float(derivative):.6g}" in (
            window.statusBar().currentMessage())

    change(0.5)
    assert shown_for(0.5)  # the first change at once
    for x in (0.6, 0.7, 0.8):  # more within the interval (no event loop runs between)
        change(x)
    assert shown_for(0.5)
    qtbot.waitUntil(lambda: shown_for(0.8), timeout=1000)  # the last state after it
    change(0.9)
    change(1.0)
    window.statusBar().showMessage("Exported x.png", 6000)  # shown meanwhile: it stays
    qtbot.wait(250)
    assert window.statusBar().currentMessage() == "Exported x.png"


def test_switching_exercises_and_shortcuts(make_window, qtbot):
    window = make_window("5.1")
    ctrl = QtCore.Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window, QtCore.Qt.Key.Key_BracketRight, ctrl)
    qtbot.waitUntil(lambda: window.state.exercise.id == "5.2", timeout=2000)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_BracketLeft, ctrl)
    qtbot.waitUntil(lambda: window.state.exercise.id == "5.1", timeout=2000)
    window.params_panel.widgets["x"].setValue(-2.0)
    window.reset_parameters()
    assert window.state.inputs["x"] == registry.get("5.1").param("x").default


def test_quick_exercise_steps_coalesce_and_keep_one_grid(make_window, qtbot):
    """Forty Ctrl+] before the event loop runs: one exercise is built (the one they end
    at), and the grid it replaces is deleted before the event loop runs again."""
    from explorer.ui.pane_grid import PaneGrid

    window = make_window("5.1")
    built = []
    window.exercise_changed.connect(built.append)
    ids = registry.ids()
    ctrl = QtCore.Qt.KeyboardModifier.ControlModifier
    for _ in range(40):
        qtbot.keyClick(window, QtCore.Qt.Key.Key_BracketRight, ctrl)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_BracketLeft, ctrl)
    target = ids[39 % len(ids)]
    qtbot.waitUntil(lambda: window.state.exercise.id == target, timeout=5000)
    assert built == [target]
    grids = [w for w in QtWidgets.QApplication.allWidgets() if isinstance(w, PaneGrid)]
    assert grids == [window.grid]
    window.open_exercise("5.3")  # a direct open overtakes a pending step
    window.step_exercise(+1)
    window.open_exercise("5.2")
    qtbot.wait(50)
    assert window.state.exercise.id == "5.2" and built[-1] == "5.2"


def test_ctrl_q_closes(make_window, qtbot):
    window = make_window("5.1")
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Q, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_export_from_window(make_window, tmp_path):
    from PIL import Image

    window = make_window("5.1")
    window.current_pane = "f"
    png = tmp_path / "pane.png"
    window.export_to(png, all_panes=False)
    image = np.asarray(Image.open(png).convert("RGB")).astype(int)
    assert image.shape[1] >= 1600
    # the tangent's vermillion (#D55E00) is present in the picture
    target = np.array([0xD5, 0x5E, 0x00])
    assert np.any(np.all(np.abs(image - target) < 20, axis=-1))
    svg = tmp_path / "all.svg"
    window.export_to(svg, all_panes=True)
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert sum(1 for el in root.iter() if el.tag.endswith(("path", "polyline"))) > 5


def test_gui_process_exits_zero(tmp_path):
    shot = tmp_path / "window.png"
    proc = subprocess.run(
        [sys.executable, "-m", "explorer", "--exercise", "5.4", "--screenshot", str(shot)],
        capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert shot.stat().st_size > 10_000
    assert "Traceback" not in proc.stderr


def test_window_opens_within_the_screen_and_keeps_the_panes_widest(make_window):
    from PySide6 import QtCore

    window = make_window("5.1")
    window.set_size(1500, 860, within=QtCore.QRect(0, 0, 1366, 768))  # a laptop
    assert (window.width(), window.height()) == (1366, 728)
    _picker, panes, math = window.splitter.sizes()
    assert 300 <= math < 420 and panes > math
    window.set_size(1500, 860, within=QtCore.QRect())  # no limit: the default size
    assert (window.width(), window.height()) == (1500, 860)
    assert window.splitter.sizes()[2] == 420


def test_pane_rows_share_the_height_by_the_exercise_weights(make_window):
    window = make_window("5.9")
    layout = window.grid.layout()
    heights = {spec.name: spec.height for spec in window.state.exercise.panes}
    for name, pane in window.grid.panes.items():
        row = layout.getItemPosition(layout.indexOf(pane))[0]
        assert layout.rowStretch(row) == heights[name]
    assert heights["samples"] > heights["chain"]
    window.open_exercise("5.1")  # an exercise that says nothing: equal rows
    layout = window.grid.layout()
    assert {layout.rowStretch(r) for r in range(layout.rowCount())} == {1}


@pytest.mark.parametrize("exercise_id, pane", [("5.9", "convergence"), ("5.9", "chain"),
                                               ("5.7a", "field")])
def test_a_one_pane_export_gives_that_pane_the_whole_height(qtbot, exercise_id, pane):
    from explorer.core import registry
    from explorer.ui.export import build_export_widget

    ex = registry.get(exercise_id)
    frame, grid = build_export_widget(ex, ex.inputs(), pane)
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    assert grid.panes[pane].height() >= 0.9 * grid.height()
    grid.show_only(None)  # all again: the rows share the height by their weights
    qtbot.waitUntil(lambda: grid.panes[pane].height() < 0.6 * grid.height())


@pytest.mark.parametrize("size", [(1500, 860), (1366, 768), (1024, 640), (800, 500)])
def test_every_pane_fits_its_view(make_window, size):
    """No pane's content is wider or taller than the pane shows: a long title wraps
    rather than pushing a plot or colour bar past the edge, where it was cut off."""
    window = make_window()
    window.set_size(*size, within=QtCore.QRect(0, 0, *size))
    minimum = QtCore.Qt.SizeHint.MinimumSize
    for exercise_id in registry.ids():
        window.open_exercise(exercise_id)
        if exercise_id == "5.9":  # the scatter form has the busiest panes
            window.set_param("E", 2)
        for _ in range(3):
            QtWidgets.QApplication.processEvents()
        for name, pane in window.grid.panes.items():
            layout = getattr(pane, "ci", None)
            if layout is None:  # a pane of plain widgets (the cube) lays itself out
                continue
            need = layout.effectiveSizeHint(minimum)
            room = pane.viewport().size()
            assert need.width() <= room.width() + 0.5, (exercise_id, name, need, room)
            assert need.height() <= room.height() + 0.5, (exercise_id, name, need, room)


def test_an_update_repaints_only_the_controls_that_changed(make_window, qtbot):
    """Moving x must not repaint the seed's spin box (set to its own value, a spin box
    retyped and repainted its text on every update of the window)."""
    window = make_window("5.8a")
    spin = window.params_panel.widgets["seed"]
    painted = []

    class Spy(QtCore.QObject):
        def eventFilter(self, obj, event):
            if event.type() == QtCore.QEvent.Type.Paint:
                painted.append(obj)
            return False

    spy = Spy()
    for widget in (spin, *spin.findChildren(QtWidgets.QWidget)):
        widget.installEventFilter(spy)
    qtbot.wait(20)
    painted.clear()
    window.set_param("x[0]", 0.7)
    qtbot.wait(20)
    assert window.state.inputs["x"][0] == 0.7 and painted == []
    window.set_param("seed", 5)  # its own change still shows
    qtbot.wait(20)
    assert spin.value() == 5 and painted


def test_the_window_subscribers_follow_the_state(make_window, qtbot):
    window = make_window("5.1")
    heard = []
    window.state.subscribe(heard.append)  # a stub subscriber beside the window's own
    window.state.set("x", 1.25)
    assert heard == ["inputs"]
    assert window.params_panel.widgets["x"].value() == pytest.approx(1.25)  # at once
    window.refresh()
    assert window.grid.panes["f"].targets[0].pos().x() == pytest.approx(1.25)


def test_the_last_of_a_burst_of_changes_is_drawn(make_window, qtbot):
    window = make_window("5.1")
    target = window.grid.panes["f"].targets[0]
    xs = [0.5 + 0.01 * k for k in range(30)]
    for x in xs:  # a drag's steps, no event loop in between: coalesced
        window.state.set("x", x)
    qtbot.waitUntil(lambda: target.pos().x() == pytest.approx(xs[-1]), timeout=2000)
    value, _derivative = window.state.exercise.headline(window.state.inputs)
    qtbot.waitUntil(lambda: f"f = {float(value):.6g}" in window.statusBar().currentMessage(),
                    timeout=2000)


def test_refresh_draws_a_held_back_change_at_once(make_window):
    window = make_window("5.1")
    target = window.grid.panes["f"].targets[0]
    window.state.set("x", 0.5)  # drawn at once (the first of a frame)
    window.state.set("x", 0.75)  # held back until the frame is over
    window.refresh()
    assert target.pos().x() == pytest.approx(0.75)
