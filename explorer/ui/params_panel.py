"""The parameter panel, generated from the exercise's parameter specs (magicgui-style):
a labelled slider with an editable number box per scalar/int, a spin box and a "New draw"
button for the seed, one slider per component for short bounded vectors, and a table
editor for other vectors and matrices."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets
from superqt import QLabeledDoubleSlider, QLabeledSlider
from superqt.utils import signals_blocked

from explorer.core import params as P

H = QtCore.Qt.Orientation.Horizontal
MAX_COMPONENT_SLIDERS = 4


def _slider(param: P.Param, integer: bool, tooltip: str, name: str):
    slider = QLabeledSlider(H) if integer else QLabeledDoubleSlider(H)
    lo = param.lo if param.lo is not None else (0 if integer else -10.0)
    hi = param.hi if param.hi is not None else (100 if integer else 10.0)
    slider.setRange(int(lo) if integer else float(lo), int(hi) if integer else float(hi))
    slider.setSingleStep(int(param.step) if integer else float(param.step))
    if not integer:
        decimals = max(0, min(6, round(-np.log10(param.step)) if param.step < 1 else 0))
        slider.setDecimals(decimals)
    slider.setToolTip(tooltip)
    slider.setAccessibleName(name)
    return slider


class ParamsPanel(QtWidgets.QWidget):
    """Emits `value_changed(name, value)`; `name` may be a component such as 'x[1]'."""

    value_changed = QtCore.Signal(str, object)

    def __init__(self, exercise, parent=None):
        super().__init__(parent)
        self.exercise = exercise
        self.form = QtWidgets.QFormLayout(self)
        self.form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.widgets: dict[str, QtWidgets.QWidget] = {}  # parameter or component name → widget
        self._vector_boxes: dict[str, QtWidgets.QWidget] = {}
        for param in exercise.params:
            self._add(param)

    # --- building -------------------------------------------------------------------------
    def _add(self, param: P.Param) -> None:
        tip = f"{param.name}: {param.help}" if param.help else param.name
        label = QtWidgets.QLabel(param.name)
        label.setToolTip(tip)
        if param.kind == P.SCALAR:
            w = _slider(param, False, tip, param.name)
            w.valueChanged.connect(lambda v, n=param.name: self.value_changed.emit(n, float(v)))
        elif param.kind == P.INT and param.name == "seed":
            w = QtWidgets.QWidget()
            row = QtWidgets.QHBoxLayout(w)
            row.setContentsMargins(0, 0, 0, 0)
            spin = QtWidgets.QSpinBox()
            spin.setRange(int(param.lo or 0), int(param.hi or 2**31 - 1))
            spin.setToolTip(tip)
            spin.setAccessibleName("seed")
            spin.valueChanged.connect(lambda v: self.value_changed.emit("seed", int(v)))
            new = QtWidgets.QPushButton("New draw")
            new.setToolTip("Draw new random vectors and matrices (next seed)")
            new.setAccessibleName("New draw")
            new.clicked.connect(lambda: spin.setValue(spin.value() + 1))
            row.addWidget(spin, 1)
            row.addWidget(new)
            self.widgets["seed"] = spin
            self.form.addRow(label, w)
            return
        elif param.kind == P.INT:
            w = _slider(param, True, tip, param.name)
            w.valueChanged.connect(lambda v, n=param.name: self.value_changed.emit(n, int(v)))
        elif param.kind == P.VECTOR and param.lo is not None and param.hi is not None:
            w = QtWidgets.QWidget()
            QtWidgets.QVBoxLayout(w).setContentsMargins(0, 0, 0, 0)
            self._vector_boxes[param.name] = w
        else:
            from explorer.ui.array_editor import ArrayEditor

            w = ArrayEditor(param)
            w.setToolTip(tip)
            w.edited.connect(self.value_changed.emit)
        self.widgets[param.name] = w
        self.form.addRow(label, w)

    def _component_sliders(self, param: P.Param, length: int) -> None:
        """(Re)build one slider per component when the vector's length changes."""
        box = self._vector_boxes[param.name]
        layout = box.layout()
        have = [k for k in self.widgets if k.startswith(param.name + "[")]
        table_key = f"{param.name}#table"
        if len(have) == length or (length > MAX_COMPONENT_SLIDERS and table_key in self.widgets
                                   and not have):
            return
        for key in [*have, table_key]:
            widget = self.widgets.pop(key, None)
            if widget is not None:
                layout.removeWidget(widget)
                widget.deleteLater()
        if length > MAX_COMPONENT_SLIDERS:  # too long for sliders: a table instead
            from explorer.ui.array_editor import ArrayEditor

            table = ArrayEditor(param)
            table.setToolTip(f"{param.name}: {param.help}")
            table.edited.connect(self.value_changed.emit)
            layout.addWidget(table)
            self.widgets[table_key] = table
            return
        for i in range(length):
            key = f"{param.name}[{i}]"
            s = _slider(param, False, f"{param.name} component {i + 1}: {param.help}", key)
            s.valueChanged.connect(lambda v, k=key: self.value_changed.emit(k, float(v)))
            layout.addWidget(s)
            self.widgets[key] = s

    # --- syncing from the state (no signals: no feedback loops) -------------------------------
    def sync(self, inputs: dict) -> None:
        for param in self.exercise.params:
            value = inputs[param.name]
            if param.name in self._vector_boxes:
                self._component_sliders(param, len(value))
                table = self.widgets.get(f"{param.name}#table")
                if table is not None:
                    with signals_blocked(table):
                        table.set_value(np.asarray(value))
                for i, component in enumerate(value):
                    slider = self.widgets.get(f"{param.name}[{i}]")
                    if slider is not None:
                        with signals_blocked(slider):
                            slider.setValue(float(component))
                continue
            widget = self.widgets[param.name]
            with signals_blocked(widget):
                if param.kind in (P.VECTOR, P.MATRIX):
                    widget.set_value(np.asarray(value))
                else:
                    widget.setValue(value)
