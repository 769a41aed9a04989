"""A workbench expression as an exercise (core, no display): panes chosen from the shapes,
inputs as `derive` draws them, updates with the compiled programs only, "check my answer"
with its diagnoses, a failed numerical check shown as failed, and the spec sessions keep."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core.check import check_answer
from explorer.core.errors import InputError
from explorer.core.state import ParamState
from explorer.core.views import CurvesView
from explorer.core.views_matrix import CubeView, FactorsView, FieldView, HeatmapView
from explorer.core.workbench import derive
from explorer.core.workbench.check import Check
from explorer.core.workbench.exercise import (
    GROUP,
    Spec,
    WorkbenchExercise,
    build,
    parse_shapes,
)

TRACE = "tr(A@X.T@B@X@C)"


@pytest.fixture(scope="module")
def trace():
    return build(Spec.make(TRACE, "X"))


@pytest.mark.parametrize(("text", "wrt", "shapes", "panes", "types"), [
    ("a^2*sin(a)", "a", None, ["f", "df"], [CurvesView, CurvesView]),
    ("x.T@A@x", "x", {"x": (2, 1), "A": (2, 2)}, ["field", "gradient"],
     [FieldView, HeatmapView]),
    ("sin(A@x + b)", "x", None, ["derivative", "value", "chain"],
     [HeatmapView, HeatmapView, FactorsView]),
    (TRACE, "X", None, ["input", "gradient"], [HeatmapView, HeatmapView]),
    ("x@x.T", "x", None, ["slices", "value"], [CubeView, HeatmapView]),
    ("X@X", "X", None, ["slices", "value"], [CubeView, HeatmapView]),
])
def test_panes_are_chosen_from_the_shapes(text, wrt, shapes, panes, types):
    ex = build(Spec.make(text, wrt, shapes))
    assert [p.name for p in ex.panes] == panes
    views = ex.views(ex.inputs({}))
    assert [type(views[name]) for name in panes] == types
    assert ex.group == GROUP


def test_gradient_beside_its_input_and_numbers_of_the_derivation(trace):
    v = trace.inputs({})
    views = trace.views(v)
    d = derive(TRACE, "X")
    np.testing.assert_allclose(views["input"].matrix, d.problem.inputs["X"])
    np.testing.assert_allclose(views["gradient"].matrix, d.derivative(d.problem.inputs))
    assert "ℝ³ˣ³" in views["gradient"].title and "✓" in views["gradient"].title


def test_inputs_are_drawn_as_derive_draws_them_for_every_seed(trace):
    for seed in (0, 7):
        v = trace.inputs({"seed": seed})
        d = derive(TRACE, "X", seed=seed)
        for name in "ABCX":
            np.testing.assert_array_equal(v[name], d.problem.inputs[name])


def test_an_input_of_the_wrong_shape_is_refused(trace):
    with pytest.raises(InputError, match="3×3"):
        trace.inputs({"X": np.zeros((2, 3))})


def test_updates_use_the_compiled_programs_only(trace, monkeypatch):
    """Dragging an entry re-evaluates the programs compiled once: nothing is parsed,
    derived or compiled per frame."""
    from explorer.core.workbench import compile as C
    from explorer.core.workbench import derivation as D

    def refuse(*_a, **_k):
        raise AssertionError("compiled or derived during an update")

    monkeypatch.setattr(C.Program, "__init__", refuse)
    monkeypatch.setattr(D, "prepare", refuse)
    state = ParamState(trace)
    before = state.views()["gradient"].matrix.copy()
    x = np.array(state.inputs["X"])
    x[0, 0] += 0.5
    state.set("X", x)
    after = state.views()["gradient"].matrix
    assert not np.allclose(before, after)
    a, b, c = (np.asarray(state.inputs[k]) for k in "ABC")
    np.testing.assert_allclose(after, b @ x @ c @ a + b.T @ x @ a.T @ c.T)


def test_the_field_is_kept_while_only_x_moves():
    ex = build(Spec.make("x.T@A@x", "x", {"x": (2, 1), "A": (2, 2)}))
    v = ex.inputs({})
    first = ex.views(v)["field"]
    moved = ex.views({**v, "x": v["x"] + 0.1})["field"]
    assert moved.values is first.values
    assert moved.points[0].x == pytest.approx(v["x"][0] + 0.1)
    other = ex.views({**v, "A": v["A"] + 1.0})["field"]
    assert other.values is not first.values


def test_the_chain_factors_multiply_to_the_derivative():
    ex = build(Spec.make("sin(A@x + b)", "x"))
    v = ex.inputs({})
    chain = ex.views(v)["chain"]
    outer, inner, result = (term.matrix for term in chain.terms)
    z = v["A"] @ v["x"] + v["b"]
    np.testing.assert_allclose(outer, np.diag(np.cos(z)))
    np.testing.assert_allclose(inner, v["A"])
    np.testing.assert_allclose(outer @ inner, result)


def test_a_tensor_is_shown_slice_by_slice():
    ex = build(Spec.make("x@x.T", "x"))
    v = ex.inputs({"k": 2})
    view = ex.views(v)["slices"]
    x = v["x"].reshape(-1, 1)
    e = np.zeros((3, 1))
    e[1] = 1.0
    np.testing.assert_allclose(view.slice, e @ x.T + x @ e.T)
    assert len(view.multiples) == 3


def test_check_my_answer_gives_the_diagnoses(trace):
    right = "B@X@C@A + B.T@X@A.T@C.T"
    assert check_answer(trace, right)["verdict"] == "correct"
    assert check_answer(trace, f"({right}).T")["kind"] == "transpose"
    assert check_answer(trace, f"2*({right})")["kind"] == "factor"
    term = check_answer(trace, "B@X@C@A")
    assert term["kind"] == "term" and "B.T@X@A.T@C.T" in term["reason"]
    assert check_answer(trace, "B@X@C@A@outer(diag(eye(3)), diag(eye(2)))")["kind"] == "shape"
    vector = build(Spec.make("x.T@A@x", "x"))
    assert check_answer(vector, "(A + A.T)@x")["kind"] == "transpose"
    assert check_answer(vector, "x.T@A")["kind"] == "term"  # x.T@(A + A.T) multiplied out


def test_a_failed_numerical_check_is_shown_as_failed():
    d = derive(TRACE, "X")
    d.check = Check(0.5, 1e-5, 3, False)
    ex = WorkbenchExercise(Spec.make(TRACE, "X"), d)
    assert ex.check_text().startswith("✗") and "FAILED" in ex.check_text()
    view = ex.views(ex.inputs({}))["gradient"]
    assert "FAILED" in view.title and "✓" not in view.title
    assert "FAILED" in view.note


def test_outside_the_domain_is_a_problem_of_the_state():
    ex = build(Spec.make("sum(log(x))", "x"))
    state = ParamState(ex)
    assert state.problem == ""
    state.set("x", np.array([-1.0, 1.0, 1.0]))
    assert "not finite" in state.problem
    assert "not finite" in state.views()["gradient"].note


def test_spec_round_trip_and_ids():
    spec = Spec.make(" x.T@A@x ", "x", {"x": (4, 1), "A": (4, 4), "h": (3, 1)})
    assert spec.shapes == (("A", (4, 4)), ("x", (4, 1)))  # h has its default size
    assert Spec.from_json(spec.as_json()) == spec
    assert spec.id == Spec.make("x.T@A@x", "x", {"A": (4, 4), "x": (4, 1)}).id
    assert spec.id != Spec.make("x.T@A@x", "x").id
    assert parse_shapes("x=4, A=4x4") == {"x": (4, 1), "A": (4, 4)}


@pytest.mark.parametrize("raw", [
    None, [], {"expression": "", "wrt": "x"}, {"expression": "x", "wrt": "1x"},
    {"expression": "x", "wrt": "x", "shapes": {"x": [0, 1]}},
    {"expression": "x", "wrt": "x", "shapes": {"x": [True, 1]}},
    {"expression": "x", "wrt": "x", "shapes": {"x": [10**6, 10**6]}},
    {"expression": "x" * 600, "wrt": "x"}, {"expression": "x", "wrt": "x", "run": 1},
])
def test_a_malformed_spec_is_refused(raw):
    with pytest.raises(InputError):
        Spec.from_json(raw)


def test_a_session_keeps_the_expressions_and_their_parameters():
    from explorer.core import session as S

    spec = Spec.make(TRACE, "X")
    doc = S.to_document(spec.id, {spec.id: {"seed": 3}}, [spec])
    doc["expressions"].append({"expression": "x", "wrt": 7})
    current, given, warnings = S.parse_text(S.dumps(doc))
    assert current == spec.id and given == {spec.id: {"seed": 3}}
    assert warnings == ["expression 2 skipped: 'wrt' must be a name"]
    assert S.expressions_in(S.dumps(doc))[0] == [spec]
    assert S.expressions_in("{not json") == ([], [])


def test_a_tensor_of_a_matrix_is_checked_slice_by_slice_with_e_kl():
    ex = build(Spec.make("X@X", "X"))
    assert check_answer(ex, "E_kl@X + X@E_kl")["verdict"] == "correct"
    missing = check_answer(ex, "E_kl@X")
    assert missing["kind"] == "term" and "X@E_kl" in missing["reason"]
    assert "E_kl" in check_answer(ex, "X@X")["reason"]
    vector = build(Spec.make("A@X@x", "X"))  # a vector of a matrix: slices are columns
    assert check_answer(vector, "A@E_kl@x")["verdict"] == "correct"
    assert check_answer(vector, "A@E_kl.T@x")["verdict"] == "wrong"


def test_a_large_expression_draws_fewer_points_instead_of_freezing():
    from explorer.core.workbench import views as V

    big = build(Spec.make("a*sum(y)", "a", {"y": (200_000, 1)}))
    f = big.views(big.inputs({}))["f"]
    assert 2 <= len(f.curves[0].x) <= V.STACK_ENTRIES // 200_000
    plane = build(Spec.make("x.T@x + sum(outer(x, y))", "x", {"x": (2, 1), "y": (400_000, 1)}))
    assert plane.views(plane.inputs({}))["field"].values.size == 0  # said, not drawn
    small = build(Spec.make("x.T@x", "x", {"x": (2, 1)}))
    assert small.views(small.inputs({}))["field"].values.shape == (V.FIELD_SAMPLES,) * 2


def test_answers_are_checked_inside_the_domain():
    logs = build(Spec.make("sum(log(A))", "A"))  # log of every entry: all must be positive
    assert check_answer(logs, "1/A")["verdict"] == "correct"
    logdet = build(Spec.make("logdet(X)", "X"))
    assert check_answer(logdet, "inv(X).T")["verdict"] == "correct"
    assert check_answer(logdet, "inv(X)")["kind"] == "transpose"


def test_no_point_inside_the_domain_is_a_verdict_not_an_error(monkeypatch):
    ex = build(Spec.make(TRACE, "X"))
    monkeypatch.setattr(type(ex), "compute", lambda self, v: {
        "value": np.nan, "derivative": np.full((3, 3), np.nan)})
    verdict = check_answer(ex, "X")
    assert verdict["verdict"] == "invalid" and verdict["kind"] == "unavailable"
