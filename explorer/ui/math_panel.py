"""The math panel: the exercise's statement, result, the shape of every partial
derivative, the chain-rule factorisation and the worked steps (each marked when the core
verified it numerically), plus "check my answer" — checked off the GUI thread, with the
Check button turning into Cancel (or Escape) while it runs."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.core import derivations as Dv
from explorer.core.check import answer_curves, check_answer
from explorer.core.custom import CustomFunction
from explorer.core.errors import InputError
from explorer.ui.background import BackgroundTask
from explorer.ui.math_view import FormulaView

VERDICT_COLOURS = {"correct": "#009E73", "wrong": "#D55E00", "invalid": "#CC79A7"}
FOLLOW_MS = 150  # the result is typeset again once the inputs rest this long


def _shape_text(shape) -> str:
    return "scalar (1×1)" if not shape else "×".join(str(d) for d in shape)


def _check_with_curves(exercise, text: str, inputs: dict, cancelled) -> tuple:
    """The verdict, and for a wrong answer to a scalar exercise the curves of the answer
    and of the true f′ (None otherwise). Runs on the worker thread."""
    result = check_answer(exercise, text, cancelled=cancelled)
    view = None
    if result["verdict"] == "wrong" and not cancelled():
        try:
            view = answer_curves(exercise, text, inputs)
        except InputError:
            view = None
    return result, view


class MathPanel(QtWidgets.QWidget):
    checked = QtCore.Signal(dict)  # a verdict was shown

    # The app sets this: the derivation is typeset (tens of ms a formula) once the panel has
    # been painted, so that the window appears without waiting for it.
    fill_after_paint = False

    def __init__(self, exercise, theme, get_inputs, parent=None):
        super().__init__(parent)
        self.exercise = exercise
        self.theme = theme
        self.get_inputs = get_inputs  # callable → the window's current inputs
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        body = QtWidgets.QWidget()
        self.body = QtWidgets.QVBoxLayout(body)
        self.body.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.latex_sources: list[str] = []
        self.result: QtWidgets.QWidget | None = None  # the result's formula, once typeset
        self._follow_timer = QtCore.QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_MS)
        self._follow_timer.timeout.connect(self._show_result)
        try:
            self.derivation = Dv.load(exercise)
        except InputError as exc:
            self.derivation = None
            from explorer.core.workbench.exercise import WorkbenchExercise

            if isinstance(exercise, WorkbenchExercise):
                from explorer.ui.workbench_math import fill_workbench

                fill_workbench(self, exercise)
            elif isinstance(exercise, CustomFunction):
                self._heading("Your function")
                self.body.addWidget(self._formula(f"f(x) = {exercise.latex}"))
                self._heading("Its derivative, by SymPy")
                self.body.addWidget(self._formula(f"f'(x) = {exercise.derivative_latex}"))
            else:
                self.body.addWidget(QtWidgets.QLabel(f"No worked derivation: {exc}"))
        self._fill_pending = self.derivation is not None and self.fill_after_paint
        if self.derivation is not None and not self._fill_pending:
            self._fill(self.derivation)
        copy_all = QtWidgets.QPushButton("Copy all LaTeX")
        copy_all.setToolTip("Copy every formula of this panel as LaTeX source")
        copy_all.setAccessibleName("Copy all LaTeX")
        copy_all.clicked.connect(self.copy_all)
        outer.addWidget(copy_all)
        outer.addWidget(self._check_box())

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._fill_pending:
            self._fill_pending = False
            QtCore.QTimer.singleShot(0, self, lambda: self._fill(self.derivation))

    # --- derivation ---------------------------------------------------------------------------
    def _formula(self, latex: str) -> QtWidgets.QWidget:
        """A typeset formula, left-aligned in a row of its own."""
        self.latex_sources.append(latex)
        holder = QtWidgets.QWidget()
        row = QtWidgets.QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        view = FormulaView(latex, color=self.theme.foreground)
        row.addWidget(view)
        row.addStretch(1)
        holder.formula = view
        return holder

    def _heading(self, text: str) -> None:
        label = QtWidgets.QLabel(f"<b>{text}</b>")
        label.setWordWrap(True)
        label.setContentsMargins(0, 8, 0, 0)
        self.body.addWidget(label)

    def _prose(self, text: str) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(text)
        label.setWordWrap(True)
        return label

    def _fill(self, d) -> None:
        self._heading(f"{self.exercise.id} — {self.exercise.title}")
        self._heading("Statement")
        self.body.addWidget(self._formula(d.statement))
        self._heading(f"Result  ({_shape_text(d.result_shape)})")
        self._result_index = len(self.latex_sources)
        self.result = self._formula(self._result_latex(self.get_inputs()))
        self.body.addWidget(self.result)
        if d.partials:
            self._heading("Partial derivatives and their shapes")
            for p in d.partials:
                shape = (r" \in \mathbb{R}^{" + r"\times ".join(str(x) for x in p.shape) + "}"
                         if p.shape else r" \in \mathbb{R}")
                formula = self._formula(f"{p.latex} = {p.value}{shape}")
                formula.formula.setToolTip(f"shape {_shape_text(p.shape)} "
                                           "(numerator layout: rows × columns)")
                self.body.addWidget(formula)
        if d.chain:
            self._heading("Chain rule")
            self.body.addWidget(self._formula(d.chain))
        verified = {v.what: v for v in Dv.verify(d, self.exercise)}
        self.step_marks: list[QtWidgets.QLabel] = []
        self._heading("Worked steps")
        for i, step in enumerate(d.steps):
            row = QtWidgets.QHBoxLayout()
            v = verified.get(f"step {i + 1}")
            mark = QtWidgets.QLabel("✓" if v and v.ok else ("✗" if v else "·"))
            mark.setToolTip("verified numerically at random points" if v and v.ok else
                            (f"not verified: {v.detail}" if v else "no formula to check"))
            mark.setStyleSheet(f"color: {VERDICT_COLOURS['correct'] if v and v.ok else '#888'}")
            mark.setFixedWidth(16)
            self.step_marks.append(mark)
            row.addWidget(mark, 0, QtCore.Qt.AlignmentFlag.AlignTop)
            col = QtWidgets.QVBoxLayout()
            if step.text:
                col.addWidget(self._prose(step.text))
            col.addWidget(self._formula(step.latex))
            row.addLayout(col, 1)
            self.body.addLayout(row)
        if d.mistakes:
            self._heading("Common mistakes")
            for m in d.mistakes:
                self.body.addWidget(self._formula(m.latex))
                self.body.addWidget(self._prose(m.reason))
        if d.notes:
            self._heading("Notes on the source")
            for note in d.notes:
                self.body.addWidget(self._prose(note))

    # --- the result follows the inputs (5.4's Tₙ follows n and x₀) --------------------------
    def _result_latex(self, inputs: dict) -> str:
        return self.exercise.result_latex(inputs) or self.derivation.result

    def follow(self) -> None:
        """Show the result for the current inputs, once they rest for FOLLOW_MS (a new
        formula takes tens of ms to typeset: not on every step of a drag)."""
        if self.result is not None:
            self._follow_timer.start()

    def _show_result(self) -> None:
        latex = self._result_latex(self.get_inputs())
        if self.result is None or latex == self.result.formula.latex:
            return
        new = self._formula(latex)
        self.latex_sources.pop()  # (_formula appended it: it takes the old one's place)
        self.latex_sources[self._result_index] = latex
        self.body.insertWidget(self.body.indexOf(self.result), new)
        self.body.removeWidget(self.result)
        self.result.setParent(None)  # out of the panel now, deleted once control returns
        self.result.deleteLater()
        self.result = new

    def copy_all(self) -> None:
        QtWidgets.QApplication.clipboard().setText("\n\n".join(self.latex_sources))

    # --- check my answer --------------------------------------------------------------------
    def _check_box(self) -> QtWidgets.QWidget:
        box = QtWidgets.QGroupBox("Check my answer")
        layout = QtWidgets.QVBoxLayout(box)
        row = QtWidgets.QHBoxLayout()
        self.answer = QtWidgets.QLineEdit()
        self.answer.setPlaceholderText("e.g. 2*x.T/(1+x.T@x)")
        self.answer.setToolTip(
            "Type the derivative: vectors are columns, .T transposes, @ is the matrix "
            "product, * is scalar or element-wise, ^ or ** a power. Functions: sin cos tan "
            "exp log sqrt tanh sech sigmoid diag tr inv outer eye.")
        self.answer.setAccessibleName("Your answer")
        self.answer.returnPressed.connect(self.check)
        self.check_button = QtWidgets.QPushButton("Check")
        self.check_button.setAccessibleName("Check answer")
        self.check_button.setToolTip("Compare your answer with the true derivative (Enter)")
        self.check_button.clicked.connect(self._check_or_cancel)
        cancel = QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), box)
        cancel.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel.activated.connect(self.cancel_check)
        self.checking: BackgroundTask | None = None
        row.addWidget(self.answer, 1)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        self.verdict = QtWidgets.QLabel(" ")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.verdict)
        self.compare = pg.PlotWidget(background=self.theme.background)
        self.compare.setMinimumHeight(150)
        self.compare.addLegend(offset=(5, 5))
        self.compare.setLabel("bottom", "x")
        self.true_curve = self.compare.plot(name="true f′", pen=pg.mkPen("#009E73", width=2))
        self.your_curve = self.compare.plot(
            name="your answer", pen=pg.mkPen("#D55E00", width=2,
                                             style=QtCore.Qt.PenStyle.DashLine))
        self.compare.setVisible(False)
        layout.addWidget(self.compare)
        return box

    def check(self) -> BackgroundTask:
        """Start checking the typed answer off the GUI thread (a check already running is
        cancelled); `checked` carries the verdict once it is shown."""
        self.cancel_check()
        text, inputs, exercise = self.answer.text(), dict(self.get_inputs()), self.exercise
        task = BackgroundTask(
            lambda cancelled: _check_with_curves(exercise, text, inputs, cancelled), self)
        task.finished.connect(self._show_verdict)
        task.settled.connect(self._check_over)
        task.settled.connect(task.deleteLater)
        self.checking = task
        self.verdict.setText("checking… (Esc cancels)")
        self.check_button.setText("Cancel")
        self.check_button.setToolTip("Stop checking (Esc)")
        return task.start()

    def cancel_check(self) -> None:
        if self.checking is not None and self.checking.running:
            self.checking.cancel()
            self.verdict.setText("check cancelled")

    def _check_or_cancel(self) -> None:
        if self.checking is not None and self.checking.running:
            self.cancel_check()
        else:
            self.check()

    def _check_over(self) -> None:
        self.checking = None
        self.check_button.setText("Check")
        self.check_button.setToolTip("Compare your answer with the true derivative (Enter)")

    def _show_verdict(self, outcome: tuple) -> None:
        result, view = outcome
        colour = VERDICT_COLOURS.get(result["verdict"], "#888")
        detail = result.get("reason", "")
        if "position" in result:
            detail += f" (at character {result['position'] + 1})"
        self.verdict.setText(f"<b style='color:{colour}'>{result['verdict']}</b>: {detail}")
        self._plot_against_truth(view)
        self.checked.emit(result)

    def _plot_against_truth(self, view) -> None:
        """For a scalar function, draw a wrong answer beside the true derivative."""
        self.compare.setVisible(view is not None)
        if view is None:
            return
        true, yours = view.curves
        self.true_curve.setData(true.x, true.y, connect="finite")
        self.your_curve.setData(yours.x, yours.y, connect="finite")
