"""A small table for editing a vector or matrix parameter cell by cell. A vector is shown
as a column (x₁ … xₙ down the side). `set_value` shows a value without emitting; a valid
edit emits `edited(name, new array)`, an invalid one is refused and the cell restored."""

from __future__ import annotations

import math

import numpy as np
from PySide6 import QtCore, QtWidgets

ROW_HEIGHT = 22
MAX_VISIBLE_ROWS = 8


class _ArrayModel(QtCore.QAbstractTableModel):
    """The array behind the table; no per-cell widgets, so n = 1000 stays light."""

    cell_edited = QtCore.Signal(int, int, float)

    def __init__(self, param, parent=None):
        super().__init__(parent)
        self.param = param
        self.array = np.zeros((1, 1))
        self.vector = False

    def set_array(self, array: np.ndarray, vector: bool) -> None:
        new = np.array(array, dtype=float).reshape(-1, 1) if vector else \
            np.array(array, dtype=float)
        if vector == self.vector and new.shape == self.array.shape:
            # same shape: only the numbers change (a reset would re-lay out the table
            # and the panel around it on every step of a drag)
            changed = np.argwhere(~((new == self.array) | (np.isnan(new) & np.isnan(self.array))))
            self.array = new
            if changed.size:
                (top, left), (bottom, right) = changed.min(axis=0), changed.max(axis=0)
                self.dataChanged.emit(self.index(int(top), int(left)),
                                      self.index(int(bottom), int(right)))
            return
        self.beginResetModel()
        self.vector = vector
        self.array = new
        self.endResetModel()

    def rowCount(self, parent=QtCore.QModelIndex()):  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else self.array.shape[0]

    def columnCount(self, parent=QtCore.QModelIndex()):  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else self.array.shape[1]

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if role in (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.EditRole):
            return f"{self.array[index.row(), index.column()]:.6g}"
        if role == QtCore.Qt.ItemDataRole.TextAlignmentRole:
            return int(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            if self.vector and orientation == QtCore.Qt.Orientation.Vertical:
                return self.param.component(section)  # x₁, x₂, …
            return str(section + 1)
        return None

    def flags(self, index):
        return super().flags(index) | QtCore.Qt.ItemFlag.ItemIsEditable

    def setData(self, index, value, role=QtCore.Qt.ItemDataRole.EditRole):
        if role != QtCore.Qt.ItemDataRole.EditRole:
            return False
        number = parse_number(value)
        if number is None:
            return False  # the view keeps showing the old value
        self.array[index.row(), index.column()] = number
        self.dataChanged.emit(index, index)
        self.cell_edited.emit(index.row(), index.column(), number)
        return True


def parse_number(text) -> float | None:
    """A finite float from the typed text (accepting '−' for minus), else None."""
    try:
        number = float(str(text).strip().replace("−", "-"))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class ArrayEditor(QtWidgets.QTableView):
    edited = QtCore.Signal(str, object)  # (parameter name, new ndarray)

    def __init__(self, param, parent=None):
        super().__init__(parent)
        self.param = param
        self.model_ = _ArrayModel(param, self)
        self.setModel(self.model_)
        self._shown = False  # set_value not called yet
        self.model_.cell_edited.connect(self._on_cell_edited)
        self.setAccessibleName(f"{param.display} entries")
        self.setTabKeyNavigation(False)  # arrows go from cell to cell; Tab leaves the table
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.horizontalHeader().setDefaultSectionSize(64)
        self.setSizeAdjustPolicy(QtWidgets.QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)

    def set_value(self, value) -> None:
        """Show `value` (no signal). The same value again changes nothing (resetting the
        model would repaint the whole table on every update of the window)."""
        value = np.asarray(value, dtype=float)
        if self._shown and np.array_equal(value, self.value(), equal_nan=True):
            return
        self._shown = True
        self.model_.set_array(value, self.param.kind == "vector")
        rows = min(self.model_.rowCount(), MAX_VISIBLE_ROWS)
        header = self.horizontalHeader().height() or ROW_HEIGHT
        self.setFixedHeight(header + rows * ROW_HEIGHT + 2 * self.frameWidth() + 2)

    def value(self) -> np.ndarray:
        array = self.model_.array.copy()
        return array.ravel() if self.model_.vector else array

    def _on_cell_edited(self, *_):
        self.edited.emit(self.param.name, self.value())
