"""The workbench's core: names and shapes, the formulas it prints (read back by the
parser), the steps, random inputs in the functions' domains, the Jacobian read by
columns where the trace rules stop, a wrong derivative reported as failed, and
re-evaluation at other inputs with NumPy only."""

import numpy as np
import pytest

from explorer.core.errors import InputError
from explorer.core.expr import parse
from explorer.core.workbench import calc, derivation, derive, prepare
from explorer.core.workbench import names as N
from explorer.core.workbench.identify import Identified
from explorer.core.workbench.printing import to_latex, to_text


def test_default_shapes_follow_the_first_letter():
    assert N.default_shape("a") == (1, 1) and N.default_shape("g2") == (1, 1)
    assert N.default_shape("h") == (3, 1) and N.default_shape("omega") == (3, 1)
    assert N.default_shape("A") == (3, 3) and N.default_shape("Sigma") == (3, 3)


@pytest.mark.parametrize("spec, expected", [("x=4", ("x", (4, 1))), ("A=2x4", ("A", (2, 4))),
                                            ("a=1", ("a", (1, 1))), ("B = 2×3", ("B", (2, 3)))])
def test_shape_specs(spec, expected):
    assert N.parse_shape(spec) == expected


def test_a_set_value_gives_its_shape():
    p = prepare("A@x", values={"x": np.ones((2, 1))}, shapes={"A": (5, 2)})
    assert p.shapes == {"A": (5, 2), "x": (2, 1)}


@pytest.mark.parametrize("text, shapes", [
    ("0.5*x.T@A@x - (b - 2)^-1", {}),
    ("-x^2 + a*(y - z)/(1 + exp(-x))", {}),
    ("tr(A@B.T)^2 - det(A)*logdet(B)", {}),
    ("(A@x).T@(B - C)@sigmoid(y)", {}),
    ("outer(x, y) @ inv(A) * 2", {}),
    ("norm1(x) + norm2(A) - sum(relu(y))", {}),
    ("-(A@x) + -(x*y) - a*(B@x) - (x - y)", {}),
])
def test_printed_formulas_read_back_to_the_same_value(text, shapes):
    p = prepare(text, shapes, seed=1)
    again = parse(to_text(p.tree), p.shapes)
    assert np.allclose(np.ravel(again.evaluate(p.inputs)),
                       np.ravel(calc(text, shapes, seed=1)["value"]))
    assert to_latex(p.tree)


def test_steps_name_the_rules_and_are_checked():
    r = derive("log(det(inv(X)))", "X")
    rules = [s.rule for s in r.steps]
    assert "d X⁻¹ = −X⁻¹ dX X⁻¹" in rules and "d det X = det X · tr(X⁻¹dX)" in rules
    assert rules[-3:-1] == ["the differential", "trace cyclicity and transposes: df = tr(M dX)"]
    assert rules[-1].startswith("identification")
    assert all(s.ok and s.max_abs_error < 1e-6 for s in r.steps)
    assert r.as_json()["derivative_expr"] == "-inv(X).T"


def test_the_trace_form_is_a_checked_step():
    r = derive("tr(A@X)", "X", {"A": (2, 3), "X": (3, 2)})
    assert r.steps[-2].formula == "df = tr(A@dX)" and r.steps[-2].ok
    assert r.steps[-1].formula == "∂f/∂X = A.T"


def test_inputs_under_logdet_are_drawn_in_the_domain():
    for seed in range(20):
        x = prepare("logdet(X) + log(y).T@y", seed=seed).inputs
        assert np.linalg.det(x["X"]) > 0 and not np.allclose(x["X"], x["X"].T)
        assert np.all(x["y"] > 0)


def test_stacked_blocks_give_the_jacobian_by_blocks():
    r = derive("[[x], [A@x], [x.T@x]]", "x")
    out = r.as_json()
    assert out["shape"] == [7, 3] and out["derivative_expr"] == "[[eye(3)], [A], [2*x.T]]"
    assert r.check.ok


def test_a_jacobian_the_trace_rules_cannot_read_is_built_from_columns():
    r = derive("B@[[x], [x]]", "x", {"B": (3, 6)})  # blocks holding dx, inside a product
    out = r.as_json()
    assert out["shape"] == [3, 3] and "derivative_expr" not in out
    assert out["slice_expr"] == "B@[[e_k], [e_k]]"
    b = r.problem.inputs["B"]
    assert np.allclose(r.derivative(r.problem.inputs), b[:, :3] + b[:, 3:])
    assert r.check.ok


def test_a_wrong_derivative_is_reported_as_failed(monkeypatch):
    real = derivation.identify

    def wrong(df, f_shape, x):  # the right formula, doubled
        from explorer.core.workbench import tree as t

        right = real(df, f_shape, x)
        return Identified(t.mul(t.const(2), right.formula), None, None, right.how)

    monkeypatch.setattr(derivation, "identify", wrong)
    r = derive("x.T@A@x", "x")
    assert not r.check.ok and r.check.max_abs_error > 0.1
    assert not r.steps[-1].ok and r.steps[-1].as_json()["mark"] == "✗"
    assert r.as_json()["check"]["ok"] is False


def test_a_wrong_derivative_exits_1_on_the_command_line(monkeypatch, capsys):
    from explorer.cli import main

    monkeypatch.setattr(derivation, "identify",
                        lambda df, f_shape, x: Identified(x, None, None, "wrong"))
    assert main(["derive", "sin(x)", "--wrt", "x", "--shape", "x=1"]) == 1
    out, err = capsys.readouterr()
    assert "✗ FAILED" in out and "check failed" in err


def test_no_finite_point_is_not_a_pass(monkeypatch):
    with pytest.raises(InputError, match="not finite"):
        derive("log(-exp(x))", "x", {"x": (1, 1)})
    monkeypatch.setattr(derivation, "_finite", lambda a, what: None)
    r = derive("log(-exp(x))", "x", {"x": (1, 1)})
    assert not r.check.ok and r.check.points == 0


def test_evaluate_at_other_inputs_with_numpy_only():
    r = derive("tanh(A@x + b)", "x", {"A": (4, 2), "x": (2, 1), "b": (4, 1)})
    other = prepare("tanh(A@x + b)", {"A": (4, 2), "x": (2, 1), "b": (4, 1)}, seed=7).inputs
    value, jac = r.evaluate(other)
    z = other["A"] @ other["x"] + other["b"]
    assert np.allclose(value, np.tanh(z))
    assert np.allclose(jac, np.diag(1 - np.tanh(z[:, 0]) ** 2) @ other["A"])


def test_the_derivative_budget():
    with pytest.raises(InputError, match="more than"):
        derive("A@X", "X", {"A": (40, 40), "X": (40, 40)})  # 40⁴ entries


def test_a_name_may_be_declared_without_appearing():
    r = derive("x.T@x", "y", {"y": (2, 1)})
    assert r.shape == (1, 2) and np.all(r.derivative(r.problem.inputs) == 0) and r.check.ok


@pytest.mark.parametrize("text, wrt, shapes", [
    ("0.5*x.T@A@x", "x", {}),
    ("norm1(x)/sqrt(abs(a)) + relu(b)", "a", {}),
    ("sum(log(exp(-y*(X@w)) + 1))", "w", {"X": (4, 3), "y": (4, 1)}),
    ("log(det(inv(X)))", "X", {}),
    ("inv(X)", "X", {}),
    ("[[x], [A@x], [x.T@x]]", "x", {}),
    ("sum(x/y)^2 - norm2(S)", "y", {}),
])
def test_the_latex_typesets(text, wrt, shapes):
    import warnings

    out = derive(text, wrt, shapes).as_json()
    formulas = [s["latex"] for s in out["steps"]]
    formulas.append(out.get("derivative_latex") or out["slice_latex"])
    with warnings.catch_warnings():
        # ziamath loads its font with importlib.resources.path, deprecated since 3.11
        warnings.simplefilter("ignore", DeprecationWarning)
        import ziamath

        for latex in formulas:
            assert "<svg" in ziamath.Latex(latex).svg()


def test_terms_sharing_a_first_factor_are_grouped():
    out = derive("x.T@A@x + norm2(x)^2", "x").as_json()
    assert out["derivative_expr"] == "x.T@(A.T + A) + 2*x.T"
