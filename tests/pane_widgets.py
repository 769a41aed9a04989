"""A shown plot of the panes' own kind (explorer.ui.panes.plot.Plot), for the item tests."""

import numpy as np
import pyqtgraph as pg

from explorer.ui.panes.plot import add_plot


def shown_plot(qtbot, width: int = 400, height: int = 300):
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    widget.resize(width, height)
    plot = add_plot(widget.ci, 0, 0)
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot.plot(np.linspace(0, 1, 50), np.linspace(0, 1, 50) ** 2)
    widget.show()
    qtbot.waitExposed(widget)
    widget.grab()  # (a paint: what the view draws, caches and all)
    return widget, plot
