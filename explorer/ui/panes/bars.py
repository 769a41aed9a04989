"""Pane for BarsView: one bar per label (e.g. Taylor coefficients), updated in place."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from explorer.core.views import BarsView
from explorer.ui.panes.base import Pane


class BarsPane(Pane):
    def __init__(self, theme, parent=None):
        super().__init__(theme, parent)
        self.plot = self.add_plot()
        self.plot.showGrid(x=False, y=True, alpha=theme.grid_alpha)
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.7,
                                    brush=pg.mkBrush(theme.color("f")), pen=pg.mkPen(None))
        self.plot.addItem(self.bars)
        self.zero = pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(theme.foreground, width=1))
        self.plot.addItem(self.zero)
        self.values_label = self.add_label("", row=1, col=0, color=theme.foreground,
                                           size="9pt")

    def update_view(self, view: BarsView) -> None:
        values = np.asarray(view.values, dtype=float)
        x = np.arange(len(values))
        self.plot.setTitle(view.title, color=self.theme.foreground, size="11pt")
        self.plot.setLabel("bottom", view.xlabel, color=self.theme.foreground)
        self.plot.setLabel("left", view.ylabel, color=self.theme.foreground)
        self.bars.setOpts(x=x, height=values)
        step = max(1, len(values) // 12)
        self.plot.getAxis("bottom").setTicks(
            [[(i, view.labels[i]) for i in range(0, len(values), step)]])
        self.plot.setXRange(-0.6, len(values) - 0.4, padding=0)
        shown = ", ".join(f"{v:.3g}" for v in values[:8]) + (" …" if len(values) > 8 else "")
        self.values_label.setText(shown)

    def export_item(self):
        return self.plot
