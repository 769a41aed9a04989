"""The sizes of a workbench expression in the parameter column: one spin box per class of
linked sizes (rows of X = rows and columns of B …). A new size asks the window to derive
the expression again at those sizes (`resize_requested(slots, value)`)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.core.workbench.sizes import MAX_SIZE, Size


class SizesBox(QtWidgets.QGroupBox):
    resize_requested = QtCore.Signal(object, int)  # (Size, new value)

    def __init__(self, sizes: list[Size], parent=None):
        super().__init__("Sizes", parent)
        self.setToolTip("Sizes that must stay equal change together; the expression is "
                        "derived again at the new sizes")
        form = QtWidgets.QFormLayout(self)
        self.spins: list[QtWidgets.QSpinBox] = []
        for size in sizes:
            spin = QtWidgets.QSpinBox()
            spin.setRange(1, MAX_SIZE)
            spin.setValue(size.value)
            spin.setKeyboardTracking(False)  # typed digits apply on Enter, not one by one
            spin.setAccessibleName(f"size: {size.label}")
            spin.setToolTip(size.label)
            spin.valueChanged.connect(lambda v, s=size: self.resize_requested.emit(s, v))
            label = QtWidgets.QLabel(size.label)
            label.setWordWrap(True)
            form.addRow(spin, label)
            self.spins.append(spin)
