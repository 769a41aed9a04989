"""Helpers for tests that look at an item's pixels: a plot on white, and the mask of the
pixels of one colour."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui


def white_plot(qtbot, width: int, height: int, item, **view_range):
    """A shown plot on white with `item` in it (not counted for auto-range); the view's
    range as given (setRange's keyword arguments). Returns (widget, plot)."""
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    widget.setBackground("w")
    widget.resize(width, height)
    plot = widget.addPlot()
    plot.setRange(**view_range)
    plot.addItem(item, ignoreBounds=True)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, plot


def ink(image: QtGui.QImage, colour: str, tolerance: int = 120) -> np.ndarray:
    """Mask of the pixels within `tolerance` (summed over R, G, B) of `colour`: its
    antialiased edges are left out."""
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, :image.width() * 3].reshape(
        image.height(), image.width(), 3).astype(int)
    target = np.array(QtGui.QColor(colour).getRgb()[:3])
    return np.abs(pixels - target).sum(axis=2) < tolerance
