"""Pane for ChainView: a chain rule written out as a row of heat maps — each factor or
summand with its symbol, its shape, its numbers in the cells and its finite-difference
check — with the operators (·, +, =) between them. Items are pooled and reused."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg

from explorer.core.views import ChainView
from explorer.ui.panes.base import Pane
from explorer.ui.panes.cell_numbers import CellNumbers
from explorer.ui.panes.heat_map import HeatMap
from explorer.ui.panes.label import add_label
from explorer.ui.panes.matrix_plot import MIN_LEVEL, ColourBar, nice_ceiling
from explorer.ui.panes.view_range import ShownRange

BAR_WIDTH = 260  # px: the colour bar under the terms
MAX_CELL_TEXT = 64  # cells with a printed number per term; larger terms show colour only


class _TermItems:
    def __init__(self, layout: pg.GraphicsLayout, col: int, theme, cmap):
        fg = theme.foreground
        self.heading = add_label(layout, "", row=1, col=col, color=fg, size="11pt",
                                 justify="center")
        self.box = layout.addViewBox(row=2, col=col, lockAspect=True, invertY=True,
                                     enableMouse=False)
        self.box.setMenuEnabled(False)
        self.shown_range = ShownRange(self.box)
        self.image = HeatMap()
        self.image.setColorMap(cmap)
        self.box.addItem(self.image)
        self.frame = pg.QtWidgets.QGraphicsRectItem(0, 0, 1, 1)
        self.frame.setPen(pg.mkPen(fg, width=0))
        self.box.addItem(self.frame)
        self.check = add_label(layout, "", row=3, col=col, color=fg, size="8pt",
                               justify="center")
        for label in (self.heading, self.check):
            layout.layout.setAlignment(label, pg.QtCore.Qt.AlignmentFlag.AlignHCenter)
        self.numbers = CellNumbers()
        self.box.addItem(self.numbers)
        self.theme = theme
        self.shape_rc = (1, 1)
        self.box.sigResized.connect(self.fit_text)

    def update(self, term, limit: float) -> None:
        values = np.atleast_2d(np.asarray(term.values, dtype=float))
        rows, cols = values.shape
        self.heading.setText(f"{term.symbol}<br><span style='font-size:9pt'>"
                             f"{term.shape_label}</span>")
        # (plain text: "error < 1e-09" must not be read as the start of a tag)
        self.check.setText(html.escape(term.check).replace("\n", "<br>") if term.check
                           else " ")
        self.image.show_values(values, (-limit, limit))
        self.image.setRect(0, 0, cols, rows)
        self.frame.setRect(0, 0, cols, rows)
        if values.size <= MAX_CELL_TEXT:
            flat = values.ravel().tolist()
            # dark cells (far from 0 on the diverging map) get light text
            colours = ["#ffffff" if abs(v) > 0.55 * limit else "#202020" for v in flat]
            self.numbers.set_cells([f"{v:.3g}" for v in flat], colours, (rows, cols))
        else:
            self.numbers.set_cells([], [], (rows, cols))
        self.shape_rc = (rows, cols)
        self.shown_range.show(x=(0, cols), y=(0, rows), padding=0.08)
        self.fit_text()

    def fit_text(self, *_) -> None:
        """Size the cell numbers to the cells on screen; hide them when cells get tiny."""
        rows, cols = self.shape_rc
        texts = self.numbers.texts()
        if not texts:
            return
        cell = min(self.box.width() / (cols * 1.16), self.box.height() / (rows * 1.16))
        chars = max(len(t) for t in texts)
        size = min(13.0, cell / (0.62 * max(chars, 1)))
        self.numbers.set_pixel_size(max(int(size), 1))
        self.numbers.setVisible(size >= 7)


class ChainTermsPane(Pane):
    least = (210, 230)  # px: the title, the terms with their checks, and a two-line note

    def __init__(self, theme, parent=None):
        super().__init__(theme, parent)
        self.cmap = pg.colormap.get("CET-D1")
        self.layout = self.ci
        self.title = add_label(self.layout, "", row=0, col=0, colspan=1, color=theme.foreground,
                                          size="11pt")
        self._terms: list[_TermItems] = []
        self._operators: list = []
        self.readout = None
        self._columns = 0

    def _build(self, count: int) -> None:
        """Columns: term, operator, term, … (made once, for the first view's term count)."""
        fg = self.theme.foreground
        for k in range(count):
            self._terms.append(_TermItems(self.layout, 2 * k, self.theme, self.cmap))
            if k < count - 1:
                op = add_label(self.layout, "", row=2, col=2 * k + 1, color=fg, size="20pt")
                self._operators.append(op)
        self._columns = 2 * count - 1
        # the one scale of every term, under them (beside them it took the terms' width)
        self.bar = ColourBar(values=(-1, 1), colorMap=self.cmap, interactive=False,
                             width=10, orientation="horizontal", colorMapMenu=False)
        self.bar.getAxis("bottom").setTextPen(self.theme.muted)
        self.bar.setMaximumWidth(BAR_WIDTH)
        self.layout.addItem(self.bar, row=5, col=0, colspan=self._columns)
        self.layout.layout.setAlignment(self.bar, pg.QtCore.Qt.AlignmentFlag.AlignHCenter)
        self.layout.removeItem(self.title)
        self.layout.addItem(self.title, row=0, col=0, colspan=self._columns)
        self.readout = add_label(self.layout, "", row=4, col=0, colspan=self._columns,
                                            color=fg, size="9pt")
        self.layout.layout.setRowStretchFactor(2, 1)

    def update_view(self, view: ChainView) -> None:
        if not self._terms:
            self._build(len(view.terms))
        self.title.setText(view.title)
        # one colour scale for all terms, so that equal numbers get equal colours; its
        # limit a nice number, so that the colour bar holds still while the values move
        largest = max((float(np.max(np.abs(t.values))) for t in view.terms
                       if np.size(t.values)), default=1.0)
        limit = nice_ceiling(largest) if MIN_LEVEL < largest < np.inf else 1.0
        self.bar.setLevels((-limit, limit))
        for k, items in enumerate(self._terms):
            if k < len(view.terms):
                items.update(view.terms[k], limit)
                # wider matrices get wider columns, so that all cells come out alike
                cols = np.atleast_2d(view.terms[k].values).shape[1]
                if self.layout.layout.columnStretchFactor(2 * k) != 2 + cols:
                    self.layout.layout.setColumnStretchFactor(2 * k, 2 + cols)
        for k, op in enumerate(self._operators):
            op.setText(view.operators[k] if k < len(view.operators) else "")
        self.readout.setText(view.note.replace("\n", "<br>") if view.note else " ")

    def export_item(self):
        return self.scene()
