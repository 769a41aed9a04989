"""The exercise's panes in a grid, created once per exercise and updated in place.
Used by the window and by headless export, so exports look like the GUI.

`PANE_CLASSES` is the one table from a view's type to the pane class that draws it: a
new kind of view is a new frozen dataclass in explorer.core.views, a pane class
following `ViewPane`, and a line here."""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from explorer.core.views import (
    BarsView,
    ChainView,
    ConvergenceView,
    CubeView,
    CurvesView,
    FactorsView,
    FieldView,
    HeatmapView,
    SampleCloudView,
    View,
)
from explorer.ui.panes.bars import BarsPane
from explorer.ui.panes.base import ViewPane
from explorer.ui.panes.chain_terms import ChainTermsPane
from explorer.ui.panes.cube import CubePane
from explorer.ui.panes.curves import CurvesPane
from explorer.ui.panes.factors import FactorsPane
from explorer.ui.panes.field import FieldPane
from explorer.ui.panes.gradient_samples import GradientSamplesPane
from explorer.ui.panes.heatmap import HeatmapPane
from explorer.ui.panes.mc_convergence import ConvergencePane

PANE_CLASSES: dict[type[View], type[ViewPane[Any]]] = {
    CurvesView: CurvesPane,
    BarsView: BarsPane,
    HeatmapView: HeatmapPane,
    FieldView: FieldPane,
    CubeView: CubePane,
    FactorsView: FactorsPane,
    SampleCloudView: GradientSamplesPane,
    ConvergenceView: ConvergencePane,
    ChainView: ChainTermsPane,
}
# Views drawn across the whole width of the grid (a product of factors, a row of slices).
WIDE_VIEWS: set[type[View]] = {FactorsView, ChainView, CubeView}


def pane_class(view_type: type[View]) -> type[ViewPane[Any]]:
    """The pane class (a Qt widget following ViewPane) that draws views of this type."""
    return PANE_CLASSES[view_type]


class PaneGrid(QtWidgets.QWidget):
    param_requested = QtCore.Signal(str, float)

    def __init__(self, exercise, views: dict[str, View], theme, parent=None):
        super().__init__(parent)
        self.exercise = exercise
        self.panes: dict[str, QtWidgets.QWidget] = {}
        layout = QtWidgets.QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        columns = 1 if len(exercise.panes) == 1 else 2
        view_types = [type(views[spec.name]) for spec in exercise.panes]
        row = col = 0
        self._row_heights: dict[int, int] = {}  # row → its share of the height
        for i, spec in enumerate(exercise.panes):
            pane = pane_class(view_types[i])(theme)
            pane.setObjectName(f"pane-{spec.name}")
            pane.setAccessibleName(spec.title)
            pane.setToolTip(f"{spec.title} (pane “{spec.name}”)")
            pane.param_requested.connect(self.param_requested)
            # A wide pane (a product of factors, a row of slices) gets a row of its own,
            # and so does a pane that would otherwise sit alone in its row.
            alone = col == 0 and (i + 1 == len(view_types) or view_types[i + 1] in WIDE_VIEWS)
            span = columns if (view_types[i] in WIDE_VIEWS or alone) else 1
            if col + span > columns:
                row, col = row + 1, 0
            layout.addWidget(pane, row, col, 1, span)
            self._row_heights[row] = max(self._row_heights.get(row, 0), spec.height)
            layout.setRowStretch(row, self._row_heights[row])
            col += span
            if col >= columns:
                row, col = row + 1, 0
            self.panes[spec.name] = pane
        self.update_views(views)

    def show_only(self, name: str | None) -> None:
        """Show one pane (None: all of them); rows left empty give up their height."""
        layout = self.layout()
        for pane_name, pane in self.panes.items():
            pane.setVisible(name is None or pane_name == name)
        for row, height in self._row_heights.items():
            shown = any(pane.isVisibleTo(self) and layout.getItemPosition(
                layout.indexOf(pane))[0] == row for pane in self.panes.values())
            layout.setRowStretch(row, height if shown else 0)

    def rows_shown(self) -> int:
        """How many rows of panes are shown (a wide pane has a row of its own)."""
        return sum(self.layout().rowStretch(row) > 0 for row in self._row_heights)

    def update_views(self, views: dict[str, View]) -> None:
        for name, pane in self.panes.items():
            pane.update_view(views[name])
