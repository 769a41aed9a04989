"""The point label: its box placed around its point by the anchor, in pixels whatever the
view's scale or direction, its text redrawn when it changes, wrapped when told."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore
from white_plot import ink, white_plot

from explorer.ui.export import render_image
from explorer.ui.panes.point_label import MARGIN, PointLabel

RED, FILL = "#ff0000", "#00c000"


def _label_at(qtbot, anchor, invert=False, fill=None):
    label = PointLabel(color=RED, anchor=anchor, fill=fill)
    widget, plot = white_plot(qtbot, 420, 320, label, xRange=(0, 10), yRange=(0, 1000),
                              padding=0)
    plot.invertY(invert)
    label.setPos(5.0, 500.0)
    label.setText("x = 1.25, f(x) = 3")
    qtbot.wait(10)
    return widget, plot, label


def _inked_box(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    assert xs.size, "nothing drawn"
    return xs.min(), ys.min(), xs.max(), ys.max()


@pytest.mark.parametrize("invert", [False, True])
@pytest.mark.parametrize("anchor", [(0.0, 1.2), (1.05, 1.2), (0.5, -0.3)])
def test_the_anchor_places_the_text_box_around_the_point(qtbot, anchor, invert):
    widget, plot, label = _label_at(qtbot, anchor, invert)
    point = widget.mapFromScene(plot.vb.mapViewToScene(QtCore.QPointF(5.0, 500.0)))
    size = label.text_size()
    x0, y0, x1, y1 = _inked_box(ink(widget.grab().toImage(), RED))
    box_left = point.x() - anchor[0] * size.width()
    box_top = point.y() - anchor[1] * size.height()
    # the glyphs lie inside the box, within its margin of the edges
    assert box_left + MARGIN - 1.5 <= x0 and x1 <= box_left + size.width() - MARGIN + 1.5
    assert box_top + MARGIN - 1.5 <= y0 and y1 <= box_top + size.height() - MARGIN + 1.5
    assert x1 - x0 > 0.8 * (size.width() - 2 * MARGIN)  # the whole text, one line
    scene_box = label.text_scene_rect()
    assert abs(scene_box.width() - size.width()) < 1e-6
    assert plot.vb.sceneBoundingRect().contains(scene_box.center())


def test_the_bounding_rect_holds_the_box_in_the_plots_units(qtbot):
    _widget, _plot, label = _label_at(qtbot, (0.0, 1.2))
    scene_box = label.text_scene_rect()
    assert label.mapRectToScene(label.boundingRect()).contains(scene_box)


def test_new_text_is_drawn_instead_of_the_old_and_the_fill_follows(qtbot):
    widget, _plot, label = _label_at(qtbot, (0.0, 1.2), fill=FILL)
    short = label.text_size()
    before = ink(widget.grab().toImage(), FILL).sum()
    label.setText("x = 1.25, f(x) = 3, and a good deal more text")
    qtbot.wait(10)
    assert label.toPlainText().endswith("more text")
    assert label.text_size().width() > short.width() + 50
    assert ink(widget.grab().toImage(), FILL).sum() > 1.5 * before
    label.setText("")
    qtbot.wait(10)
    image = widget.grab().toImage()
    assert not ink(image, RED).any() and not ink(image, FILL).any()


def test_lines_and_wrapping(qtbot):
    _widget, _plot, label = _label_at(qtbot, (0.0, 0.0))
    one_line = label.text_size()
    label.setText("x = [1, -0.5],\ndf/dx = [2, -1]")
    assert label.text_size().height() > 1.8 * (one_line.height() - 2 * MARGIN)
    label.setText("x = [1, -0.5], df/dx = [2, -1]")
    wide = label.text_size().width()
    label.setTextWidth(wide / 2)
    assert label.textWidth() == wide / 2
    assert label.text_size().width() <= wide / 2
    assert label.text_size().height() > 1.8 * (one_line.height() - 2 * MARGIN)
    label.setTextWidth(-1)
    assert label.text_size().width() == wide


def test_an_export_scales_the_label_with_the_rest(qtbot):
    widget, _plot, _label = _label_at(qtbot, (0.0, 1.2))
    x0, y0, x1, _ = _inked_box(ink(widget.grab().toImage(), RED))
    sx0, sy0, sx1, _ = _inked_box(ink(render_image(widget, 2 * widget.width()), RED))
    assert abs((sx1 - sx0) / (x1 - x0) - 2.0) < 0.15
    assert abs(sx0 - 2 * x0) <= 4 and abs(sy0 - 2 * y0) <= 4


def _on_screen(widget):
    """What Qt has painted into the window so far (its backing store), not a fresh render:
    a stale bounding rect leaves old text there or clips the new."""
    return widget.screen().grabWindow(widget.winId()).toImage()


@pytest.mark.parametrize("invert", [False, True])
def test_what_is_on_screen_follows_each_change(qtbot, invert):
    widget, plot, label = _label_at(qtbot, (0.0, 1.2), invert, fill=FILL)
    steps = [
        lambda: label.setText("a much longer text than before, and longer still"),
        lambda: label.setPos(3.0, 300.0),
        lambda: label.setAnchor((0.5, -1.5)),  # the box well below the point
        lambda: plot.setRange(xRange=(0, 20), yRange=(0, 2000), padding=0),
        lambda: label.setPos(10.0, 1000.0),
        lambda: label.setText("short"),
        lambda: label.setTextWidth(60),
        lambda: label.setText(""),
        lambda: label.setText("x = [1, -0.5], df/dx = [2, -1]"),
    ]
    for step in steps:
        step()
        qtbot.wait(20)
        shown, fresh = _on_screen(widget), widget.grab().toImage()
        for colour in (RED, FILL):
            assert (ink(shown, colour) == ink(fresh, colour)).all()
        assert ink(fresh, RED).any() == bool(label.toPlainText())
        if label.toPlainText():  # and the whole box is drawn, where it should be
            box = label.text_scene_rect().intersected(plot.vb.sceneBoundingRect())
            box = widget.mapFromScene(box).boundingRect()  # (the view clips it)
            x0, y0, x1, y1 = _inked_box(ink(fresh, FILL))
            assert abs(x0 - box.left()) <= 1.5 and abs(x1 - box.right()) <= 1.5
            assert abs(y0 - box.top()) <= 1.5 and abs(y1 - box.bottom()) <= 1.5
