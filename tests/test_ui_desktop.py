"""Working like a desktop tool: play, several tangents, hover readouts, keyboard,
accessible names, light/dark palettes, high-DPI."""

import os
import subprocess
import sys

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.core import registry


def test_play_sweeps_back_and_forth(make_window):
    window = make_window("5.3")
    panel = window.params_panel
    slider = panel.widgets["mu"]
    panel.play_buttons["mu"].click()
    assert panel.player.playing and panel.player.slider is slider
    assert panel.play_buttons["mu"].isChecked()
    start = window.state.inputs["mu"]
    panel.player.tick(0.5)
    assert window.state.inputs["mu"] > start  # the state follows the slider
    for _ in range(200):  # well past the upper end: it must bounce, not stick
        panel.player.tick(0.2)
    assert slider.minimum() <= slider.value() <= slider.maximum()
    values = []
    for _ in range(60):
        panel.player.tick(0.2)
        values.append(slider.value())
    steps = np.sign(np.diff(values))
    assert (steps > 0).any() and (steps < 0).any()
    panel.speed_box.setCurrentText("4×")
    before = slider.value()
    panel.player.tick(0.1)
    assert abs(slider.value() - before) == pytest.approx(
        4 * 0.1 * (slider.maximum() - slider.minimum()) / 6.0, rel=1e-6)
    panel.play_buttons["mu"].click()
    assert not panel.player.playing and not panel.play_buttons["mu"].isChecked()


def test_play_shortcut_and_timer(make_window, qtbot):
    window = make_window("5.1")
    qtbot.keyClick(window, QtCore.Qt.Key.Key_P, QtCore.Qt.KeyboardModifier.ControlModifier)
    panel = window.params_panel
    assert panel.player.playing
    start = window.state.inputs["x"]
    qtbot.waitUntil(lambda: window.state.inputs["x"] != start, timeout=3000)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_P, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert not panel.player.playing


def test_every_continuous_slider_has_play(make_window):
    for eid in ("5.3", "5.4", "5.5-f1", "5.9"):
        window = make_window(eid)
        panel = window.params_panel
        continuous = [name for name, w in panel.widgets.items()
                      if type(w).__name__ == "QLabeledDoubleSlider"]
        assert continuous and set(continuous) == set(panel.play_buttons)
        window.close()


def test_several_tangents(make_window):
    window = make_window("5.2")
    pane = window.grid.panes["f"]
    window.tangents_box.add_button.click()
    window.tangents_box.add_button.click()
    assert len(window.state.tangents) == 2
    window.refresh()  # (a change within a frame of the last is drawn at the frame's end)
    visible = [t for t in pane.targets if t.isVisible()]
    assert len(visible) == 3
    colours = {t.pen.color().name() for t in visible}
    assert len(colours) == 3  # each point has its own colour
    # dragging the second extra point sets its own x, not the main one
    x_main = window.state.inputs["x"]
    pane.targets[2].setPos(-4.0, 0.0)
    assert window.state.tangents[1] == pytest.approx(-4.0)
    assert window.state.inputs["x"] == x_main
    window.refresh()
    segment = pane._curves["tangent 3"].getData()
    slope = (segment[1][1] - segment[1][0]) / (segment[0][1] - segment[0][0])
    s = 1 / (1 + np.exp(4.0))
    assert slope == pytest.approx(s * (1 - s), rel=1e-9)
    # its own readout
    _row, label = window.tangents_box.rows[1]
    assert f"{s * (1 - s):.4g}" in label.text()
    assert window.tangents_box.boxes[1].value() == pytest.approx(-4.0)
    # removing the first keeps the second (now first)
    window.tangents_box.rows[0][0].findChild(QtWidgets.QToolButton).click()
    assert window.state.tangents == [pytest.approx(-4.0)]
    window.refresh()
    assert sum(t.isVisible() for t in pane.targets) == 2
    assert not pane._curves["tangent 3"].isVisible()


def test_hover_readouts(make_window):
    window = make_window("5.1")
    f_pane = window.grid.panes["f"]
    text = f_pane.readout_at(0.5, 0.0)
    x = 0.5
    f = np.log(x**4) * np.sin(x**3)
    df = 4 * np.sin(x**3) / x + 3 * x**2 * np.cos(x**3) * np.log(x**4)
    assert f"f(0.5) = {f:.4g}" in text and f"f′(0.5) = {df:.4g}" in text
    # real mouse movement over the plot fills the readout label
    vb = f_pane.plot.vb
    scene_pos = vb.mapViewToScene(QtCore.QPointF(0.5, 0.0))
    f_pane.plot.scene().sigMouseMoved.emit(scene_pos)
    assert "f′(0.5" in f_pane.readout.text


def test_heatmap_hover_names_entry_formula(make_window):
    window = make_window("5.7b")
    pane = window.grid.panes["jacobian"]
    view = window.state.views()["jacobian"]
    # the centre of cell (row 2, column 1): rows run along y, columns along x
    target = pane.plot.vb.mapViewToScene(QtCore.QPointF(0.5, 1.5))
    pane.scene().sigMouseMoved.emit(target)
    text = pane.hover_text()
    assert "row 2" in text and "column 1" in text
    assert "cos(z₂)·A₂₁" in text  # subscripts, not ASCII "z_2"
    assert f"{view.matrix[1, 0]:.6g}" in text


def test_arrow_and_page_keys_move_focused_slider(make_window, qtbot):
    window = make_window("5.3")
    slider = window.params_panel.widgets["mu"]
    inner = slider.findChild(QtWidgets.QSlider)
    inner.setFocus()
    before = window.state.inputs["mu"]
    qtbot.keyClick(inner, QtCore.Qt.Key.Key_Right)
    assert window.state.inputs["mu"] > before
    mid = window.state.inputs["mu"]
    qtbot.keyClick(inner, QtCore.Qt.Key.Key_PageUp)
    assert window.state.inputs["mu"] > mid
    qtbot.keyClick(inner, QtCore.Qt.Key.Key_Left)
    assert window.state.inputs["mu"] < slider.maximum()


@pytest.mark.parametrize("exercise_id", ["5.1", "5.4", "5.7b", "5.5-f3", "5.9"])
def test_every_control_has_accessible_name_and_tooltip(make_window, exercise_id):
    window = make_window(exercise_id)
    kinds = (QtWidgets.QAbstractSlider, QtWidgets.QAbstractButton, QtWidgets.QLineEdit,
             QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox, QtWidgets.QTreeWidget)
    missing = []
    for widget in window.findChildren(QtWidgets.QWidget):
        if not isinstance(widget, kinds) or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QtWidgets.QScrollBar) or widget.objectName().startswith("qt_"):
            continue  # scroll bars and Qt's own internal buttons speak for themselves
        if type(widget).__name__ != widget.metaObject().className():
            continue  # a class private to Qt (a table's corner button, unnamed in Qt 6.10.0)
        if isinstance(widget, QtWidgets.QLineEdit) and isinstance(
                widget.parent(), QtWidgets.QAbstractSpinBox | QtWidgets.QComboBox):
            continue  # the editor inside a spin box is the spin box
        if not widget.accessibleName() or not widget.toolTip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} "
                           f"{getattr(widget, 'text', lambda: '')()!r}")
    assert not missing, missing


def test_follows_dark_palette(qtbot):
    from explorer.ui import theme
    from explorer.ui.main_window import MainWindow

    app = QtWidgets.QApplication.instance()
    old = app.palette()
    dark = QtGui.QPalette()
    dark.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor("#202124"))
    dark.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor("#e8e8e8"))
    app.setPalette(dark)
    try:
        assert theme.from_palette() is theme.DARK
        window = MainWindow("5.1")
        qtbot.addWidget(window)
        pane = window.grid.panes["f"]
        assert pane.backgroundBrush().color().name() == theme.DARK.background
    finally:
        app.setPalette(old)
    assert theme.from_palette() is theme.LIGHT


def test_high_dpi_screenshot(tmp_path):
    from PIL import Image

    shot = tmp_path / "hidpi.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    proc = subprocess.run([sys.executable, "-m", "explorer", "--exercise", "5.3",
                           "--screenshot", str(shot)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    with Image.open(shot) as image:
        # rendered at twice the logical size, not upscaled: the window is at least
        # 600 logical px wide (its least size; the offscreen screen is smaller)
        assert image.width >= 2 * 600
        assert len(image.convert("RGB").getcolors(1 << 22)) > 500


def test_registry_ids_in_picker_order(make_window):
    window = make_window("5.1")
    seen = []
    it = QtWidgets.QTreeWidgetItemIterator(window.picker)
    while it.value():
        eid = it.value().data(0, QtCore.Qt.ItemDataRole.UserRole)
        if eid:
            seen.append(eid)
        it += 1
    assert seen == [*registry.ids(), "custom"]  # (your own function last)


def test_resized_vector_shows_one_slider_row_per_component(make_window, qtbot):
    window = make_window("5.9")
    box = window.params_panel._vector_boxes["x"]

    def rows():
        return [w for w in box.findChildren(
            QtWidgets.QWidget, options=QtCore.Qt.FindChildOption.FindDirectChildrenOnly)
            if not w.isHidden()]

    window.set_param("E", 2)
    qtbot.waitUntil(lambda: len(rows()) == 2, timeout=2000)  # Qt shows new rows when idle
    window.set_param("E", 1)  # (the panel follows the state at once, unthrottled)
    assert len(rows()) <= 1  # the two replaced rows vanish at once, not when deleted later
    qtbot.waitUntil(lambda: len(rows()) == 1, timeout=2000)


def test_start_up_objects_are_frozen_out_of_garbage_collection():
    import gc

    from explorer.ui.app import freeze_startup_objects

    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > 10_000  # modules, SymPy, Qt wrappers, …
    finally:
        gc.unfreeze()
