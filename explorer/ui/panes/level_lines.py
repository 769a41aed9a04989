"""A horizontal or vertical line at a value, across the whole view, painted by Qt alone.

pg.InfiniteLine does the same but is a Python item: its position setter, bounds and paint
run in Python on every update and every repaint, and 5.9 marks its exact values with
twelve such lines (E = 2); this one is a plain QGraphicsLineItem whose ends follow the
view's range."""

from __future__ import annotations

import math

import pyqtgraph as pg
import shiboken6
from PySide6 import QtWidgets


class LevelLine(QtWidgets.QGraphicsLineItem):
    def __init__(self, plot: pg.PlotItem, vertical: bool, pen):
        super().__init__()
        self.setPen(pen)  # (pyqtgraph's pens are cosmetic: dashes in pixels)
        self.vertical = vertical
        self._value = math.nan
        self._shown = True  # (drawn when shown and at a finite value)
        self._view = plot.vb
        plot.addItem(self, ignoreBounds=True)
        self._view.sigRangeChanged.connect(self._fit)
        self.setVisible(False)

    def value(self) -> float:
        return self._value

    def set_shown(self, shown: bool) -> None:
        self._shown = shown
        self._fit()

    def setPos(self, value: float) -> None:
        value = float(value)
        if value == self._value:
            return
        self._value = value
        self._fit()

    def _fit(self, *_) -> None:
        if not shiboken6.isValid(self):  # (a range change while the pane is torn down)
            return
        drawn = self._shown and math.isfinite(self._value)
        if drawn:
            (x0, x1), (y0, y1) = self._view.viewRange()
            v = self._value
            line = (v, y0, v, y1) if self.vertical else (x0, v, x1, v)
            if self.line().toTuple() != line:
                self.setLine(*line)
        if self.isVisible() != drawn:
            self.setVisible(drawn)
