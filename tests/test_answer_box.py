"""The answer box: a placeholder per exercise naming what to type and its inputs, a
chooser where an exercise can be checked as more than one thing (5.4: f′ or Tₙ), a
comparison plot that leaves the formulas their room, a verdict said once, and a worked
answer the student can hide until they ask for it."""

import re

import pytest
from PySide6 import QtCore, QtWidgets

from explorer.core import registry

AVAILABLE = list(registry.ids())


def checked(qtbot, panel) -> dict:
    with qtbot.waitSignal(panel.checked, timeout=20000) as blocker:
        panel.check()
    return blocker.args[0]


@pytest.mark.parametrize("exercise_id", AVAILABLE)
def test_the_placeholder_names_the_inputs_of_the_exercise(make_window, exercise_id):
    window = make_window(exercise_id)
    text = window.math_panel.answer.placeholderText()
    ex = registry.get(exercise_id)
    for p in ex.params:
        if p.kind in ("scalar", "vector", "matrix"):
            assert p.name in text.split(" in ", 1)[1].split(", "), (p.name, text)
    assert "e.g." not in text


def test_placeholders_differ_between_exercises(make_window):
    window = make_window("5.7b")
    first = window.math_panel.answer.placeholderText()
    window.open_exercise("5.6-g")
    assert window.math_panel.answer.placeholderText() != first
    assert "A, X, B" in window.math_panel.answer.placeholderText()


def test_derived_names_are_defined_in_the_tooltip(make_window):
    window = make_window("5.7b")
    assert "z = A@x + b" in window.math_panel.answer.toolTip()


def test_the_verdict_is_said_once(make_window, qtbot):
    window = make_window("5.1")
    panel = window.math_panel
    for answer, verdict in (("cos(x^3)", "wrong"), ("0*x", "wrong"),
                            ("4*sin(x^3)/x + 3*x^2*cos(x^3)*log(x^4)", "correct"),
                            ("x^^2", "invalid")):
        panel.answer.setText(answer)
        assert checked(qtbot, panel)["verdict"] == verdict
        shown = re.sub("<[^>]+>", "", panel.verdict.text())  # what a reader sees
        assert shown.startswith(f"{verdict}: ")
        assert not shown[len(verdict) + 2:].lower().startswith(verdict), shown


def test_the_comparison_plot_leaves_the_formulas_their_room(make_window, qtbot):
    window = make_window("5.1")
    window.set_size(1024, 640, within=QtCore.QRect())
    panel = window.math_panel
    scroll = panel.findChild(QtWidgets.QScrollArea)
    qtbot.waitUntil(lambda: scroll.height() > 0)
    before = scroll.height()
    panel.answer.setText("cos(x^3)")
    assert checked(qtbot, panel)["verdict"] == "wrong"
    qtbot.waitUntil(lambda: panel.compare.isVisible())
    QtWidgets.QApplication.processEvents()
    assert panel.compare.height() >= 120  # readable
    assert scroll.height() >= 0.4 * panel.height(), (before, scroll.height(), panel.height())


def test_the_worked_answer_can_be_hidden_until_asked_for(make_window, qtbot):
    window = make_window("5.7b")
    panel = window.math_panel
    result = panel.derivation.result
    assert panel.show_worked.isChecked() and panel.worked.isVisibleTo(panel)
    panel.show_worked.setChecked(False)
    assert not panel.worked.isVisibleTo(panel)
    statement = [w for w in panel.findChildren(QtWidgets.QWidget)
                 if getattr(w, "latex", None) == panel.derivation.statement]
    assert statement and statement[0].isVisibleTo(panel)  # the question stays
    shown = [w for w in panel.findChildren(QtWidgets.QWidget)
             if getattr(w, "latex", None) == result and w.isVisibleTo(panel)]
    assert shown == []
    window.open_exercise("5.8c")  # stays hidden on the next exercise
    assert not window.math_panel.show_worked.isChecked()
    assert not window.math_panel.worked.isVisibleTo(window.math_panel)
    window.math_panel.show_worked.setChecked(True)  # the student asks
    assert window.math_panel.worked.isVisibleTo(window.math_panel)


def test_5_4_chooses_between_f_prime_and_the_taylor_polynomial(make_window, qtbot):
    window = make_window("5.4")
    panel = window.math_panel
    chooser = panel.answer_box.target_box
    assert chooser.isVisibleTo(panel) and chooser.count() == 2
    assert chooser.currentData() == "derivative"  # what 5.4 asks by default
    panel.answer.setText("cos(x) - sin(x)")
    assert checked(qtbot, panel)["verdict"] == "correct"
    chooser.setCurrentIndex(chooser.findData("taylor"))
    assert "Tₙ(x)" in panel.answer.placeholderText()
    panel.answer.setText("1 + x - x^2/2 - x^3/6 + x^4/24 + x^5/120")
    result = checked(qtbot, panel)
    assert result["verdict"] == "correct" and result["target"] == "taylor"
    window.set_param("n", 1)  # the window's n is the one checked
    assert checked(qtbot, panel)["verdict"] == "wrong"
    panel.answer.setText("1 + x")
    assert checked(qtbot, panel)["verdict"] == "correct"


def test_an_exercise_with_one_target_shows_no_chooser(make_window):
    window = make_window("5.7b")
    assert not window.math_panel.answer_box.target_box.isVisibleTo(window.math_panel)
