"""The math panel follows and fits: 5.4's result follows n and x₀; every formula fits the
panel at the default window size without a horizontal scroll; prose is plain Unicode
(no raw TeX or ASCII notation), and the source's slips are notes, not mistakes."""

import dataclasses
import json
import re

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from explorer.core import derivations as Dv
from explorer.core import registry
from explorer.ui.math_view import MIN_SCALE, FormulaView


def _settle(window) -> None:
    window.refresh()
    for _ in range(3):
        QtWidgets.QApplication.processEvents()


def _overflow(panel) -> list:
    """The formulas drawn past the right edge of the panel's visible area (or below their
    smallest scale), and whether the panel scrolls sideways."""
    scroll = panel.findChild(QtWidgets.QScrollArea)
    viewport = scroll.viewport()
    bad = []
    for view in panel.findChildren(FormulaView):
        right = view.mapTo(viewport, QtCore.QPoint(view.drawn_size().width(), 0)).x()
        if right > viewport.width() or view.scale() < MIN_SCALE or view.fallback:
            bad.append((view.latex[:50], view.natural.width(), right, viewport.width()))
    if scroll.horizontalScrollBar().isVisible():
        bad.append(("horizontal scroll bar", scroll.widget().width(), viewport.width()))
    return bad


def test_every_formula_fits_the_panel_at_the_default_window_size(make_window, qtbot):
    window = make_window()
    window.set_size(1500, 860, within=QtCore.QRect())  # the default size
    cases = [(i, {}) for i in registry.ids()]
    cases += [("5.4", {"n": 20}), ("5.4", {"n": 20, "x0": -1.25}), ("5.9", {"E": 4})]
    overflow = {}
    for exercise_id, values in cases:
        window.open_exercise(exercise_id)
        for name, value in values.items():
            window.set_param(name, value)
        _settle(window)
        panel = window.math_panel
        if values:  # the result follows once the inputs rest
            qtbot.waitUntil(lambda p=panel: not p._follow_timer.isActive(), timeout=3000)
            _settle(window)
        bad = _overflow(panel)
        if bad:
            overflow[(exercise_id, str(values))] = bad
    assert not overflow, overflow


def test_a_formula_scales_down_to_fit_a_narrower_panel_but_not_below_the_minimum(qtbot):
    view = FormulaView(r"f(x) = \sin x + \cos x + \tan x + \exp x + \log x + \sinh x")
    qtbot.addWidget(view)
    natural = view.natural
    assert view.sizeHint() == natural and view.heightForWidth(natural.width()) == \
        natural.height()
    view.resize(natural.width() * 0.8, natural.height())
    assert view.scale() == pytest.approx(0.8, abs=0.01)
    assert view.heightForWidth(int(natural.width() * 0.8)) < natural.height()
    assert view.minimumSizeHint().width() == pytest.approx(natural.width() * MIN_SCALE, abs=1)
    view.resize(natural.width() // 4, natural.height())
    assert view.scale() == MIN_SCALE


def test_the_taylor_result_follows_n_and_x0(make_window, qtbot):
    window = make_window("5.4")
    panel = window.math_panel
    book = Dv.load("5.4").result
    assert panel.result.formula.latex == book  # the book's T₅ at the defaults
    window.set_param("n", 20)
    qtbot.waitUntil(lambda: "T_{20}(x)" in panel.result.formula.latex, timeout=3000)
    latex = panel.result.formula.latex
    assert r"\frac{x^{20}}{20!}" in latex and "T_5" not in latex
    assert panel.latex_sources.count(latex) == 1 and book not in panel.latex_sources
    window.set_param("n", 2)
    window.set_param("x0", 0.5)
    qtbot.waitUntil(lambda: "(x - 0.5)^2" in panel.result.formula.latex, timeout=3000)
    assert "T_2(x)" in panel.result.formula.latex
    assert len(panel.findChildren(FormulaView)) == len(panel.latex_sources)



def test_a_result_left_to_follow_when_the_exercise_changes_uses_its_own_inputs(make_window):
    # the old panel is deleted only when control returns to the event loop: its timer may
    # fire first, and must not read the next exercise's inputs (5.4's n in 5.1's state)
    window = make_window("5.4")
    old = window.math_panel
    window.set_param("n", 7)
    window.open_exercise("5.1")
    assert old._follow_timer.isActive()
    old._follow_timer.timeout.emit()  # it fires before the old panel is deleted
    assert "T_7(x)" in old.result.formula.latex

# Raw TeX or ASCII notation in prose: ^{ _{ \macro, x_i, e^u, an ASCII prime, and the
# command line's ASCII names of parameters.
RAW = re.compile(r"\^\{|_\{|\\[a-zA-Z]+|[A-Za-z0-9)\]]_[A-Za-z0-9(]|[A-Za-z0-9)]\^|"
                 r"[A-Za-z)]'|\b(mu|sigma|omega|eps|x0|rho)\b")
NOT_SHOWN = {"drag", "role", "mode", "check", "entry_formula"}  # keys, not text


def _shown_strings(value):
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            if f.name not in NOT_SHOWN:
                yield from _shown_strings(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _shown_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _shown_strings(item)


def _prose(exercise) -> list[str]:
    d = Dv.load(exercise)
    texts = [s.text for s in d.steps] + [m.reason for m in d.mistakes] + list(d.notes)
    texts += [p.help for p in exercise.params] + [exercise.statement, exercise.title]
    texts += [p.title for p in exercise.panes]
    for view in exercise.views(exercise.inputs()).values():
        texts += list(_shown_strings(view))
        if hasattr(view, "formula_at"):  # the hover text of every cell
            rows, cols = np.atleast_2d(view.matrix).shape
            texts += [view.formula_at(i, j) for i in range(rows) for j in range(cols)]
    return texts


@pytest.mark.parametrize("exercise_id", registry.ids())
def test_prose_is_plain_unicode(exercise_id):
    raw = [t for t in _prose(registry.get(exercise_id)) if RAW.search(t)]
    assert not raw, raw


def test_the_raw_notation_pattern_catches_what_it_should():
    for text in ("e^{−x}", "x_i y_i", "(e^u)′", "cos(z_2)·A_21", "f'(x)", "sigma = 0",
                 r"\sin x"):
        assert RAW.search(text), text
    for text in ("e⁻ˣ", "xᵢyᵢ", "(eᵘ)′", "cos(z₂)·A₂₁", "f′(x)", "σ = 0", "row i"):
        assert not RAW.search(text), text


def test_a_hover_formula_has_subscripts():
    view = registry.get("5.7b").views(registry.get("5.7b").inputs())["jacobian"]
    assert view.formula_at(1, 0) == "cos(z₂)·A₂₁"


def test_notes_on_the_source_have_their_own_section(make_window):
    window = make_window("5.6-g")
    panel = window.math_panel
    labels = [w.text() for w in panel.findChildren(QtWidgets.QLabel)]
    headings = [t for t in labels if t.startswith("<b>")]
    assert "<b>Common mistakes</b>" in headings and "<b>Notes on the source</b>" in headings
    assert headings.index("<b>Notes on the source</b>") > headings.index("<b>Common mistakes</b>")
    assert any("tr(A×B)" in t for t in labels)
    assert r"\operatorname{tr}(A \times B)" not in panel.latex_sources


def test_notes_must_be_a_list_of_text():
    raw = json.loads(Dv.path_of(registry.get("5.6-g")).read_text(encoding="utf-8"))
    assert Dv.from_dict(raw, "5.6-g").notes == tuple(raw["notes"])
