"""Accurate diagnoses of wrong answers: what each verdict's reason says is true of the
answer — no factor of "1", no shape the check does not ask for, no mistake missed for
its mirror image, no claim about conformability that does not hold, no verdict said
twice — and 5.4 checks either of the things it asks for: f′ or Tₙ."""

import json
import re
import subprocess
import sys

import pytest

from explorer.core import registry
from explorer.core.check import check_answer

NEAR_MISSES = ["cos(x)-sin(x)+1e-7", "1.0000001*(cos(x)-sin(x))"]


@pytest.mark.parametrize("answer", NEAR_MISSES)
def test_a_near_miss_is_never_off_by_a_factor_of_1(answer):
    v = check_answer("5.4", answer)
    assert v["verdict"] == "wrong"
    assert not re.search(r"(?<![\d.])1 times", v["reason"]), v["reason"]


def test_an_added_constant_is_named_with_its_value():
    v = check_answer("5.4", "cos(x)-sin(x)+1e-7")
    assert v["kind"] == "term" and "plus 1e-07" in v["reason"], v
    assert check_answer("5.1", "4*sin(x^3)/x + 3*x^2*cos(x^3)*log(x^4) + 2")[
        "reason"].endswith("plus 2")


def test_a_factor_near_1_is_shown_with_the_digits_that_tell_it_from_1():
    v = check_answer("5.4", "1.0000001*(cos(x)-sin(x))")
    assert v["kind"] == "factor" and "1.0000001 times" in v["reason"], v


def test_an_answer_merely_close_is_said_to_be_close():
    v = check_answer("5.4", "cos(x)-sin(x)+1e-6*x")
    assert v["kind"] == "wrong" and v["reason"].startswith("close, but not equal"), v


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("5.4", "cos(x)"), ("5.4", "0*x"), ("5.4", "cos(x)-sin(x)"), ("5.6-g", "X"),
    ("5.7b", "diag(sin(z))@A"), ("5.7b", "diag(cos(z))"), ("5.1", "2*q")])
def test_the_reason_never_repeats_the_verdict(exercise_id, answer):
    v = check_answer(exercise_id, answer)
    assert not v["reason"].lower().startswith(v["verdict"]), v


def test_5_8c_factors_in_the_wrong_order_are_named_as_in_5_7b():
    for exercise_id, answer in (("5.8c", "A@diag(sech(z)^2)"), ("5.7b", "A@diag(cos(z))")):
        v = check_answer(exercise_id, answer)
        assert v["kind"] == "known_mistake" and "wrong order" in v["reason"], v
        assert "swapped" not in v["reason"] and "worked solution" not in v["reason"]


def test_5_5_f3_expects_the_slice_shape():
    v = check_answer("5.5-f3", "x@x.T@e_k")
    assert v["kind"] == "shape" and "expected n×n (here" in v["reason"], v
    assert "n×n×n" not in v["reason"]
    assert len(v["expected_shape"]) == 2
    assert len(check_answer("5.5-f3", "2*x")["expected_shape"]) == 2


@pytest.mark.parametrize("half", ["x@e_k.T", "e_k@x.T", "outer(e_k, x)"])
def test_either_half_of_the_product_rule_is_recognised(half):
    v = check_answer("5.5-f3", half)
    assert v["kind"] == "known_mistake" and "half of the product rule" in v["reason"], v


def test_not_conformable_names_the_sizes_that_would_have_to_be_equal():
    v = check_answer("5.6-g", "B.T@A.T")  # (D×F)(E×D): conformable exactly when F = E
    assert v["kind"] == "known_mistake"
    assert "not even conformable unless E = F" in v["reason"], v
    v = check_answer("5.8c", "A@diag(sech(z)^2)")  # (M×N)(M×M): when N = M
    assert "not even conformable unless N = M" in v["reason"], v


def test_a_conformable_mistake_is_not_called_unconformable():
    for exercise_id, answer in (("5.6-g", "B@A"), ("5.7b", "A.T@diag(cos(z))")):
        v = check_answer(exercise_id, answer)
        assert v["kind"] == "known_mistake" and "conformable" not in v["reason"], v


# --- 5.4: f′ or Tₙ -----------------------------------------------------------------------

T5 = "1 + x - x^2/2 - x^3/6 + x^4/24 + x^5/120"


def test_5_4_checks_the_derivative_by_default():
    assert registry.get("5.4").target().name == "derivative"
    assert check_answer("5.4", "cos(x) - sin(x)")["verdict"] == "correct"
    assert check_answer("5.4", T5)["verdict"] == "wrong"


def test_5_4_checks_the_taylor_polynomial_at_the_held_n_and_x0():
    v = check_answer("5.4", T5, target="taylor")
    assert v["verdict"] == "correct" and v["target"] == "taylor", v
    assert check_answer("5.4", "1 + x", target="taylor", held={"n": 1})["verdict"] == \
        "correct"
    shifted = "sin(x0) + cos(x0) + (cos(x0) - sin(x0))*(x - x0)"
    assert check_answer("5.4", shifted, target="taylor",
                        held={"n": 1, "x0": 0.7})["verdict"] == "correct"
    assert check_answer("5.4", "cos(x) - sin(x)", target="taylor")["verdict"] == "wrong"


def test_5_4_taylor_mistakes_are_named():
    v = check_answer("5.4", "1 + x - x^2/2 - x^3/6 + x^4/24", target="taylor")
    assert v["kind"] == "known_mistake" and "T₄" in v["reason"], v
    v = check_answer("5.4", "1 + x - x^2 - x^3 + x^4 + x^5", target="taylor")
    assert v["kind"] == "known_mistake" and "k!" in v["reason"], v
    v = check_answer("5.4", "2*(" + T5 + ")", target="taylor")
    assert v["kind"] == "factor" and "Tₙ(x)" in v["reason"], v


def test_an_unknown_target_or_an_input_it_does_not_hold_is_invalid():
    v = check_answer("5.4", "x", target="integral")
    assert v["verdict"] == "invalid" and "derivative, taylor" in v["reason"]
    v = check_answer("5.4", "x", target="taylor", held={"x": 1.0})
    assert v["verdict"] == "invalid" and "cannot be set" in v["reason"]
    v = check_answer("5.1", "x", target="taylor")
    assert v["verdict"] == "invalid"


def run_check(*args):
    return subprocess.run([sys.executable, "-m", "explorer", "check", *args],
                          capture_output=True, text=True, timeout=60)


def test_cli_target_selector():
    done = run_check("5.4", "--target", "taylor", T5)
    assert done.returncode == 0 and json.loads(done.stdout)["target"] == "taylor"
    done = run_check("5.4", "--target", "taylor", "--set", "n=1", "1 + x")
    assert done.returncode == 0, done.stdout
    done = run_check("--target=taylor", "5.4", "--set=n=2", "--set", "x0=0", "1+x-x^2/2")
    assert done.returncode == 0, done.stdout
    done = run_check("5.4", "cos(x)-sin(x)")
    assert done.returncode == 0 and json.loads(done.stdout)["target"] == "derivative"
    done = run_check("5.4", "--target", "taylor", "--set", "n=99", "x")
    assert done.returncode == 2 and "n must be between" in done.stderr
    done = run_check("5.4", "--target", "nope", "x")
    assert done.returncode == 2 and json.loads(done.stdout)["verdict"] == "invalid"


def test_cli_help_documents_the_target():
    done = subprocess.run([sys.executable, "-m", "explorer", "check", "--help"],
                          capture_output=True, text=True, timeout=60)
    assert "--target" in done.stdout and "taylor" in done.stdout
