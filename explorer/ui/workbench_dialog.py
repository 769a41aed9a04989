"""Exercise → Matrix calculus workbench: a dialog for an expression, the name to
differentiate by and the sizes. "Derive" asks the window to derive it off the GUI
thread; an expression that cannot be used is said in one line inside the dialog, which
stays open with the text as typed. The dialog closes once the window shows it."""

from __future__ import annotations

from PySide6 import QtWidgets

from explorer.core import expr
from explorer.core.errors import InputError
from explorer.core.workbench.exercise import Spec, parse_shapes
from explorer.ui.task_dialog import TaskDialog

EXAMPLE = "tr(A@X.T@B@X@C)"


class WorkbenchDialog(TaskDialog):
    def __init__(self, window, spec: Spec | None = None):
        super().__init__(window, "Matrix calculus workbench")
        form = QtWidgets.QFormLayout(self)
        intro = QtWidgets.QLabel(
            "Names a–g are numbers, h–z column vectors, A–Z matrices (sizes 3 and 3×3 "
            "unless set below). @ is the matrix product, .T transposes, * and ^ are "
            "element-wise; functions: sin cos exp log sqrt tanh sigmoid relu tr det logdet "
            "inv diag sum norm1 norm2 outer eye.")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.expression = QtWidgets.QLineEdit(spec.text if spec else EXAMPLE)
        self.expression.setAccessibleName("Expression")
        self.expression.setMinimumWidth(420)
        self.wrt = QtWidgets.QLineEdit(spec.wrt if spec else "X")
        self.wrt.setAccessibleName("Differentiate with respect to")
        self.wrt.setToolTip("The name the derivative is taken with respect to")
        self.sizes = QtWidgets.QLineEdit(
            ", ".join(f"{n}={r}x{c}" for n, (r, c) in spec.shapes) if spec else "")
        self.sizes.setAccessibleName("Sizes")
        self.sizes.setPlaceholderText("e.g. x=4, A=2x4 (empty: 3 and 3×3)")
        form.addRow("f =", self.expression)
        form.addRow("∂f/∂", self.wrt)
        form.addRow("sizes", self.sizes)
        self.add_message_and_buttons(form, "Derive", self.derive)

    def spec(self) -> Spec:
        """The typed expression; InputError for sizes that cannot be read."""
        text, wrt = self.expression.text().strip(), self.wrt.text().strip()
        if not text:
            raise InputError("type an expression, e.g. " + EXAMPLE)
        if not wrt.isidentifier():
            raise InputError("∂f/∂ needs a name of the expression, e.g. X")
        sizes = parse_shapes(self.sizes.text())
        names = expr.parse(text).names
        if wrt not in names and wrt not in sizes:
            raise InputError(f"∂f/∂{wrt}: {wrt} is not a name of f (its names: "
                             f"{', '.join(sorted(names)) or 'none'})")
        return Spec.make(text, wrt, sizes)

    def derive(self):
        """Ask the window to derive and show the expression; returns its task (None when
        the dialog refused the input itself)."""
        try:
            spec = self.spec()
        except InputError as exc:
            self.refuse(exc)
            return None
        return self.run(lambda: self.window_.open_workbench(spec, refuse=self.refuse),
                        "Deriving … (Esc cancels)")
