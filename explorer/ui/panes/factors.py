"""Pane for FactorsView: matrices laid out as the formula they form — e.g.
∂f/∂z · ∂z/∂x = df/dx — each a small heat map titled with its shape, the entries written
in when small, all on one colour scale shown by a colour bar (equal numbers, equal
colours), and a caption stating that the product equals the Jacobian."""

from __future__ import annotations

import numpy as np

from explorer.core.views import FactorsView
from explorer.ui.panes.base import Pane
from explorer.ui.panes.label import Label
from explorer.ui.panes.matrix_plot import (
    MatrixPlot,
    colour_bar,
    format_entry,
    symmetric_limit,
)
from explorer.ui.panes.plot import add_plot

MAX_STRETCH = 8


class FactorsPane(Pane):
    def __init__(self, theme, parent=None):
        super().__init__(theme, parent)
        fg = theme.foreground
        self.title = self.add_label(" ", row=0, col=0, colspan=2, color=fg, size="12pt")
        self.row = self.addLayout(row=1, col=0)
        self.bar = colour_bar(theme)  # the one scale of every term
        self.addItem(self.bar, row=1, col=1)
        self.caption = self.add_label(" ", row=2, col=0, colspan=2, color=fg, size="9pt")
        self.readout = self.add_readout(row=3, colspan=2, color=fg, size="9pt")
        self._plots: list[MatrixPlot] = []
        self._ops: list[Label] = []
        self._view = None
        self.scene().sigMouseMoved.connect(self._on_hover)

    def _ensure(self, terms: int) -> None:
        """Grow the pool of term plots and operator labels (made once, then reused)."""
        while len(self._plots) < terms:
            k = len(self._plots)
            if k > 0:
                op = Label(" ", color=self.theme.foreground, size="28pt")
                self.row.addItem(op, row=0, col=2 * k - 1)
                self._ops.append(op)
            plot = add_plot(self.row, row=0, col=2 * k)
            plot.setMinimumWidth(40)
            plot.titleLabel.setMinimumWidth(10)
            self._plots.append(MatrixPlot(plot, self.theme, text_cells=36))

    def update_view(self, view: FactorsView) -> None:
        self._view = view
        fg = self.theme.foreground
        self.title.setText(view.title, color=fg)
        self._ensure(len(view.terms))
        limit = symmetric_limit(np.concatenate(
            [np.ravel(np.asarray(t.matrix, dtype=float)) for t in view.terms] or [[0.0]]))
        self.bar.setLevels((-limit, limit))
        for k, mp in enumerate(self._plots):
            shown = k < len(view.terms)
            mp.plot.setVisible(shown)
            if k > 0:
                op = self._ops[k - 1]
                op.setVisible(shown)
                if shown:
                    op.setText(view.ops[k - 1], color=fg, size="28pt")
            if not shown:
                continue
            term = view.terms[k]
            result = term.role == "result"
            colour = self.theme.text(self.theme.color("df")) if result else fg
            mp.plot.setTitle(f"{term.label} ∈ {term.shape_text}", color=colour,
                             size="10pt", bold=result)
            mp.set_matrix(term.matrix, limit, outline_diagonal=term.outline_diagonal)
            cols = mp.matrix.shape[1]
            self.row.layout.setColumnStretchFactor(2 * k, min(max(cols, 1), MAX_STRETCH))
        self.caption.setText(view.caption or " ", color=fg)
        self.readout.setText(view.note or " ", color=fg)

    def mouse_left(self) -> None:
        if self._view is not None:
            self.readout.setText(self._view.note or " ", color=self.theme.foreground)

    def _on_hover(self, scene_pos) -> None:
        view = self._view
        if view is None:
            return
        text = view.note or " "
        for mp, term in zip(self._plots, view.terms, strict=False):
            cell = mp.cell_at(scene_pos)
            if cell is not None:
                i, j = cell
                text = (f"{term.label}: row {i + 1}, column {j + 1} = "
                        f"{mp.matrix[i, j]:.6g} ({format_entry(mp.matrix[i, j])})")
                break
        self.readout.setText(text, color=self.theme.foreground)

    def export_item(self):
        return self.scene()
