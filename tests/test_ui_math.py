"""The math panel: typeset formulas, verified steps, copyable LaTeX, "check my answer"
in the window, and "your own function"."""

import numpy as np
import pytest
from PySide6 import QtWidgets

from explorer.core import registry
from explorer.ui.math_view import FormulaView, render_svg
from explorer.ui.picker import ID_ROLE

AVAILABLE = list(registry.ids())


def test_formula_renders_visible_ink(qtbot):
    view = FormulaView(r"\frac{\mathrm{d}f}{\mathrm{d}x} = 2x^{\top}")
    qtbot.addWidget(view)
    view.show()
    assert view.fallback is None and view.width() > 50 and view.height() > 20
    image = view.grab().toImage()
    dark = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
               if image.pixelColor(x, y).lightness() < 100)
    assert dark > 20  # QtSvg drew the glyphs (ziamath's SVG 2 output would be blank)
    assert b"<symbol" not in render_svg(r"x^2")  # svg2 is off


def test_formula_takes_the_colour_it_is_given():
    assert b"#1b9e77" in render_svg(r"x^2", color="#1b9e77").lower()
    assert b"#1b9e77" not in render_svg(r"x^2", color="#d95f02").lower()


@pytest.mark.parametrize("exercise_id", AVAILABLE)
def test_panel_shows_statement_result_and_verified_steps(make_window, exercise_id):
    window = make_window(exercise_id)
    panel = window.math_panel
    assert panel.derivation is not None
    assert panel.latex_sources[0] == panel.derivation.statement
    assert panel.derivation.result in panel.latex_sources
    checked = [m for m in panel.step_marks if m.text() != "·"]
    assert checked and all(m.text() == "✓" for m in checked)
    formulas = panel.findChildren(FormulaView)
    assert len(formulas) >= 3 and all(f.fallback is None for f in formulas)


def test_copy_all_latex(make_window):
    window = make_window("5.7b")
    window.math_panel.copy_all()
    text = QtWidgets.QApplication.clipboard().text()
    assert window.math_panel.derivation.chain in text
    assert text.count("\n\n") == len(window.math_panel.latex_sources) - 1


def checked(qtbot, panel) -> dict:
    """Check the typed answer (off the GUI thread) and wait for the verdict."""
    with qtbot.waitSignal(panel.checked, timeout=20000) as blocker:
        panel.check()
    return blocker.args[0]


def test_check_correct_and_wrong_scalar_answer(make_window, qtbot):
    window = make_window("5.1")
    panel = window.math_panel
    panel.answer.setText("4*sin(x^3)/x + 3*x^2*cos(x^3)*log(x^4)")
    assert checked(qtbot, panel)["verdict"] == "correct"
    assert "correct" in panel.verdict.text() and not panel.compare.isVisibleTo(panel)
    panel.answer.setText("3*x^2*cos(x^3)*log(x^4)")  # a term missing
    result = checked(qtbot, panel)
    assert result["verdict"] == "wrong"
    assert panel.compare.isVisibleTo(panel)
    xs, truth = panel.true_curve.getData()
    _, yours = panel.your_curve.getData()
    with np.errstate(divide="ignore", invalid="ignore"):  # x = 0 is a gap
        expected = 3 * xs**2 * np.cos(xs**3) * np.log(xs**4)
    finite = np.isfinite(yours) & np.isfinite(expected)
    assert finite.sum() > 300
    np.testing.assert_allclose(yours[finite], expected[finite], rtol=1e-9, atol=1e-9)
    assert not np.allclose(truth[finite], yours[finite])


def test_check_matrix_answer_and_parse_error(make_window, qtbot):
    window = make_window("5.7b")
    panel = window.math_panel
    panel.answer.setText("A.T@diag(cos(A@x+b))")
    result = checked(qtbot, panel)
    assert result["verdict"] == "wrong" and not panel.compare.isVisibleTo(panel)
    panel.answer.setText("diag(cos(A@x+b))@A")
    assert checked(qtbot, panel)["verdict"] == "correct"
    panel.answer.setText("diag(cos(A@x+b))@@A")
    result = checked(qtbot, panel)
    assert result["verdict"] == "invalid" and "at character" in panel.verdict.text()


def test_your_own_function(make_window, monkeypatch, qtbot):
    window = make_window("5.1")
    with qtbot.waitSignal(window.exercise_changed, timeout=20000):
        window.open_custom("x^2*exp(-x)")
    assert window.state.exercise.id == "custom"
    assert {"f", "df", "taylor", "error", "coefficients"} <= set(window.grid.panes)
    window.set_param("x", 1.5)
    xs, ys = window.grid.panes["df"]._curves["f′(x)"].getData()
    k = np.argmin(np.abs(xs - 1.5))
    assert ys[k] == pytest.approx((2 * xs[k] - xs[k] ** 2) * np.exp(-xs[k]), rel=1e-9)
    assert "-x" in window.math_panel.latex_sources[1] or "x^{2}" in \
        window.math_panel.latex_sources[1]
    assert window.picker.currentItem().data(0, ID_ROLE) == "custom"
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    with qtbot.waitSignal(window.open_custom("x^^2").settled, timeout=20000):
        pass
    assert len(shown) == 1 and "at character" in shown[0]
    assert window.state.exercise.id == "custom"  # the old function stays
    window.step_exercise(+1)
    qtbot.waitUntil(lambda: window.state.exercise.id == "5.1", timeout=2000)
