""""Check my answer": the answer box under the math panel. Its placeholder names what to
type and the inputs it may use; where an exercise can be checked as more than one thing
(5.4: f′ or Tₙ) a chooser picks it. The check runs off the GUI thread, the Check button
turning into Cancel (or Escape) meanwhile; a wrong answer to a scalar exercise is drawn
beside the truth in a plot of fixed height, so the formulas above keep their room."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.core.check import answer_curves, answer_prompt, check_answer
from explorer.core.errors import InputError
from explorer.ui.background import BackgroundTask

VERDICT_COLOURS = {"correct": "#009E73", "wrong": "#D55E00", "invalid": "#CC79A7"}
COMPARE_HEIGHT = 160  # px of the comparison plot: readable, and no more
SYNTAX = ("Vectors are columns, .T transposes, @ is the matrix product, * is scalar or "
          "element-wise, ^ or ** a power. Functions: sin cos tan exp log sqrt tanh sech "
          "sigmoid diag tr inv outer eye.")


def _check_with_curves(exercise, text: str, target, held: dict, inputs: dict,
                       cancelled) -> tuple:
    """The verdict, and for a wrong answer to a scalar exercise the curves of the answer
    and of the true f′ (None otherwise). Runs on the worker thread."""
    result = check_answer(exercise, text, target=target.name, held=held, cancelled=cancelled)
    view = None
    if result["verdict"] == "wrong" and target.output == "derivative" and not cancelled():
        try:
            view = answer_curves(exercise, text, inputs)
        except InputError:
            view = None
    return result, view


class AnswerBox(QtWidgets.QGroupBox):
    checked = QtCore.Signal(dict)  # a verdict was shown

    def __init__(self, exercise, theme, get_inputs, parent=None):
        super().__init__("Check my answer", parent)
        self.exercise = exercise
        self.get_inputs = get_inputs  # callable → the window's current inputs
        layout = QtWidgets.QVBoxLayout(self)
        self.target_box = QtWidgets.QComboBox(self)
        self.target_box.setAccessibleName("Check my answer as")
        self.target_box.setToolTip("What your answer is checked as")
        for target in exercise.targets:
            self.target_box.addItem(f"check as {target.label}", target.name)
        self.target_box.setVisible(len(exercise.targets) > 1)
        self.target_box.currentIndexChanged.connect(self._show_prompt)
        layout.addWidget(self.target_box)
        row = QtWidgets.QHBoxLayout()
        self.answer = QtWidgets.QLineEdit()
        self.answer.setAccessibleName("Your answer")
        self.answer.returnPressed.connect(self.check)
        self.check_button = QtWidgets.QPushButton("Check")
        self.check_button.setAccessibleName("Check answer")
        self.check_button.setToolTip("Compare your answer with the true derivative (Enter)")
        self.check_button.clicked.connect(self._check_or_cancel)
        cancel = QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), self)
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
        self.compare = pg.PlotWidget(background=theme.background)
        self.compare.setFixedHeight(COMPARE_HEIGHT)
        legend_fill = QtGui.QColor(theme.background)
        legend_fill.setAlpha(200)  # the legend reads over the curves it may cover
        self.compare.addLegend(offset=(5, 5), brush=pg.mkBrush(legend_fill),
                               labelTextColor=theme.foreground)
        self.compare.setLabel("bottom", "x")
        self.true_curve = self.compare.plot(name="true f′", pen=pg.mkPen("#009E73", width=2))
        self.your_curve = self.compare.plot(
            name="your answer", pen=pg.mkPen("#D55E00", width=2,
                                             style=QtCore.Qt.PenStyle.DashLine))
        self.compare.setVisible(False)
        layout.addWidget(self.compare)
        self._show_prompt()

    def target(self):
        return self.exercise.target(self.target_box.currentData())

    def _show_prompt(self) -> None:
        placeholder, defined = answer_prompt(self.exercise, self.target())
        self.answer.setPlaceholderText(placeholder)
        self.answer.setToolTip(f"Type the {placeholder}" + (f" ({defined})" if defined else "")
                               + f". {SYNTAX}")

    def check(self) -> BackgroundTask:
        """Start checking the typed answer off the GUI thread (a check already running is
        cancelled); `checked` carries the verdict once it is shown. A target that holds
        inputs (5.4's Tₙ: n and x₀) is checked at their current values."""
        self.cancel_check()
        text, inputs, exercise = self.answer.text(), dict(self.get_inputs()), self.exercise
        target = self.target()
        held = {name: inputs[name] for name in target.hold}
        task = BackgroundTask(lambda cancelled: _check_with_curves(
            exercise, text, target, held, inputs, cancelled), self)
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
