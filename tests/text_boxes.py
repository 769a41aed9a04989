"""Where an export's axis text landed: every tick label and axis label drawn in the
panes under a widget, as rectangles in that widget's coordinates; and what is wrong with
them (overlaps, text cut off at a pane's edge, axes left without numbers)."""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6 import QtCore

from explorer.ui.panes.axis import Axis

GAP = 1.0  # px two texts may share (antialiased edges) before they count as overlapping


@dataclass(frozen=True)
class Box:
    kind: str  # "tick" or "label"
    axis: Axis
    text: str
    rect: QtCore.QRectF  # in the widget's coordinates
    pane: QtCore.QRectF  # the pane's visible area, same coordinates


def boxes(widget) -> list[Box]:
    out = []
    for view in widget.findChildren(pg.GraphicsView):
        if not view.isVisibleTo(widget):
            continue
        port = view.viewport()
        offset = QtCore.QPointF(port.mapTo(widget, QtCore.QPoint(0, 0)))
        to_widget = view.viewportTransform()
        pane = QtCore.QRectF(offset, QtCore.QSizeF(port.size()))
        for item in view.scene().items():
            if not isinstance(item, Axis) or not item.isVisible():
                continue
            for rect, text in item.tick_labels:
                place = to_widget.mapRect(item.mapRectToScene(rect)).translated(offset)
                out.append(Box("tick", item, text, place, pane))
            label = item.label
            if label.isVisible() and label.toPlainText().strip():
                m = label.document().documentMargin()
                inner = label.boundingRect().adjusted(m, m, -m, -m)
                place = to_widget.mapRect(label.mapRectToScene(inner)).translated(offset)
                out.append(Box("label", item, label.toPlainText().strip(), place, pane))
    return out


def problems(widget) -> list[str]:
    found = boxes(widget)
    out = []
    for i, a in enumerate(found):
        if not a.pane.adjusted(-GAP, -GAP, GAP, GAP).contains(a.rect):
            out.append(f"{a.kind} {a.text!r} cut off at the pane's edge")
        for b in found[i + 1:]:
            if a.pane == b.pane and a.rect.adjusted(GAP, GAP, -GAP, -GAP).intersects(b.rect):
                out.append(f"{a.kind} {a.text!r} overlaps {b.kind} {b.text!r}")
    for axis in {b.axis for b in found}:
        if axis.style["showValues"] and axis.orientation == "left" and \
                axis._tickLevels is None and \
                sum(b.axis is axis and b.kind == "tick" for b in found) < 2:
            out.append(f"a {axis.orientation} axis with fewer than two numbers")
    return out
