"""Exercise → Matrix calculus workbench: a dialog for an expression, the name to
differentiate by and the sizes. "Derive" asks the window to derive it off the GUI
thread; an expression that cannot be used is said in one line inside the dialog, which
stays open with the text as typed. The dialog closes once the window shows it."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.core import expr
from explorer.core.errors import InputError
from explorer.core.workbench.exercise import Spec, parse_shapes

EXAMPLE = "tr(A@X.T@B@X@C)"
ERROR_COLOUR = "#D55E00"


class WorkbenchDialog(QtWidgets.QDialog):
    def __init__(self, window, spec: Spec | None = None):
        super().__init__(window)
        self.window_ = window
        self.task = None
        self.setWindowTitle("Matrix calculus workbench")
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
        self.message = QtWidgets.QLabel(" ")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Workbench message")
        self.message.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.message)
        buttons = QtWidgets.QDialogButtonBox()
        self.derive_button = buttons.addButton(
            "Derive", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.derive_button.setDefault(True)
        buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.derive)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

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
        self.show_message("Deriving … (Esc cancels)", "")
        self.derive_button.setEnabled(False)
        task = self.task = self.window_.open_workbench(spec, refuse=self.refuse)
        task.finished.connect(lambda _ex: self.accept())
        task.settled.connect(self._settled)
        return task

    def _settled(self) -> None:
        self.task = None
        self.derive_button.setEnabled(True)

    def refuse(self, exc: InputError) -> None:
        where = getattr(exc, "position", None)
        text = " ".join(str(exc).split())
        if where is not None and "at character" not in text:
            text += f" (at character {where + 1})"
        self.show_message(text, ERROR_COLOUR)

    def show_message(self, text: str, colour: str) -> None:
        self.message.setStyleSheet(f"color: {colour}" if colour else "")
        self.message.setText(text)

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
        super().reject()
