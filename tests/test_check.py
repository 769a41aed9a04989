""""Check my answer": a corpus of right answers in different forms and of wrong ones, each
with its expected verdict, per exercise; the CLI's exit codes; hostile input refused."""

import json
import subprocess
import sys

import pytest

from explorer.core import registry
from explorer.core.check import answer_curves, check_answer

# id → [(answer, expected kind)]; kind "correct" means verdict correct.
CORPUS = {
    "5.1": [
        ("4*sin(x^3)/x + 3*x^2*cos(x^3)*log(x^4)", "correct"),
        ("3*x**2*cos(x**3)*log(x**4) + 4*sin(x**3)/x", "correct"),
        ("4*sin(x^3)*x^-1 + 12*x^2*cos(x^3)*log(abs(x))", "correct"),
        ("(4*x^3/x^4)*sin(x^3) + log(x^4)*cos(x^3)*3*x^2", "correct"),
        ("2*(4*sin(x^3)/x + 3*x^2*cos(x^3)*log(x^4))", "factor"),
        ("-4*sin(x^3)/x - 3*x^2*cos(x^3)*log(x^4)", "factor"),
        ("4*sin(x^3)/x", "term"),
        ("3*x^2*cos(x^3)*log(x^4)", "term"),
        ("4*sin(x^3)/x - 3*x^2*cos(x^3)*log(x^4)", "term"),
        ("sin(x^3)/x^4 + 3*x^2*cos(x^3)*log(x^4)", "known_mistake"),
        ("4/x*3*x^2*cos(x^3)", "known_mistake"),
        ("cos(x^3)", "wrong"),
    ],
    "5.2": [
        ("exp(-x)/(1+exp(-x))^2", "correct"),
        ("sigmoid(x)*(1-sigmoid(x))", "correct"),
        ("1/(exp(x/2)+exp(-x/2))^2", "correct"),
        ("1/(4*cosh(x/2)^2)", "correct"),
        ("sech(x/2)^2/4", "correct"),
        ("-exp(-x)/(1+exp(-x))^2", "known_mistake"),
        ("exp(-x)/(1+exp(-x))", "known_mistake"),
        ("sigmoid(x)*(1-sigmoid(x))/2", "factor"),
        ("sigmoid(x)", "wrong"),
    ],
    "5.3": [
        ("-(x-mu)/sigma^2*exp(-(x-mu)^2/(2*sigma^2))", "correct"),
        ("(mu-x)*exp(-(x-mu)**2/(2*sigma**2))/sigma**2", "correct"),
        ("-(x-mu)/(2*sigma^2)*exp(-(x-mu)^2/(2*sigma^2))", "known_mistake"),
        ("(x-mu)/sigma^2*exp(-(x-mu)^2/(2*sigma^2))", "known_mistake"),
        ("-(x-mu)/sigma^2*exp(-(x-mu)^2/(2*sigma^2))*3", "factor"),
        ("-(x-mu)/sigma*exp(-(x-mu)^2/(2*sigma^2))", "wrong"),
    ],
    "5.4": [
        ("cos(x) - sin(x)", "correct"),
        ("sqrt(2)*cos(x + pi/4)", "correct"),
        ("sin(x) - cos(x)", "known_mistake"),
        ("2*(cos(x) - sin(x))", "factor"),
        ("cos(x)", "wrong"),
    ],
    "5.5-f1": [
        ("[cos(x1)*cos(x2), -sin(x1)*sin(x2)]", "correct"),
        ("[cos([1,0]@x)*cos([0,1]@x), -sin([1,0]@x)*sin([0,1]@x)]", "correct"),
        ("[[cos(x1)*cos(x2)], [-sin(x1)*sin(x2)]]", "transpose"),
        ("[cos(x1)*cos(x2), sin(x1)*sin(x2)]", "known_mistake"),
        ("cos(x1)*cos(x2)", "shape"),
    ],
    "5.5-f2": [
        ("[y.T, x.T]", "correct"),
        ("[y, x].T", "shape"),  # blocks of columns do not stack side by side as rows
        ("[[y], [x]].T", "correct"),
        ("[x.T, y.T]", "known_mistake"),
        ("y.T", "known_mistake"),
        ("[[y], [x]]", "known_mistake"),
        ("2*[y.T, x.T]", "factor"),
    ],
    "5.5-f3": [
        ("e_k@x.T + x@e_k.T", "correct"),
        ("outer(e_k, x) + outer(x, e_k)", "correct"),
        ("x@e_k.T", "known_mistake"),
        ("2*(e_k@x.T + x@e_k.T)", "factor"),
        ("2*x", "shape"),
    ],
    "5.6-f": [
        ("2*cos(log(t.T@t))/(t.T@t)*t.T", "correct"),
        ("2*t.T*cos(log(u))/u", "correct"),
        ("cos(log(tr(t@t.T)))*2*t.T/tr(t@t.T)", "correct"),
        ("2*cos(log(t.T@t))/(t.T@t)*t", "known_mistake"),
        ("cos(log(t.T@t))/(t.T@t)*t.T", "known_mistake"),
        ("2*cos(log(t.T@t))*t.T", "known_mistake"),
        ("sin(log(t.T@t))*t.T", "wrong"),
    ],
    "5.6-g": [
        ("A.T@B.T", "correct"),
        ("(B@A).T", "correct"),
        ("B.T@A.T", "known_mistake"),
        ("B@A", "known_mistake"),
        ("A.T@B.T/2", "factor"),
        ("A@X@B", "shape"),
        ("X", "wrong"),
    ],
    "5.7a": [
        ("2*x.T/(1+x.T@x)", "correct"),
        ("2/(1+z)*x.T", "correct"),
        ("(1/(1+x.T@x))@(2*x.T)", "correct"),
        ("2*x/(1+x.T@x)", "known_mistake"),
        ("x.T/(1+x.T@x)", "known_mistake"),
        ("2*x.T", "wrong"),
        ("2*x.T/(1+x.T@x)@x", "shape"),
    ],
    "5.7b": [
        ("diag(cos(A@x+b))@A", "correct"),
        ("diag(cos(z))@A", "correct"),
        ("A.T@diag(cos(z))", "known_mistake"),
        ("cos(A@x+b)", "known_mistake"),
        ("A@diag(cos(z))", "known_mistake"),
        ("-diag(cos(z))@A", "factor"),
        ("diag(sin(z))@A", "wrong"),
    ],
    "5.8a": [
        ("-1/2*exp(-z/2)*(x-mu).T@(inv(S)+inv(S).T)", "correct"),
        ("-exp(-(x-mu).T@inv(S)@(x-mu)/2)/2*((x-mu).T@inv(S) + (x-mu).T@inv(S).T)", "correct"),
        ("-1/2*exp(-z/2)*y.T@(inv(S)+inv(S).T)@eye(D)", "correct"),
        ("-exp(-z/2)*(x-mu).T@inv(S)", "known_mistake"),
        ("-1/2*exp(-z/2)*(inv(S)+inv(S).T)@(x-mu)", "known_mistake"),
        ("exp(-z/2)*(x-mu).T@(inv(S)+inv(S).T)", "known_mistake"),
        ("-1/2*exp(-z/2)*(x-mu).T@(inv(S)+inv(S).T)*4", "factor"),
    ],
    "5.8b": [
        ("2*x.T", "correct"),
        ("x.T + x.T", "correct"),
        ("2*x", "known_mistake"),
        ("x.T", "known_mistake"),
        ("2*x.T + 2*sigma", "known_mistake"),
        ("2*x.T*sigma", "wrong"),
    ],
    "5.8c": [
        ("diag(sech(A@x+b)^2)@A", "correct"),
        ("diag(1 - tanh(z)^2)@A", "correct"),
        ("diag(1/cosh(z)^2)@A", "correct"),
        ("A@diag(sech(z)^2)", "known_mistake"),
        ("A.T@diag(sech(z)^2)", "known_mistake"),
        ("diag(1 - tanh(z))@A", "known_mistake"),
        ("diag(sech(z))@A", "wrong"),
        ("sech(z)^2", "shape"),
    ],
    "5.9": [
        ("[(x - 2*z).T, ((x - 2*z)*s*eps + 1).T]", "correct"),
        ("[(x - 2*(m + exp(omega)*eps)).T, "
         "((x - 2*(m + exp(omega)*eps))*exp(omega)*eps + 1).T]", "correct"),
        ("((x - 2*z + eps/s).T)@[eye(E), diag(s*eps)] - [(eps/s).T, (eps^2 - 1).T]",
         "correct"),
        ("[(x - 2*z + eps/s).T, ((x - 2*z + eps/s)*s*eps).T]", "known_mistake"),
        ("[(x - 2*z).T, ((x - 2*z)*s*eps).T]", "known_mistake"),
        ("[(x - 2*z).T, ((x - 2*z)*s*eps + 1).T] - [(eps/s).T, (eps^2 - 1).T]", "term"),
        ("[(x - 2*z), ((x - 2*z)*s*eps + 1)]", "shape"),
        ("(x - 2*z).T", "shape"),
    ],
}

CASES = [(i, a, k) for i, items in CORPUS.items() for a, k in items]


def test_the_corpus_covers_every_available_exercise():
    available = set(registry.ids())
    assert available <= set(CORPUS)
    assert {"5.1", "5.2", "5.3", "5.4"} <= available
    for items in CORPUS.values():
        kinds = {k for _, k in items}
        assert "correct" in kinds and len(kinds) >= 3


@pytest.mark.parametrize(("exercise_id", "answer", "kind"), CASES,
                         ids=[f"{i}:{a[:30]}" for i, a, _ in CASES])
def test_corpus(exercise_id, answer, kind):
    verdict = check_answer(exercise_id, answer)
    assert verdict["kind"] == kind, verdict
    assert verdict["verdict"] == ("correct" if kind == "correct" else "wrong")
    assert verdict["reason"]
    assert verdict["expected_shape"] and "got_shape" in verdict


def test_wrong_shape_names_the_expected_shape():
    v = check_answer("5.7b", "diag(cos(z))")
    assert v["kind"] == "shape"
    assert "E×D" in v["reason"] and v["expected_shape"] != v["got_shape"]


def test_column_instead_of_row_is_explained_as_layout():
    v = check_answer("5.6-f", "-2*cos(log(u))/u*t")  # column and wrong sign: not listed
    assert v["kind"] == "transpose" and "sign" in v["reason"]
    v = check_answer("5.5-f1", "[[cos(x1)*cos(x2)], [-sin(x1)*sin(x2)]]")
    assert "column instead of a row" in v["reason"]


def test_missing_factor_two_is_named():
    v = check_answer("5.8b", "x.T + 0*x.T")  # not the listed mistake text, same value
    assert v["kind"] == "known_mistake" and "factor 2" in v["reason"]
    v = check_answer("5.6-g", "(B@A).T/2")
    assert v["kind"] == "factor" and "factor 2 is missing" in v["reason"]
    assert v["factor"] == 0.5


def test_known_mistakes_of_the_spec_are_recognised():
    assert "wrong order" in check_answer("5.6-g", "B.T@A.T")["reason"]
    assert "wrong order" in check_answer("5.8c", "A@diag(sech(z)^2)")["reason"]
    assert "direct term" in check_answer(
        "5.9", "[(x - 2*z + eps/s).T, ((x - 2*z + eps/s)*s*eps).T]")["reason"]


def test_parse_errors_are_invalid_with_position():
    v = check_answer("5.7a", "2*x.T/(1+x.T@x")
    assert v["verdict"] == "invalid" and v["kind"] == "parse" and v["position"] >= 0
    v = check_answer("5.7a", "2*q")
    assert v["verdict"] == "invalid" and v["position"] == 2 and "'q'" in v["reason"]


def test_unknown_exercise_is_invalid():
    v = check_answer("5.10", "x")
    assert v["verdict"] == "invalid" and v["kind"] == "unavailable"
    assert "unknown exercise id '5.10'" in v["reason"]


def test_answer_curves_for_a_scalar_exercise():
    ex = registry.get("5.1")
    view = answer_curves(ex, "cos(x^3)", ex.inputs({}))
    true, yours = view.curves
    assert true.y.shape == yours.y.shape == true.x.shape
    import numpy as np

    finite = np.isfinite(true.y) & np.isfinite(yours.y)
    assert not np.allclose(true.y[finite], yours.y[finite])
    right = answer_curves(ex, "4*sin(x^3)/x + 3*x^2*cos(x^3)*log(x^4)", ex.inputs({}))
    np.testing.assert_allclose(right.curves[1].y[finite], right.curves[0].y[finite],
                               rtol=1e-9, atol=1e-9)
    assert answer_curves(registry.get("5.6-g"), "X", {}) is None


# --- the CLI -----------------------------------------------------------------------------


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "explorer", "check", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_cli_exit_codes_and_json():
    ok = run_cli("5.7b", "diag(cos(A@x+b))@A")
    assert ok.returncode == 0 and json.loads(ok.stdout)["verdict"] == "correct"
    wrong = run_cli("5.6-g", "B.T@A.T")
    out = json.loads(wrong.stdout)
    assert wrong.returncode == 1 and out["verdict"] == "wrong"
    assert out["kind"] == "known_mistake"
    bad = run_cli("5.10", "x")
    assert bad.returncode == 2 and json.loads(bad.stdout)["verdict"] == "invalid"
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_cli_refuses_hostile_input_without_side_effect(tmp_path):
    marker = tmp_path / "pwned"
    attacks = [
        f"__import__('os').system('touch {marker}')",
        f"().__class__.__base__.__subclasses__()[0]('{marker}')",
        "9**9**9**9",
        "(" * 5000 + ")" * 5000,
    ]
    for attack in attacks:  # each refused by the parser, before any work
        done = run_cli("5.1", attack)
        assert done.returncode == 2, attack
        assert json.loads(done.stdout)["kind"] == "parse"
    big = run_cli("5.1", "-", stdin="x+" * 500_000 + "x")  # 1 MB, through stdin
    assert big.returncode == 2 and "too long" in big.stdout
    assert not marker.exists()


def test_hostile_input_is_refused_by_the_parser_in_process():
    for attack in ["lambda: 0", "[x for x in y]", "x.__dict__", "a" * 1_000_000,
                   "(" * 5000 + ")" * 5000, "9**9**9**9", "import os"]:
        v = check_answer("5.1", attack)
        assert v["verdict"] == "invalid" and v["kind"] == "parse"
