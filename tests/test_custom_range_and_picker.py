"""Your own function: its x range fitted to where f is interesting (or set), f′ not drawn
where f is undefined, one error message in the dialog that keeps the typed text, and an
entry in the picker."""

import numpy as np
import pytest
from PySide6 import QtWidgets

from explorer.core.custom import DEFAULT_RANGE, CustomFunction, fit_x_range, make_custom
from explorer.ui.picker import ID_ROLE, custom_entry


def test_f_prime_is_not_drawn_where_f_is_undefined():
    f = CustomFunction("log(x)")  # f′ = 1/x would be finite at x < 0
    views = f.views(f.inputs({}))
    for pane, name in (("f", "f′(x)"), ("df", "f(x)")):
        readout = {c.name: c for c in views[pane].readouts}[name]
        if name == "f′(x)":
            assert np.isnan(readout.y[readout.x <= 0]).all()
    df = views["df"].curves[0]
    assert np.isnan(df.y[df.x <= 0]).all() and np.isfinite(df.y[df.x > 0]).all()


@pytest.mark.parametrize("text, must_show", [
    ("x^2", [0.0]),                      # its minimum, in the middle
    ("x^3 - x", [-1.0, 0.0, 1.0]),       # zeros and extrema
    ("log(x)", [0.0, 1.0]),              # where it starts, and its zero
    ("sqrt(x - 5)", [5.0]),              # defined from 5 on only
    ("sigmoid(3*x)", [0.0]),             # its inflection, not the flat tails
    ("x^3*exp(-x)", [0.0, 3.0]),         # its zero and its maximum
])
def test_the_range_is_fitted_to_where_f_is_interesting(text, must_show):
    lo, hi = fit_x_range(CustomFunction(text, (-10, 10)).expr)
    assert hi - lo >= 4
    for x in must_show:
        assert lo + 0.5 <= x <= hi - 0.5, (text, lo, hi)


def test_a_fitted_range_leaves_out_what_is_negligibly_small_or_flat():
    lo, hi = fit_x_range(CustomFunction("exp(-x^2)*sin(3*x)", (-10, 10)).expr)
    assert -5 <= lo < -2 and 2 < hi <= 5  # not its zeros out where e^(−x²) < 10⁻⁶
    assert fit_x_range(CustomFunction("sigmoid(3*x)", (-10, 10)).expr) == (-2.0, 2.0)
    assert fit_x_range(CustomFunction("x^2", (-10, 10)).expr) == (-2.0, 2.0)  # symmetric
    assert fit_x_range(CustomFunction("exp(x)", (-10, 10)).expr) == DEFAULT_RANGE  # none


def test_made_functions_are_fitted_unless_a_range_is_set():
    fitted = make_custom("sqrt(x - 5)")  # no real value on the old fixed −3…3
    assert fitted.fitted and fitted.x_range[0] <= 5 <= fitted.x_range[1]
    set_ = make_custom("sin(x)", x_range=(0.0, 1.5))
    assert not set_.fitted and set_.x_range == (0.0, 1.5)
    assert set_.param("x").lo == 0.0 and set_.param("x").hi == 1.5


def _no_message_boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a, **k: shown.append(a))
    return shown


def test_the_dialog_says_one_error_and_keeps_the_text(make_window, qtbot, monkeypatch):
    window = make_window("5.1")
    boxes = _no_message_boxes(monkeypatch)
    dialog = window.custom_dialog()
    dialog.expression.setText("x^^2 + 1")
    task = dialog.make()
    qtbot.waitSignal(task.settled, timeout=20000).wait()
    assert boxes == []  # no second dialog on top
    assert dialog.isVisible() and dialog.expression.text() == "x^^2 + 1"
    assert "at character" in dialog.message.text()
    assert dialog.expression.cursorPosition() in (2, 3)  # at the fault
    assert window.state.exercise.id == "5.1"
    dialog.expression.setText("x^2 + 1")
    dialog.fit.setChecked(False)
    dialog.lo.setValue(-1.0)
    dialog.hi.setValue(4.0)
    with qtbot.waitSignal(window.exercise_changed, timeout=20000):
        dialog.make()
    assert window.state.exercise.id == "custom"
    assert window.state.exercise.x_range == (-1.0, 4.0)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)


def test_an_empty_range_is_refused_in_the_dialog(make_window, monkeypatch):
    window = make_window("5.1")
    boxes = _no_message_boxes(monkeypatch)
    dialog = window.custom_dialog()
    dialog.fit.setChecked(False)
    dialog.lo.setValue(2.0)
    dialog.hi.setValue(1.0)
    assert dialog.make() is None
    assert "from < to" in dialog.message.text() and boxes == []
    dialog.reject()


def test_the_picker_has_a_place_for_your_own_function(make_window, qtbot):
    window = make_window("5.1")
    entry = custom_entry(window.picker)
    assert entry.data(0, ID_ROLE) == "custom"
    window.picker.setCurrentItem(entry)  # none made yet: the dialog asks for one
    dialog = next(w for w in QtWidgets.QApplication.topLevelWidgets()
                  if type(w).__name__ == "CustomFunctionDialog" and w.isVisible())
    assert window.state.exercise.id == "5.1"
    assert window.picker.currentItem().data(0, ID_ROLE) == "5.1"
    dialog.expression.setText("tanh(x)")
    with qtbot.waitSignal(window.exercise_changed, timeout=20000):
        dialog.make()
    assert "tanh(x)" in entry.text(0) and window.picker.currentItem() is entry
    window.open_exercise("5.2")
    window.picker.setCurrentItem(entry)  # shown again, without asking
    assert window.state.exercise.id == "custom" and window.state.exercise.text == "tanh(x)"
