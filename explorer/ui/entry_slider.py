"""A matrix (or long vector) input with a slider: the table of its entries (type a number
in any cell) and one slider that drags the entry chosen in the table (click a cell), so
that every entry can be dragged without a slider per entry. Emits `edited(name, new
array)`."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets
from superqt.utils import signals_blocked

from explorer.core.views_matrix import subscript
from explorer.ui.array_editor import ArrayEditor

CELL_WIDTH = 54


class EntrySlider(QtWidgets.QWidget):
    edited = QtCore.Signal(str, object)

    def __init__(self, param, parent=None):
        from explorer.ui.params_panel import _slider

        super().__init__(parent)
        self.param = param
        self.entry = (0, 0)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = ArrayEditor(param)
        self.table.setToolTip(f"{param.display}: click an entry to drag it with the slider "
                              "below, or type a number into it")
        self.table.horizontalHeader().setDefaultSectionSize(CELL_WIDTH)  # fits the column
        self.table.edited.connect(self.edited.emit)
        self.table.selectionModel().currentChanged.connect(self._choose)
        layout.addWidget(self.table)
        row = QtWidgets.QHBoxLayout()
        self.label = QtWidgets.QLabel()
        self.label.setMinimumWidth(34)
        self.slider = _slider(param, False, f"{param.display}: the entry chosen in the table",
                              f"{param.display} entry")
        self.slider.valueChanged.connect(self._dragged)
        row.addWidget(self.label)
        row.addWidget(self.slider, 1)
        layout.addLayout(row)
        self._show_entry()

    def _choose(self, current, _previous) -> None:
        if current.isValid():
            self.entry = (current.row(), current.column())
            self._show_entry()

    def _show_entry(self) -> None:
        i, j = self.entry
        self.label.setText(f"{self.param.display}{subscript(i + 1)}"
                           + ("" if self.vector else subscript(j + 1)))
        value = self._matrix()
        if value.size:
            with signals_blocked(self.slider):
                self.slider.setValue(float(value[i, j]))

    def _dragged(self, number: float) -> None:
        value = self._matrix()
        value[self.entry] = float(number)
        self.edited.emit(self.param.name, value.ravel() if self.vector else value)

    @property
    def vector(self) -> bool:
        return self.param.kind == "vector"

    def _matrix(self) -> np.ndarray:
        """The entries as the table holds them (a vector as a column)."""
        return np.array(self.table.model_.array, dtype=float)

    def value(self) -> np.ndarray:
        return self.table.value()

    def set_value(self, value) -> None:
        """Show `value` (no signal)."""
        self.table.set_value(value)
        self._show_entry()
