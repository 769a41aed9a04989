"""The math panel's content for a workbench expression: f, the derivative typeset in the
book's (numerator) layout and in the input syntax, the slice formula with e_k or E_kl for
a tensor, the derivation's steps each marked ✓ or ✗ by its own numerical check, the
check of the result against central differences (a failure said as such), and the
command line that gives the same."""

from __future__ import annotations

import shlex

from PySide6 import QtCore, QtWidgets

VERDICT = {True: "#009E73", False: "#D55E00"}


def _text(panel, text: str, name: str = "", colour: str = "") -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setAccessibleName(name)
    if colour:
        label.setStyleSheet(f"color: {colour}")
    panel.body.addWidget(label)
    return label


def fill_workbench(panel, ex) -> None:
    d = ex.derivation
    formulas = ex.formulas()
    panel._heading(f"{ex.title}")
    panel.body.addWidget(panel._formula(formulas["f"]))
    panel._heading(f"Derivative ∂f/∂{ex.variable} ∈ {ex.space} (numerator layout)")
    for key in ("derivative", "slice"):
        if key in formulas:
            panel.body.addWidget(panel._formula(formulas[key]))
            _text(panel, formulas[f"{key}_text"], "Derivative in the input syntax")
    if "slice" in formulas:
        unit = d.identified.unit
        _text(panel, f"{unit}: the unit {'column' if unit == 'e_k' else 'matrix'} with a 1 "
              f"at entry {'k' if unit == 'e_k' else '(k, l)'}; the slices together are the "
              "tensor")
    panel.workbench_check = _text(panel, ex.check_text(), "Numerical check",
                                  VERDICT[ex.check_ok])
    panel._heading("Steps (each checked numerically)")
    panel.step_marks = []
    for step in d.steps:
        row = QtWidgets.QHBoxLayout()
        mark = QtWidgets.QLabel("✓" if step.ok else "✗")
        mark.setStyleSheet(f"color: {VERDICT[step.ok]}")
        mark.setToolTip("checked numerically along a random direction" if step.ok else
                        f"the numerical check failed (error {step.max_abs_error:.2g})")
        mark.setFixedWidth(16)
        panel.step_marks.append(mark)
        row.addWidget(mark, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        column = QtWidgets.QVBoxLayout()
        rule = QtWidgets.QLabel(step.rule)
        rule.setWordWrap(True)
        column.addWidget(rule)
        column.addWidget(panel._formula(step.latex))
        row.addLayout(column, 1)
        panel.body.addLayout(row)
    panel._heading("The same on the command line")
    spec = ex.spec
    command = (f"python -m explorer derive {shlex.quote(spec.text)} --wrt {spec.wrt}"
               + (f" {spec.shape_args()}" if spec.shapes else ""))
    _text(panel, command, "Command line")
