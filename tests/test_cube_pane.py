"""5.5-f3's cube pane at any n: the slice fills the room the pane has for it, its index
ticks never overlap, the row and column holding x stay visible at n = 1000, its own
controls are the window's only ones for the slice, and the window speaks its own language
about a tensor too large to print."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from explorer.core import registry
from explorer.ui.pane_grid import pane_class
from explorer.ui.theme import LIGHT

SIZES = [(800, 520), (330, 270)]  # a roomy pane, and the cube's pane on a 1024×640 screen


def cube_view(n: int, k: int = 3, axis: int = 2):
    ex = registry.get("5.5-f3")
    return ex.views(ex.inputs({"n": n, "k": k, "axis": axis}))["cube"]


def make_pane(qtbot, view, size):
    pane = pane_class(type(view))(LIGHT)
    qtbot.addWidget(pane)
    pane.resize(*size)
    pane.show()
    qtbot.waitExposed(pane)
    pane.update_view(view)
    for _ in range(3):
        QtGui.QGuiApplication.processEvents()
    return pane


def on_screen(pane, item) -> QtCore.QRectF:
    """An item's rectangle in the pane's graphics view, in pixels."""
    return QtCore.QRectF(pane.graphics.mapFromScene(
        item.mapRectToScene(item.boundingRect())).boundingRect())


def height_of(pane, item) -> float:
    return on_screen(pane, item).height() if item.isVisible() else 0.0


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("n", [5, 50, 1000])
def test_the_slice_fills_the_square_the_pane_has_for_it(qtbot, n, size):
    pane = make_pane(qtbot, cube_view(n), size)
    plot = pane.slice_plot
    # the room left by the text around the slice: the titles above it, the readout
    # below, its axes and colour bar, the side-by-side slices when shown, margins
    wide = (pane.graphics.width() - on_screen(pane, plot.getAxis("left")).width()
            - on_screen(pane, pane.bar).width() - 16)
    if pane.multiples_plot.isVisible() and pane._multiples_at == "beside":
        wide -= on_screen(pane, pane.multiples_plot).width()
    tall = (pane.graphics.height() - height_of(pane, pane.title)
            - height_of(pane, pane.readout) - on_screen(pane, plot.getAxis("bottom")).height()
            - 16)
    if pane.multiples_plot.isVisible() and pane._multiples_at == "below":
        tall -= on_screen(pane, pane.multiples_plot).height()
    drawn = on_screen(pane, pane.slice.image)
    assert min(drawn.width(), drawn.height()) >= 0.9 * min(wide, tall), (drawn, wide, tall)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("n", [5, 13, 50, 1000])
def test_index_tick_labels_never_overlap(qtbot, n, size):
    pane = make_pane(qtbot, cube_view(n), size)
    for side in ("bottom", "left"):
        axis = pane.slice_plot.getAxis(side)
        image = QtGui.QImage(10, 10, QtGui.QImage.Format.Format_RGB32)
        painter = QtGui.QPainter(image)
        try:
            _, _, texts = axis.generateDrawSpecs(painter)
        finally:
            painter.end()
        rects = [rect for rect, _flags, _text in texts]
        assert len(rects) >= 2, (side, [t for _, _, t in texts])  # 1 and at least one more
        for a, b in itertools.combinations(rects, 2):
            assert not a.intersects(b), (side, n, a, b, [t for _, _, t in texts])


def slice_pixels(pane) -> tuple[np.ndarray, QtCore.QRectF]:
    image = pane.graphics.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    rgb = np.array(image.constBits(), dtype=np.uint8).reshape(
        image.height(), image.width(), 4)[..., :3].astype(int)
    ratio = image.width() / pane.graphics.width()
    rect = on_screen(pane, pane.slice.image)
    return rgb, QtCore.QRectF(rect.topLeft() * ratio, rect.size() * ratio)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("k", "axis"), [(3, 2), (500, 2), (1000, 2), (700, 0)])
def test_at_n_1000_the_row_and_column_holding_x_stand_out(qtbot, size, k, axis):
    pane = make_pane(qtbot, cube_view(1000, k, axis), size)
    rgb, rect = slice_pixels(pane)
    left, top, width, height = (int(v) for v in (rect.left(), rect.top(), rect.width(),
                                                 rect.height()))
    centre = (k - 0.5) / 1000  # the k-th row's and column's middle, as a fraction
    zero = rgb[top + height // 2 + 25, left + width // 2 + 25] if k < 600 else \
        rgb[top + 15, left + 15]  # a cell far from them: 0's colour

    def stands_out(strip: np.ndarray) -> bool:
        """Most places along the line have a pixel near it unlike 0's colour."""
        differs = (np.abs(strip - zero).max(axis=2) > 40).any(axis=0)
        return differs.mean() > 0.8

    row = int(top + centre * height)
    column = int(left + centre * width)
    inside = slice(left + 2, left + width - 2)
    near_row = rgb[max(row - 6, top):row + 7, inside]
    near_column = rgb[top + 2:top + height - 2, max(column - 6, left):column + 7] \
        .transpose(1, 0, 2)
    assert stands_out(near_column)
    if axis == 2:  # J[:, :, k]: row k holds x too
        assert stands_out(near_row)


def test_the_window_has_one_set_of_slice_controls_kept_in_sessions(make_window, tmp_path):
    window = make_window("5.5-f3")
    panel = window.params_panel
    assert "k" not in panel.widgets and "axis" not in panel.widgets  # no duplicates
    pane = window.grid.panes["cube"]
    pane.index_box.setValue(3)
    pane.axis_box.setCurrentIndex(0)
    assert window.state.inputs["k"] == 3 and window.state.inputs["axis"] == 0
    path = tmp_path / "cube.json"
    assert window.save_session(path)
    assert json.loads(path.read_text())["parameters"]["5.5-f3"] == {"k": 3, "axis": 0}
    other = make_window("5.1")
    assert other.open_session(path) == []
    cube = other.grid.panes["cube"]
    assert (cube.index_box.value(), cube.slider.value(), cube.axis_box.currentIndex()) \
        == (3, 3, 0)
    assert cube.index_box.prefix() == "i = "


def test_the_status_bar_for_a_large_cube_speaks_of_the_window(make_window):
    window = make_window("5.5-f3")
    window.set_param("n", 1000)
    window.status.show()
    text = window.statusBar().currentMessage()
    assert "1000×1000×1000" in text and "slice" in text
    assert "evaluate" not in text and "n ≤" not in text


def test_export_takes_k_and_axis_from_the_command_line(tmp_path):
    from explorer import cli

    out = tmp_path / "slice.csv"
    assert cli.main(["export", "5.5-f3", "--set", "n=6", "--set", "k=4", "--set", "axis=0",
                     "--pane", "cube", "--out", str(out)]) == 0
    rows = [line.split(",") for line in out.read_text().splitlines()[1:]]
    x = registry.get("5.5-f3").inputs({"n": 6})["x"]
    column_4 = [float(row[4]) for row in rows]  # J[4, :, :]: column 4 holds x (+x₄ at 4)
    np.testing.assert_allclose(np.array(column_4) - x[3] * np.eye(6)[3], x)
