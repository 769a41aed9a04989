"""The exercise's panes in a grid, created once per exercise and updated in place.
Used by the window and by headless export, so exports look like the GUI."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.ui.panes import pane_class

WIDE_KINDS = {"factors", "chain_terms", "cube"}


class PaneGrid(QtWidgets.QWidget):
    param_requested = QtCore.Signal(str, float)

    def __init__(self, exercise, views: dict, theme, parent=None):
        super().__init__(parent)
        self.exercise = exercise
        self.panes: dict[str, QtWidgets.QWidget] = {}
        layout = QtWidgets.QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        columns = 1 if len(exercise.panes) == 1 else 2
        kinds = [views[spec.name].kind for spec in exercise.panes]
        row = col = 0
        self._row_heights: dict[int, int] = {}  # row → its share of the height
        for i, spec in enumerate(exercise.panes):
            pane = pane_class(kinds[i])(theme)
            pane.setObjectName(f"pane-{spec.name}")
            pane.setAccessibleName(spec.title)
            pane.setToolTip(f"{spec.title} (pane “{spec.name}”)")
            pane.param_requested.connect(self.param_requested)
            # A wide pane (a product of factors, a row of slices) gets a row of its own,
            # and so does a pane that would otherwise sit alone in its row.
            alone = col == 0 and (i + 1 == len(kinds) or kinds[i + 1] in WIDE_KINDS)
            span = columns if (kinds[i] in WIDE_KINDS or alone) else 1
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

    def update_views(self, views: dict) -> None:
        for name, pane in self.panes.items():
            pane.update_view(views[name])
