"""Pane for HeatmapView: a matrix as a heat map centred on 0, with a colour bar, the shape
in the title, row/column indices on the axes, marked column blocks or an outlined
diagonal, and the row, column and value of the cell under the mouse."""

from __future__ import annotations

import pyqtgraph as pg

from explorer.core.views import HeatmapView
from explorer.ui.panes.base import Pane
from explorer.ui.panes.matrix_plot import MatrixPlot, colour_bar
from explorer.ui.panes.pixmap_cache import cache


class HeatmapPane(Pane):
    def __init__(self, theme, parent=None):
        super().__init__(theme, parent)
        self.plot = self.add_plot(row=0, col=0, plain=False)
        self.matrix = MatrixPlot(self.plot, theme)
        self.bar = colour_bar(theme)
        self.addItem(self.bar, row=0, col=1)
        self.readout = self.add_readout(row=1, colspan=2, color=theme.foreground, size="10pt")
        self._separators: list[pg.InfiniteLine] = []
        self._block_labels: list[pg.TextItem] = []
        self._view = None
        self._hover = ""
        self.scene().sigMouseMoved.connect(self._on_hover)

    def update_view(self, view: HeatmapView) -> None:
        self._view = view
        fg = self.theme.foreground
        self.plot.setTitle(view.title, color=fg, size="11pt")
        self.plot.setLabel("bottom", view.col_label, color=fg)
        self.plot.setLabel("left", view.row_label, color=fg)
        self.matrix.set_matrix(view.matrix, view.limit, view.row_names, view.col_names,
                               view.highlight_diagonal,
                               room_above=0.9 if view.col_blocks else 0.0)  # block names
        self.bar.setLevels((-self.matrix.limit, self.matrix.limit))
        self._update_blocks(view.col_blocks)
        self._show_readout()

    def _update_blocks(self, blocks) -> None:
        while len(self._separators) < len(blocks):
            line = pg.InfiniteLine(angle=90, pen=pg.mkPen(self.theme.foreground, width=3))
            self.plot.addItem(line, ignoreBounds=True)
            self._separators.append(line)
            label = pg.TextItem(color=self.theme.foreground, anchor=(0.5, 1.0))
            cache(label.textItem)
            self.plot.addItem(label, ignoreBounds=True)
            self._block_labels.append(label)
        for n, (line, label) in enumerate(zip(self._separators, self._block_labels,
                                              strict=True)):
            shown = n < len(blocks)
            line.setVisible(shown and n > 0)
            label.setVisible(shown)
            if shown:
                text, start, stop = blocks[n]
                line.setPos(start)
                label.setText(text)
                label.setPos((start + stop) / 2, -0.08)

    def _on_hover(self, scene_pos) -> None:
        cell = self.matrix.cell_at(scene_pos)
        if cell is None or self._view is None:
            self._hover = ""
        else:
            i, j = cell
            v = self._view
            row = f" ({v.row_names[i]})" if v.row_names else ""
            col = f" ({v.col_names[j]})" if v.col_names else ""
            value = self.matrix.matrix[i, j]
            formula = v.formula_at(i, j)
            self._hover = (f"row {i + 1}{row}, column {j + 1}{col}: "
                           + (f"{formula} = " if formula else "") + f"{value:.6g}")
        self._show_readout()

    def mouse_left(self) -> None:
        self._hover = ""
        self._show_readout()

    def _show_readout(self) -> None:
        parts = [t for t in ((self._view.note if self._view else ""), self._hover) if t]
        self.readout.setText("   ·   ".join(parts) if parts else " ")

    def hover_text(self) -> str:
        return self._hover

    def export_item(self):
        return self.scene()
