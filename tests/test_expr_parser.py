"""The safe answer parser: what it accepts, what it refuses, and that it never does more."""


import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.expr import MAX_LENGTH, EvalError, ParseError, parse


def ev(text, **values):
    return parse(text, list(values)).evaluate(values)


# --- the syntax -------------------------------------------------------------------------


def test_caret_is_a_power_with_the_precedence_of_a_power():
    # Python's ^ would bind looser than +; here x^2+1 is (x^2)+1 and 2*x^3 is 2*(x^3).
    assert ev("x^2+1", x=3.0)[0, 0] == 10.0
    assert ev("2*x^3", x=2.0)[0, 0] == 16.0
    assert ev("x**2", x=3.0)[0, 0] == ev("x^2", x=3.0)[0, 0]
    assert ev("x^-1", x=4.0)[0, 0] == 0.25


def test_vectors_are_columns_and_transpose_and_matmul_work():
    x = np.array([1.0, 2.0, 3.0])
    assert ev("x", x=x).shape == (3, 1)
    assert ev("x.T", x=x).shape == (1, 3)
    assert ev("x.T@x", x=x)[0, 0] == 14.0
    assert ev("x@x.T", x=x).shape == (3, 3)


def test_one_by_one_acts_as_a_scalar():
    x = np.array([1.0, 2.0])
    got = ev("2*x.T/(1+x.T@x)", x=x)
    np.testing.assert_allclose(got, 2 * x[None, :] / 6)
    np.testing.assert_allclose(ev("(x.T@x)@x.T", x=x), 5 * x[None, :])


def test_matrix_functions():
    rng = np.random.default_rng(1)
    A, x, b = rng.normal(size=(3, 2)), rng.normal(size=2), rng.normal(size=3)
    np.testing.assert_allclose(ev("diag(cos(A@x+b))@A", A=A, x=x, b=b),
                               np.diag(np.cos(A @ x + b)) @ A)
    S = rng.normal(size=(3, 3)) + 3 * np.eye(3)
    np.testing.assert_allclose(ev("inv(S)@S", S=S), np.eye(3), atol=1e-12)
    assert ev("tr(S)", S=S)[0, 0] == pytest.approx(np.trace(S))
    np.testing.assert_allclose(ev("diag(S)", S=S), np.diag(S)[:, None])
    np.testing.assert_allclose(ev("outer(b, x)", b=b, x=x), np.outer(b, x))
    np.testing.assert_allclose(ev("eye(3)"), np.eye(3))
    assert ev("sigmoid(x)", x=-1000.0)[0, 0] == 0.0  # stable, no overflow warning
    assert ev("sech(x)", x=0.0)[0, 0] == 1.0


def test_blocks():
    x, y = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    np.testing.assert_allclose(ev("[y.T, x.T]", x=x, y=y), [[3, 4, 1, 2]])
    np.testing.assert_allclose(ev("[[x], [y]]", x=x, y=y), [[1], [2], [3], [4]])
    with pytest.raises(EvalError, match="blocks"):
        ev("[x, y.T]", x=x, y=y)


def test_non_conformable_products_are_evaluation_errors_with_shapes():
    with pytest.raises(EvalError, match="2×3 @ 2×3"):
        ev("A@A", A=np.ones((2, 3)))
    with pytest.raises(EvalError, match="element-wise"):
        ev("x*x.T", x=np.ones(3))
    with pytest.raises(EvalError, match="singular"):
        ev("inv(A)", A=np.zeros((2, 2)))


def test_constants_and_sympy():
    X = sp.Symbol("x", real=True)
    e = parse("4*sin(x^3)/x + 3*x^2*cos(x^3)*log(x^4) + pi + e", ["x"]).to_sympy({"x": X})
    want = 4 * sp.sin(X**3) / X + 3 * X**2 * sp.cos(X**3) * sp.log(X**4) + sp.pi + sp.E
    assert sp.simplify(e - want) == 0


# --- refusals --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "message", "position"), [
    ("x +* 2", "syntax", 3),
    ("sin(x", "never closed", 3),
    ("y + 1", "unknown name 'y'", 0),
    ("x + foo(x)", "'foo' is not a known function", 4),
    ("sin", "is a function", 0),
    ("x.T.shape", ".shape", 3),
    ("x if x else 1", "if/else", 0),
    ("x[0]", "indexing", 0),
    ("x < 1", "comparison", 0),
    ("'x'", "only numbers", 0),
    ("1j", "only numbers", 0),
    ("True", "only numbers", 0),
    ("", "empty", 0),
    ("sin(x, x)", "takes 1 argument", 0),
    ("sin(x=1)", "keyword", 0),
    ("x^1000", "exponent is too large", 0),
    ("1e999 * x", "too large", 0),
    ("1/0 + x", "division by zero", 0),
    ("(x,)", "tuple", 0),
])
def test_refused_with_reason_and_position(text, message, position):
    with pytest.raises(ParseError, match=message) as info:
        parse(text, ["x"])
    assert info.value.position == position


HOSTILE = [
    "__import__('os').system('echo hi')",
    "x.__class__.__bases__",
    "().__class__.__base__.__subclasses__()",
    "__builtins__",
    "_x",
    "import os",
    "lambda: 0",
    "[c for c in 'abc']",
    "{k: 1 for k in x}",
    "(y := 3)",
    "eval('1')",
    "open('/etc/passwd')",
    "x.T.__dict__",
    "9**9**9**9",
    "9^9^9^9",
    "(((x^100)^100)^100)^100 + 10^10^10",
    "(" * 5000 + "x" + ")" * 5000,
    "-" * 1900 + "x",
    "x" + "+x" * 999,
    "a" * 1_000_000,
    "\x00",
    "\ud800",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_refused(text):
    with pytest.raises(ParseError):
        parse(text, ["x"])


def test_long_but_flat_sums_are_fine():
    assert ev("+".join(["x"] * 150), x=1.0)[0, 0] == 150


def test_length_limit():
    with pytest.raises(ParseError, match="too long"):
        parse("x" * (MAX_LENGTH + 1), ["x"])


@settings(max_examples=300, deadline=1000)
@given(st.text(max_size=60))
def test_fuzz_any_text_is_an_expression_or_a_parse_error(text):
    try:
        e = parse(text, ["x", "A"])
    except ParseError as exc:
        assert 0 <= exc.position <= len(text)
        return
    try:
        e.evaluate({"x": np.array([0.5, 1.5]), "A": np.eye(2)})
    except EvalError:
        pass


_ATOMS = st.sampled_from(["x", "A", "x.T", "2", "0.5", "pi", "e", "sin(x)", "diag(x)",
                          "tr(A)", "inv(A)", "[x.T, x.T]", "eye(2)", "exp(x)", "-1"])
_OPS = st.sampled_from(["+", "-", "*", "/", "@", "^", "**"])


@settings(max_examples=300, deadline=1000)
@given(st.lists(st.tuples(_ATOMS, _OPS), min_size=1, max_size=8), _ATOMS)
def test_fuzz_well_formed_expressions_evaluate_or_fail_cleanly(pairs, last):
    text = "".join(a + op for a, op in pairs) + last
    try:
        e = parse(text, ["x", "A"])
    except ParseError:
        return  # e.g. an exponent that folds to a huge constant
    try:
        out = e.evaluate({"x": np.array([0.5, 1.5]), "A": np.array([[2.0, 1.0], [0.5, 3.0]])})
    except EvalError:
        return
    assert out.ndim == 2
