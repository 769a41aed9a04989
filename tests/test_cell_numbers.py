"""The cell-number item: each number centred in its cell, upright in a y-inverted view,
in its colour, at its pixel size, and scaled with an export."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore
from white_plot import ink, white_plot

from explorer.ui.export import render_image
from explorer.ui.panes.cell_numbers import GAP, CellNumbers

RED, BLUE = "#ff0000", "#0000ff"


@pytest.fixture
def matrix_view(qtbot):
    numbers = CellNumbers()
    widget, plot = white_plot(qtbot, 420, 320, numbers, xRange=(0, 3), yRange=(0, 2),
                              padding=0.02)
    plot.invertY(True)
    plot.setAspectLocked(True)
    return widget, numbers


def _box(mask: np.ndarray, rect: QtCore.QRectF) -> tuple[float, float, float, float]:
    """(centre x, centre y, width, height) of the inked pixels inside `rect`."""
    x0, y0 = int(rect.left()), int(rect.top())
    part = mask[y0:int(rect.bottom()), x0:int(rect.right())]
    ys, xs = np.nonzero(part)
    assert xs.size, "no text drawn in this cell"
    return ((xs.min() + xs.max()) / 2 + x0, (ys.min() + ys.max()) / 2 + y0,
            xs.max() - xs.min() + 1, ys.max() - ys.min() + 1)


def _cell_rect(widget, numbers, i: int, j: int, scale: float = 1.0) -> QtCore.QRectF:
    top_left = widget.mapFromScene(numbers.mapToScene(QtCore.QPointF(j, i)))
    bottom_right = widget.mapFromScene(numbers.mapToScene(QtCore.QPointF(j + 1, i + 1)))
    rect = QtCore.QRectF(QtCore.QPointF(top_left), QtCore.QPointF(bottom_right)).normalized()
    return QtCore.QRectF(rect.topLeft() * scale, rect.bottomRight() * scale)


def test_each_number_sits_centred_in_its_cell_row_one_on_top(matrix_view):
    widget, numbers = matrix_view
    texts = ["1", "22", "333", "4", "55", "-0.66"]
    colours = [RED, BLUE, RED, BLUE, RED, BLUE]
    numbers.set_cells(texts, colours, (2, 3))
    image = widget.grab().toImage()
    widths = {}
    for k, (text, colour) in enumerate(zip(texts, colours, strict=True)):
        i, j = divmod(k, 3)
        rect = _cell_rect(widget, numbers, i, j)
        x, y, width, _height = _box(ink(image, colour), rect)
        assert abs(x - rect.center().x()) <= 2.5 and abs(y - rect.center().y()) <= 2.5, text
        widths[text] = width
    assert widths["1"] < widths["22"] < widths["333"] < widths["-0.66"]


def test_changed_numbers_replace_the_old_ones(matrix_view):
    widget, numbers = matrix_view
    numbers.set_cells(["8"] * 6, [RED] * 6, (2, 3))
    widget.grab()
    numbers.set_cells(["8"] * 6, [BLUE] * 6, (2, 3))  # same text, another colour
    image = widget.grab().toImage()
    assert not ink(image, RED).any() and ink(image, BLUE).any()
    numbers.set_cells([], [], (2, 3))
    image = widget.grab().toImage()
    assert not ink(image, BLUE).any() and numbers.texts() == []


def test_pixel_size_sets_the_height_of_the_numbers(matrix_view):
    widget, numbers = matrix_view
    numbers.set_cells(["8"], [RED], (1, 1))
    heights = []
    for pixels in (10, 24):
        numbers.set_pixel_size(pixels)
        rect = _cell_rect(widget, numbers, 0, 0)
        heights.append(_box(ink(widget.grab().toImage(), RED), rect)[3])
    assert numbers.pixel_size() == 24
    assert heights[1] > 1.8 * heights[0]


def test_an_export_scales_the_numbers_with_everything_else(matrix_view):
    widget, numbers = matrix_view
    numbers.set_cells(["333"], [RED], (1, 1))
    rect = _cell_rect(widget, numbers, 0, 0)
    _x, _y, width, _h = _box(ink(widget.grab().toImage(), RED), rect)
    wide = render_image(widget, 2 * widget.width())
    rect = _cell_rect(widget, numbers, 0, 0)  # (the export lets the axes settle first)
    x2, y2, width2, _h2 = _box(ink(wide, RED), _cell_rect(widget, numbers, 0, 0, 2.0))
    assert abs(x2 - 2 * rect.center().x()) <= 4 and abs(y2 - 2 * rect.center().y()) <= 4
    assert 1.6 * width < width2 < 2.4 * width


def test_numbers_too_wide_for_their_cells_are_left_out(matrix_view):
    widget, numbers = matrix_view
    numbers.set_cells(["-0.66"] * 6, [RED] * 6, (2, 3))
    assert ink(widget.grab().toImage(), RED).any()
    widget.resize(90, 80)  # cells of ~25 px: narrower than "-0.66"
    assert not ink(widget.grab().toImage(), RED).any()


def test_numbers_are_drawn_only_with_a_gap_to_their_neighbours(matrix_view):
    _widget, numbers = matrix_view
    numbers.set_cells(["0.19", "-0.5"], [RED, RED], (1, 2))
    width, height = numbers.largest()
    assert width > 0 and height > 0
    assert numbers.fits(width + GAP, height)
    assert not numbers.fits(width + GAP - 1.0, height)
    assert not numbers.fits(width, height)  # touching: left out
    assert not numbers.fits(width + GAP, height - 4.0)


def test_neighbouring_numbers_never_run_together(qtbot):
    """Whatever the cells' size, "-0.62" and "0.041" side by side are either both left
    out or drawn with blank columns between their inks (never "-0.620.041")."""
    numbers = CellNumbers()
    widget, plot = white_plot(qtbot, 200, 120, numbers, xRange=(0, 2), yRange=(0, 1),
                              padding=0.02)
    plot.invertY(True)
    plot.setAspectLocked(True)
    numbers.set_cells(["-0.62", "0.041"], [RED, BLUE], (1, 2))
    drawn = 0
    for width in range(60, 200, 2):
        widget.resize(width, 120)
        image = widget.grab().toImage()
        red, blue = ink(image, RED), ink(image, BLUE)
        if not red.any() and not blue.any():
            continue
        drawn += 1
        red_cols, blue_cols = np.nonzero(red.any(axis=0))[0], np.nonzero(blue.any(axis=0))[0]
        assert blue_cols.min() - red_cols.max() - 1 >= 3, width
    assert drawn > 5
