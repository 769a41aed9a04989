"""Drawing in the view's pixels from inside a plot: for items whose text or symbols must
keep their size and stay upright however the plot is scaled or flipped."""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets


def paint_in_view_pixels(item: QtWidgets.QGraphicsItem,
                         painter: QtGui.QPainter) -> QtGui.QTransform:
    """Switch `painter` from `item`'s coordinates to the scene's, where a unit is a pixel
    of the view; an export's scaling (in the painter's transform) still applies. Returns
    the item → scene transform, to place things drawn there."""
    to_scene = item.sceneTransform()
    painter.setTransform(to_scene.inverted()[0] * painter.transform())
    return to_scene
