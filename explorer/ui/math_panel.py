"""The math panel: the exercise's statement, then its worked answer — the result, the
shape of every partial derivative, the chain-rule factorisation and the worked steps (each
marked when the core verified it numerically) — which a student can hide until they want
it, plus "check my answer" (answer_box)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.core import derivations as Dv
from explorer.core.custom import CustomFunction
from explorer.core.errors import InputError
from explorer.ui.answer_box import VERDICT_COLOURS, AnswerBox
from explorer.ui.math_view import FormulaView

FOLLOW_MS = 150  # the result is typeset again once the inputs rest this long


def _shape_text(shape) -> str:
    return "scalar (1×1)" if not shape else "×".join(str(d) for d in shape)


class MathPanel(QtWidgets.QWidget):
    # The app sets this: the derivation is typeset (tens of ms a formula) once the panel has
    # been painted, so that the window appears without waiting for it.
    fill_after_paint = False

    def __init__(self, exercise, theme, get_inputs, parent=None, show_worked: bool = True):
        """`show_worked`: whether the worked answer is shown (else a tick shows it)."""
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
        self.worked = QtWidgets.QWidget(body)  # the worked answer, placed by _fill
        QtWidgets.QVBoxLayout(self.worked).setContentsMargins(0, 0, 0, 0)
        self.worked.hide()
        self.show_worked = QtWidgets.QCheckBox("Worked answer", self)
        self.show_worked.setToolTip("Show the result and the worked steps (untick to try first)")
        self.show_worked.setAccessibleName("Show the worked answer")
        self.show_worked.setChecked(show_worked)
        self.show_worked.toggled.connect(self._worked_toggled)
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
        copy_all = QtWidgets.QPushButton("Copy LaTeX")
        copy_all.setToolTip("Copy every formula of this panel as LaTeX source")
        copy_all.setAccessibleName("Copy all LaTeX")
        copy_all.clicked.connect(self.copy_all)
        self.show_worked.setVisible(self.derivation is not None)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.show_worked)
        buttons.addWidget(copy_all)
        outer.addLayout(buttons)
        self.answer_box = AnswerBox(exercise, theme, get_inputs)
        outer.addWidget(self.answer_box)
        box = self.answer_box  # its parts, as the panel's (the window and tests use them)
        self.answer, self.check_button, self.verdict = box.answer, box.check_button, box.verdict
        self.compare, self.true_curve, self.your_curve = box.compare, box.true_curve, \
            box.your_curve
        self.checked, self.check, self.cancel_check = box.checked, box.check, box.cancel_check

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
        view = FormulaView(latex)  # (in the palette's text colour)
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
        # All that follows is the worked answer: one widget, hidden until asked for.
        self.body.addWidget(self.worked)
        self.body = self.worked.layout()
        self.worked.setVisible(self.show_worked.isChecked())
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

    def _worked_toggled(self, shown: bool) -> None:
        if self.body is self.worked.layout():  # (placed: the derivation is typeset)
            self.worked.setVisible(shown)
