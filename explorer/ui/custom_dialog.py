"""Exercise → Your own function: a dialog for f(x) and its x range (fitted to f unless
set). "Show" asks the window to make it off the GUI thread; a function that cannot be
used is said in one line inside the dialog, which stays open with the text as typed
(the cursor at the fault). The dialog closes once the window shows the function."""

from __future__ import annotations

from PySide6 import QtWidgets

from explorer.core.custom import SEARCH
from explorer.core.errors import InputError
from explorer.ui.task_dialog import TaskDialog

EXAMPLE = "sin(x)*exp(-x^2/4)"
LIMIT = 1000.0  # the largest |x| a range may reach


class CustomFunctionDialog(TaskDialog):
    def __init__(self, window, text: str = EXAMPLE, x_range=None):
        super().__init__(window, "Your own function")
        form = QtWidgets.QFormLayout(self)
        intro = QtWidgets.QLabel(
            "f(x) in plain syntax, e.g. x^2*exp(-x), log(x), sigmoid(3*x); functions: sin "
            "cos tan exp log sqrt tanh sigmoid relu abs … Where f has no real value the "
            "curves show gaps.")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.expression = QtWidgets.QLineEdit(text)
        self.expression.setAccessibleName("f(x)")
        self.expression.setMinimumWidth(380)
        form.addRow("f(x) =", self.expression)
        self.fit = QtWidgets.QCheckBox(f"fit x to f (where it is interesting, within "
                                       f"±{SEARCH:g})")
        self.fit.setAccessibleName("Fit the x range to f")
        self.fit.setChecked(x_range is None)
        form.addRow(self.fit)
        row = QtWidgets.QHBoxLayout()
        self.lo, self.hi = QtWidgets.QDoubleSpinBox(), QtWidgets.QDoubleSpinBox()
        for box, name, value in ((self.lo, "from", -3.0), (self.hi, "to", 3.0)):
            box.setRange(-LIMIT, LIMIT)
            box.setDecimals(2)
            box.setValue(value)
            box.setAccessibleName(f"x {name}")
            box.setToolTip(f"The x range's {'left' if name == 'from' else 'right'} end")
            row.addWidget(QtWidgets.QLabel(name))
            row.addWidget(box, 1)
        if x_range is not None:
            self.lo.setValue(x_range[0])
            self.hi.setValue(x_range[1])
        form.addRow("x", row)
        self.fit.toggled.connect(self._show_fit)
        self._show_fit(self.fit.isChecked())
        self.add_message_and_buttons(form, "Show", self.make)

    def _show_fit(self, fitted: bool) -> None:
        self.lo.setEnabled(not fitted)
        self.hi.setEnabled(not fitted)

    def x_range(self) -> tuple[float, float] | None:
        """None: fitted to f; else the range set (InputError when it is empty)."""
        if self.fit.isChecked():
            return None
        lo, hi = self.lo.value(), self.hi.value()
        if not lo < hi:
            raise InputError(f"the x range needs from < to (got {lo:g} to {hi:g})")
        return lo, hi

    def make(self):
        """Ask the window to make and show f; returns its task (None when the dialog
        refused the input itself)."""
        text = self.expression.text().strip()
        try:
            if not text:
                raise InputError("type f(x), e.g. " + EXAMPLE)
            x_range = self.x_range()
        except InputError as exc:
            self.refuse(exc)
            return None
        return self.run(lambda: self.window_.open_custom(text, x_range, refuse=self.refuse),
                        "Working out f … (Esc cancels)")

    def refuse(self, exc: InputError) -> None:
        """The one message, under the text as it was typed; the cursor at the fault."""
        where = getattr(exc, "position", None)
        if where is not None:
            self.expression.setCursorPosition(where)
        self.expression.setFocus()
        super().refuse(exc)
