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
TWO_COLUMNS_PANE_WIDTH = 260  # px: a grid narrower than two such panes has one column
ONE_COLUMN_ROW_HEIGHT = 260  # px: a row's least height in one column


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
        self._view_types = [type(views[spec.name]) for spec in exercise.panes]
        for i, spec in enumerate(exercise.panes):
            pane = pane_class(self._view_types[i])(theme)
            pane.setObjectName(f"pane-{spec.name}")
            pane.setAccessibleName(spec.title)
            pane.setToolTip(f"{spec.title} (pane “{spec.name}”)")
            pane.param_requested.connect(self.param_requested)
            self.panes[spec.name] = pane
        self.columns = 0
        self._row_heights: dict[int, int] = {}  # row → its share of the height
        self._lay_out(1 if len(exercise.panes) == 1 else 2)
        self.update_views(views)

    def _lay_out(self, columns: int) -> None:
        """Place the panes in `columns` columns: a wide pane (a product of factors, a row
        of slices) gets a row of its own, and so does a pane that would otherwise sit
        alone in its row."""
        layout, types = self.layout(), self._view_types
        for pane in self.panes.values():
            layout.removeWidget(pane)
        for r in range(layout.rowCount()):
            layout.setRowStretch(r, 0)
            layout.setRowMinimumHeight(r, 0)
        self.columns, self._row_heights = columns, {}
        row = col = 0
        for i, (spec, pane) in enumerate(zip(self.exercise.panes, self.panes.values(),
                                             strict=True)):
            alone = col == 0 and (i + 1 == len(types) or types[i + 1] in WIDE_VIEWS)
            span = columns if (types[i] in WIDE_VIEWS or alone) else 1
            if col + span > columns:
                row, col = row + 1, 0
            layout.addWidget(pane, row, col, 1, span)
            self._row_heights[row] = max(self._row_heights.get(row, 0), spec.height)
            col += span
            if col >= columns:
                row, col = row + 1, 0
        self._stretch_shown_rows()

    def resizeEvent(self, event) -> None:
        """Narrower than two readable panes side by side: one column (the panes then
        scroll), rather than two columns squeezed until their plots are cut off."""
        super().resizeEvent(event)
        if len(self.panes) > 1:
            columns = 2 if event.size().width() >= 2 * TWO_COLUMNS_PANE_WIDTH + 6 else 1
            if columns != self.columns:
                self._lay_out(columns)

    def show_only(self, name: str | None) -> None:
        """Show one pane (None: all of them); rows left empty give up their height."""
        for pane_name, pane in self.panes.items():
            pane.setVisible(name is None or pane_name == name)
        self._stretch_shown_rows()

    def _stretch_shown_rows(self) -> None:
        """Rows share the height by their weights; rows left empty give up theirs."""
        layout = self.layout()
        for row, height in self._row_heights.items():
            shown = any(pane.isVisibleTo(self) and layout.getItemPosition(
                layout.indexOf(pane))[0] == row for pane in self.panes.values())
            layout.setRowStretch(row, height if shown else 0)
            # (in one column the rows scroll: each shown keeps a plot's readable height)
            least = ONE_COLUMN_ROW_HEIGHT if shown and self.columns == 1 else 0
            layout.setRowMinimumHeight(row, least)

    def rows_shown(self) -> int:
        """How many rows of panes are shown (a wide pane has a row of its own)."""
        return sum(self.layout().rowStretch(row) > 0 for row in self._row_heights)

    def update_views(self, views: dict[str, View]) -> None:
        for name, pane in self.panes.items():
            pane.update_view(views[name])


def panes_scroll(host: QtWidgets.QWidget) -> QtWidgets.QScrollArea:
    """`host` (the panes' holder) in a frameless scroll area: on a screen too small for
    every pane's least size the panes keep it and scroll, rather than being squeezed
    until their plots vanish or the window grows past the screen."""
    scroll = QtWidgets.QScrollArea()
    scroll.setObjectName("panes-scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    # (the host's least size follows its panes' at once: a pane asking for more height
    # after an update makes the grid scroll, rather than being squeezed)
    host.layout().setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetMinimumSize)
    scroll.setWidget(host)
    return scroll
