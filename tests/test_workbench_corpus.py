"""The workbench's corpus: each derivative is compared with its textbook formula (written
here in NumPy) and with central differences computed here, in numerator layout, at
several random points and shapes (non-square included); and every built-in exercise,
typed as an expression, gives the exercise's own derivative."""

import json

import numpy as np
import pytest

from explorer.core import registry
from explorer.core.workbench import derive


def _inv(a):
    return np.linalg.inv(a)


def _sig(a):
    return 1.0 / (1.0 + np.exp(-a))


# text, wrt, shapes, the derivative in numerator layout from the values (2-D arrays)
CORPUS = [
    ("0.5*x.T@A@x", "x", {"x": (4, 1), "A": (4, 4)},
     lambda v: 0.5 * v["x"].T @ (v["A"] + v["A"].T)),
    ("A@exp(x)", "x", {"x": (3, 1), "A": (5, 3)},
     lambda v: v["A"] @ np.diag(np.exp(v["x"][:, 0]))),
    ("(y*v).T@x", "x", {"x": (4, 1), "y": (4, 1), "v": (4, 1)},
     lambda v: (v["y"] * v["v"]).T),
    ("norm2(A@x - y)^2", "x", {"x": (3, 1), "A": (5, 3), "y": (5, 1)},
     lambda v: 2 * (v["A"] @ v["x"] - v["y"]).T @ v["A"]),
    ("sum(log(exp(-y*(X@w)) + 1))", "w", {"X": (6, 3), "y": (6, 1), "w": (3, 1)},
     lambda v: (-v["y"] * _sig(-v["y"] * (v["X"] @ v["w"]))).T @ v["X"]),
    ("tr(A@X.T@B@X@C)", "X", {"A": (2, 2), "X": (4, 2), "B": (4, 4), "C": (2, 2)},
     lambda v: v["B"].T @ v["X"] @ v["A"].T @ v["C"].T + v["B"] @ v["X"] @ v["C"] @ v["A"]),
    ("log(det(inv(X)))", "X", {"X": (3, 3)}, lambda v: -_inv(v["X"]).T),
    ("tr(A@X)", "X", {"A": (2, 4), "X": (4, 2)}, lambda v: v["A"].T),
    ("det(X)", "X", {"X": (4, 4)}, lambda v: np.linalg.det(v["X"]) * _inv(v["X"]).T),
    ("logdet(X)", "X", {"X": (3, 3)}, lambda v: _inv(v["X"]).T),
    ("x.T@inv(S)@x", "S", {"x": (3, 1), "S": (3, 3)},
     lambda v: -_inv(v["S"]).T @ v["x"] @ v["x"].T @ _inv(v["S"]).T),
    ("x.T@inv(S)@x", "x", {"x": (3, 1), "S": (3, 3)},
     lambda v: v["x"].T @ (_inv(v["S"]) + _inv(v["S"]).T)),
    ("outer(x, x)", "x", {"x": (3, 1)},
     lambda v: np.einsum("ik,j->ijk", np.eye(3), v["x"][:, 0])
     + np.einsum("i,jk->ijk", v["x"][:, 0], np.eye(3))),
    ("tanh(A@x + b)", "x", {"A": (4, 2), "x": (2, 1), "b": (4, 1)},
     lambda v: np.diag(1 - np.tanh(v["A"] @ v["x"] + v["b"])[:, 0] ** 2) @ v["A"]),
    ("sigmoid(w.T@x)", "w", {"w": (3, 1), "x": (3, 1)},
     lambda v: (_sig(v["w"].T @ v["x"]) * (1 - _sig(v["w"].T @ v["x"]))) * v["x"].T),
    ("inv(X)", "X", {"X": (3, 3)},
     lambda v: -np.einsum("ik,lj->ijkl", _inv(v["X"]), _inv(v["X"]))),
]


def _layout(f, x):
    """Central differences of f (2-D → 2-D) at x, in numerator layout."""
    f0 = f(x)
    h = 1e-6
    out = np.zeros(f0.shape + x.shape)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        out[(..., *idx)] = (f(x + step) - f(x - step)) / (2 * h)
    f_dims = () if f0.shape == (1, 1) else (f0.shape[0],) if f0.shape[1] == 1 else f0.shape
    x_dims = () if x.shape == (1, 1) else (x.shape[0],) if x.shape[1] == 1 else x.shape
    if f_dims == () and len(x_dims) == 1:
        return out.reshape(1, -1)
    return out.reshape(f_dims + x_dims)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("text, wrt, shapes, formula", CORPUS,
                         ids=[f"{c[0]} d{c[1]}" for c in CORPUS])
def test_corpus(text, wrt, shapes, formula, seed):
    result = derive(text, wrt, shapes, seed=seed)
    v = result.problem.inputs
    got = result.derivative(v)
    expected = np.asarray(formula(v))
    assert got.shape == tuple(result.shape)
    assert np.allclose(got, expected.reshape(got.shape), rtol=1e-9, atol=1e-9)
    numeric = _layout(lambda x: result.value({**v, wrt: x}), v[wrt])
    assert np.allclose(got, numeric, rtol=1e-5, atol=1e-6)
    assert result.check.ok and result.check.points >= 3
    assert all(s.ok for s in result.steps)
    out = result.as_json()
    assert ("derivative_expr" in out) == (len(result.shape) <= 2)


def test_corpus_layouts():
    shapes = {c[0] + c[1]: derive(c[0], c[1], c[2]).shape for c in CORPUS}
    assert shapes["0.5*x.T@A@xx"] == (1, 4)  # scalar of a vector: a row
    assert shapes["A@exp(x)x"] == (5, 3)  # m×n
    assert shapes["tr(A@X)X"] == (4, 2)  # scalar of a matrix: X's shape
    assert shapes["outer(x, x)x"] == (3, 3, 3)
    assert shapes["inv(X)X"] == (3, 3, 3, 3)
    assert derive("x*a", "a", {"x": (4, 1)}).shape == (4,)  # vector of a scalar
    assert derive("A@X", "X", {"A": (2, 3), "X": (3, 4)}).shape == (2, 4, 3, 4)
    assert derive("X@x", "X", {"X": (2, 3)}).shape == (2, 2, 3)  # vector of a matrix


# --- the fifteen exercises typed as expressions -------------------------------------------
Z = "(m + exp(omega)*eps)"  # 5.9's z = t(ε, ν)
EXERCISES = {
    # id: (expression, names to differentiate with respect to, in order)
    "5.1": ("log(x^4)*sin(x^3)", ["x"]),
    "5.2": ("sigmoid(x)", ["x"]),
    "5.3": ("exp(-(x - mu)^2/(2*sigma^2))", ["x"]),
    # 5.4: the derivative of sin x + cos x only; its Taylor polynomials are a series of
    # the function, not a derivative the workbench gives.
    "5.4": ("sin(x) + cos(x)", ["x"]),
    # x₁ and x₂ picked out by the unit columns u and v (the syntax has no indexing)
    "5.5-f1": ("sin(u.T@x)*cos(v.T@x)", ["x"]),
    "5.5-f2": ("x.T@y", ["x", "y"]),  # the stacked [yᵀ, xᵀ]
    "5.5-f3": ("outer(x, x)", ["x"]),
    "5.6-f": ("sin(log(t.T@t))", ["t"]),
    "5.6-g": ("tr(A@X@B)", ["X"]),
    "5.7a": ("log(1 + x.T@x)", ["x"]),
    "5.7b": ("sin(A@x + b)", ["x"]),
    "5.8a": ("exp(-0.5*(x - mu).T@inv(S)@(x - mu))", ["x"]),
    "5.8b": ("tr(x@x.T + sigma^2*eye({D}))", ["x"]),
    "5.8c": ("tanh(A@x + b)", ["x"]),
    # 5.9: the derivative of g for the given ε only, w.r.t. ν = (m, ω); the Monte-Carlo
    # estimates of the expected gradient are sampling, not derivation.
    "5.9": (f"sum(-log(2*pi) - 0.5*{Z}^2 - 0.5*(x - {Z})^2)"
            f" - sum(-0.5*log(2*pi) - omega - 0.5*(({Z} - m)/exp(omega))^2)", ["m", "omega"]),
}


def test_every_exercise_has_an_expression():
    assert set(EXERCISES) == set(registry.ids())


def _as_2d(value):
    a = np.asarray(value, dtype=float)
    return a.reshape(1, 1) if a.ndim == 0 else a.reshape(-1, 1) if a.ndim == 1 else a


@pytest.mark.parametrize("exercise_id", registry.ids())
def test_exercise_as_an_expression(exercise_id):
    ex = registry.get(exercise_id)
    truth = json.loads(json.dumps(ex.evaluate(ex.inputs_from_text({}))))
    inputs = truth["inputs"]
    text, wrts = EXERCISES[exercise_id]
    text = text.format(**inputs)
    values = {name: _as_2d(v) for name, v in inputs.items() if name in _names(text)}
    if exercise_id == "5.5-f1":
        values |= {"u": np.array([[1.0], [0.0]]), "v": np.array([[0.0], [1.0]])}
    results = [derive(text, w, values=values) for w in wrts]
    for r in results:
        assert r.check.ok, (exercise_id, r.check)
    value = results[0].value(results[0].problem.inputs)
    assert np.allclose(np.ravel(value), np.ravel(truth["value"]), rtol=1e-9, atol=1e-12)
    got = [r.derivative(r.problem.inputs) for r in results]
    expected = np.asarray(truth["derivative"], dtype=float)
    if len(got) > 1:  # derivatives w.r.t. several names, side by side
        got = np.concatenate([np.reshape(g, (1, -1)) for g in got], axis=1)
    else:
        got = got[0]
    if expected.ndim == 3:  # 5.5-f3: slice by slice, ∂f/∂x_k
        for k in range(expected.shape[-1]):
            assert np.allclose(got[..., k], expected[..., k], rtol=1e-9, atol=1e-12)
    assert np.allclose(np.reshape(got, expected.shape), expected, rtol=1e-9, atol=1e-12)


def _names(text):
    from explorer.core.expr import parse

    return parse(text).names
