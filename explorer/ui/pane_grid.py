"""The exercise's panes in a grid, created once per exercise and updated in place.
Used by the window and by headless export, so exports look like the GUI."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.ui.panes import pane_class


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
        for i, spec in enumerate(exercise.panes):
            pane = pane_class(views[spec.name].kind)(theme)
            pane.setObjectName(f"pane-{spec.name}")
            pane.setAccessibleName(spec.title)
            pane.setToolTip(f"{spec.title} (pane “{spec.name}”)")
            pane.param_requested.connect(self.param_requested)
            last_odd = i == len(exercise.panes) - 1 and len(exercise.panes) % 2 == 1
            span = columns if (last_odd and columns == 2) else 1
            layout.addWidget(pane, i // columns, i % columns, 1, span)
            self.panes[spec.name] = pane
        self.update_views(views)

    def update_views(self, views: dict) -> None:
        for name, pane in self.panes.items():
            pane.update_view(views[name])
