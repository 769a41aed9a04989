"""`python -m explorer derive` and `calc`: the JSON contract, the formula read back by
`calc`, the standalone NumPy function, and one-line errors with exit status 2."""

import json

import numpy as np
import pytest

from explorer.cli import main


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _derive(capsys, *argv):
    code, out, err = _run(capsys, "derive", *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_derive_prints_the_contract(capsys):
    out = _derive(capsys, "x.T@A@x", "--wrt", "x", "--shape", "x=4", "--shape", "A=4x4")
    for key in ("expression", "wrt", "shapes", "inputs", "value", "shape", "derivative",
                "derivative_expr", "derivative_latex", "check", "steps"):
        assert key in out
    assert out["shapes"] == {"A": [4, 4], "x": [4, 1]}
    assert out["shape"] == [1, 4]
    assert np.array(out["derivative"]).shape == (1, 4)
    assert out["check"]["ok"] and out["check"]["points"] >= 3
    assert out["check"]["max_abs_error"] < 1e-6
    assert all(s["mark"] == "✓" for s in out["steps"])


@pytest.mark.parametrize("text, wrt, shapes", [
    ("x.T@A@x", "x", []),
    ("tr(A@X.T@B@X@C)", "X", ["X=4x2", "A=2x2", "B=4x4", "C=2x2"]),
    ("sum(log(exp(-y*(X@w)) + 1))", "w", ["X=5x3", "y=5"]),
    ("tanh(A@x + b)", "x", ["A=4x2", "x=2", "b=4"]),
    ("det(X)", "X", []),
    ("x*sin(a)", "a", ["x=4"]),
])
def test_calc_of_the_derivative_expr_gives_the_derivative(capsys, text, wrt, shapes):
    flags = [f for s in shapes for f in ("--shape", s)]
    out = _derive(capsys, text, "--wrt", wrt, *flags, "--seed", "3")
    sets = [f for name, v in out["inputs"].items() for f in ("--set", f"{name}={json.dumps(v)}")]
    code, printed, err = _run(capsys, "calc", out["derivative_expr"], *sets, "--json")
    assert code == 0, err
    calc = json.loads(printed)
    assert calc["shape"] == out["shape"]
    assert np.allclose(calc["value"], out["derivative"], rtol=1e-12, atol=1e-12)


def test_a_tensor_gives_its_slice_in_terms_of_e_k(capsys):
    out = _derive(capsys, "outer(x, x)", "--wrt", "x", "--shape", "x=3")
    assert "derivative_expr" not in out
    assert out["slice_expr"] == "e_k@x.T + x@e_k.T"
    assert out["slice_unit"] == {"name": "e_k", "shape": [3, 1]}
    sets = [f for name, v in out["inputs"].items() for f in ("--set", f"{name}={json.dumps(v)}")]
    for k in range(3):
        unit = [1.0 if i == k else 0.0 for i in range(3)]
        code, printed, _ = _run(capsys, "calc", out["slice_expr"], *sets,
                                "--set", f"e_k={json.dumps(unit)}", "--json")
        assert code == 0
        assert np.allclose(json.loads(printed)["value"], np.array(out["derivative"])[..., k])


@pytest.mark.parametrize("text, wrt, shapes", [
    ("tanh(A@x + b)", "x", ["A=3x2", "x=2", "b=3"]),
    ("logdet(X)", "X", []),
    ("inv(X)", "X", ["X=2x2"]),  # a tensor: the function loops over the units
    ("[[x], [A@x]]", "x", []),
    ("B@[[x], [x]]", "x", ["B=3x6"]),  # a Jacobian built from its columns
])
def test_numpy_prints_a_standalone_function(capsys, text, wrt, shapes):
    flags = [f for s in shapes for f in ("--shape", s)]
    out = _derive(capsys, text, "--wrt", wrt, *flags)
    code, source, _ = _run(capsys, "derive", text, "--wrt", wrt, *flags, "--numpy")
    assert code == 0
    namespace: dict = {}
    exec(compile(source, "<derivative>", "exec"), namespace)  # our own generated code
    args = {name: np.array(v, dtype=float).reshape(out["shapes"][name])
            for name, v in out["inputs"].items()}
    got = namespace["derivative"](**args)
    assert np.allclose(got, out["derivative"], rtol=1e-12, atol=1e-12)


def test_calc_prints_value_and_shape(capsys):
    code, printed, _ = _run(capsys, "calc", "A@x", "--set", "A=[[1,2],[3,4],[5,6]]",
                            "--set", "x=[1,-1]", "--json")
    assert code == 0
    out = json.loads(printed)
    assert out["value"] == [-1.0, -1.0, -1.0] and out["shape"] == [3]


def test_an_expression_may_start_with_a_minus_sign(capsys):
    out = _derive(capsys, "-x.T@x", "--wrt", "x")
    assert out["derivative_expr"] == "-2*x.T" and out["expression"] == "-x.T@x"
    code, printed, _ = _run(capsys, "calc", "-a", "--set", "a=2")
    assert code == 0 and json.loads(printed) == -2.0


def test_derive_without_json_marks_the_steps(capsys):
    code, printed, _ = _run(capsys, "derive", "logdet(X)", "--wrt", "X")
    assert code == 0
    assert "✓ d(logdet(X)) = tr(inv(X)@dX)" in printed
    assert "∂f/∂X = inv(X).T" in printed


@pytest.mark.parametrize("argv, message", [
    (["derive", "x.T@A", "--wrt", "x", "--shape", "A=4x4"], "x.T@A: 1×3 times 4×4"),
    (["derive", "x + y", "--wrt", "x", "--shape", "y=4"], "3×1 and 4×1 differ"),
    (["derive", "frob(X)", "--wrt", "X"], "logdet, norm1, norm2"),
    (["derive", "x.T@x", "--wrt", "q"], "--wrt 'q'"),
    (["derive", "tr(X)", "--wrt", "X", "--shape", "X=2x3"], "tr needs a square matrix"),
    (["derive", "x.T@x", "--wrt", "x", "--shape", "x=two"], "--shape x"),
    (["derive", "x.T@x", "--wrt", "x", "--shape", "x=4", "--set", "x=[1,2]"],
     "declares 4×1"),
    (["derive", "x.T@x", "--wrt", "x", "--set", "x=[1,"], "--set x"),
    (["derive", "x.T@x", "--wrt", "x", "--set", "x=[1, NaN, 2]"], "finite"),
    (["derive", "log(a)", "--wrt", "a", "--set", "a=-1"], "f is not finite"),
    (["derive", "sqrt(a)", "--wrt", "a", "--set", "a=0"], "∂f/∂a is not finite"),
    (["calc", "inv(A)", "--set", "A=[[1,2],[2,4]]"], "the value is not finite"),
    (["calc", "x.__class__"], "only attribute is .T"),
    (["derive", "outer(x, x)", "--wrt", "x", "--shape", "x=200"], "more than 1000000"),
    # the answer checker's budgets: operations of one evaluation, and the whole check
    (["calc", "A@B", "--shape", "A=1000x1000", "--shape", "B=1000x1000"], "operations"),
    (["derive", "tr(A@X)", "--wrt", "X", "--shape", "X=60x60", "--shape", "A=60x60"],
     "by central differences"),
])
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err
