"""The evaluator's budget: the shape and cost of every value of a typed expression are
worked out from the inputs' shapes before anything is computed, and an expression that
would make a value of more than MAX_ENTRIES entries or take more than MAX_OPERATIONS
operations is refused with a message naming the limit. The hostile corpus runs in a
fresh process whose peak memory is asserted; its times are printed, not asserted."""

import json
import resource
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import expr
from explorer.core.check import check_answer
from explorer.core.expr import EvalError, TooLarge, count_text, parse

ROOT = Path(__file__).resolve().parents[1]
PEAK_RSS_MB = 500


def test_count_text():
    assert [count_text(n) for n in (7, 9999, 10**6, 10**8, 20736 * 10**4)] == [
        "7", "9999", "10⁶", "10⁸", "2.07·10⁸"]


def test_a_value_over_the_entry_limit_is_named():
    with pytest.raises(TooLarge) as info:
        parse("outer(eye(100), eye(100))").evaluate({})
    assert str(info.value) == ("outer(eye(100), eye(100)) would have 10⁸ entries "
                               "(10000×10000; the limit is 10⁶)")


def test_nested_inverses_are_refused_by_their_cost():
    text = "inv(" * 39 + "eye(1000)" + ")" * 39
    with pytest.raises(TooLarge, match=r"^inv\(eye\(1000\)\) would take 10⁹ operations "
                       r"\(the limit is 10⁷\)$"):
        parse(text).evaluate({})


def test_many_affordable_parts_are_refused_in_all():
    with pytest.raises(TooLarge, match="more than 10⁷ operations in all"):
        parse("+".join(["eye(300)"] * 80)).evaluate({})


def test_refused_before_anything_is_computed(monkeypatch):
    def no_work(*args):
        raise AssertionError("an array was computed")

    for cls in (expr.Call, expr.BinOp, expr.Block):
        monkeypatch.setattr(cls, "evaluate_node", no_work)
    for text in ["outer(eye(100), eye(100))", "eye(1000)@eye(1000)",
                 "[[eye(1000), eye(1000)], [eye(1000), eye(1000)]]",
                 "exp(" * 20 + "eye(300)" + ")" * 20]:
        with pytest.raises(TooLarge):
            parse(text).plan({})


def test_the_plan_charges_products_and_inverses_by_their_work():
    env = {"A": np.ones((30, 40)), "B": np.ones((40, 50))}
    plan = parse("A@B", ["A", "B"]).plan(env)
    assert plan.operations == 1 + 1 + 30 * 40 * 50
    assert parse("inv(eye(100))").plan({}).operations == 1 + 100 * 100 + 100**3
    assert parse("sin(eye(10))").plan({}).operations == 1 + 100 + expr.FUNCTION_COST * 100


_ATOMS = st.sampled_from(["x", "A", "x.T", "2", "sin(x)", "diag(x)", "diag(A)", "tr(A)",
                          "inv(A)", "[x, x]", "[[A, x], [x.T, 2]]", "eye(2)", "eye(3)",
                          "outer(x, A)", "-A", "eye(tr(A)^0)"])
_OPS = st.sampled_from(["+", "-", "*", "/", "@", "^"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_ATOMS, _OPS), min_size=0, max_size=6), _ATOMS)
def test_the_planned_shape_is_the_computed_shape(pairs, last):
    text = "".join(a + op for a, op in pairs) + last
    env = {"x": np.array([0.5, 1.5]), "A": np.array([[2.0, 1.0], [0.5, 3.0]])}
    e = parse(text, ["x", "A"])
    try:
        plan = e.plan(env)
    except EvalError:
        return
    out = e.evaluate(env, plan)
    assert out.shape == plan.shape(e.root)


def test_a_check_over_the_budget_is_invalid_and_says_why():
    v = check_answer("5.1", "outer(eye(100), eye(100))")
    assert v["verdict"] == "invalid" and v["kind"] == "budget"
    assert "10⁸ entries" in v["reason"] and "10⁶" in v["reason"]
    # affordable once, not at every point of the check
    v = check_answer("5.1", "eye(1000)+eye(1000)+eye(1000)")
    assert v["kind"] == "budget" and "checking it at 4 points" in v["reason"]


def test_a_check_can_be_cancelled_between_evaluations():
    from explorer.core.check import Cancelled

    asked = []

    def cancelled():
        asked.append(True)
        return True

    with pytest.raises(Cancelled):
        check_answer("5.7b", "diag(cos(A@x+b))@A", cancelled=cancelled)
    assert asked


def test_spaces_around_an_answer_are_ignored_and_positions_stay_typed():
    assert parse(" 2*x.T ", ["x"]).evaluate({"x": np.ones(3)}).shape == (1, 3)
    with pytest.raises(expr.ParseError) as info:
        parse("  x ^ ^ 2", ["x"])
    assert info.value.position == 6  # the second ^ as typed
    assert check_answer("5.1", "  4*sin(x^3)/x + 3*x^2*cos(x^3)*log(x^4)\n")[
        "verdict"] == "correct"


def test_an_answer_starting_with_minus_on_the_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "explorer", "check", "5.3",
         "-(x-mu)/sigma^2*exp(-(x-mu)^2/(2*sigma^2))"],
        capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "correct"
    done = subprocess.run([sys.executable, "-m", "explorer", "check", "5.3", " 2*x.T"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert json.loads(done.stdout)["kind"] != "parse"
    done = subprocess.run([sys.executable, "-m", "explorer", "check", "5.3"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2 and "needs an ANSWER" in done.stderr


# --------------------------------------------------------------------------------------
# The hostile corpus: (exercise, answer, expected kind, a fragment of the reason)
# --------------------------------------------------------------------------------------

HOSTILE = [
    ("5.1", "outer(eye(100), eye(100))", "budget", "10⁸ entries"),
    ("5.1", "outer(eye(120), eye(120))", "budget", "entries"),
    ("5.1", "inv(" * 39 + "eye(1000)" + ")" * 39, "budget", "10⁹ operations"),
    ("5.7b", "eye(1000)@eye(1000)", "budget", "10⁹ operations"),
    ("5.1", "[[eye(1000), eye(1000)], [eye(1000), eye(1000)]]", "budget", "4·10⁶ entries"),
    ("5.1", "diag([eye(1000), eye(1000)])", "budget", "entries"),
    ("5.1", "^".join(["eye(1000)"] * 20), "budget", "operations"),
    ("5.1", "sin(" * 19 + "eye(300)" + ")" * 19, "budget", "operations"),
    ("5.1", "+".join(["eye(300)"] * 150), "budget", "in all"),
    ("5.1", "inv(" * 19 + "eye(60)" + ")" * 19, "budget", "at 4 points"),
    ("5.1", "sigmoid(outer(eye(31), eye(31)))", "budget", "operations"),
    ("5.1", "diag(diag(diag(diag(eye(1000)))))", "budget", "operations"),
    ("5.5-f3", "outer(eye(1000), e_k)", "budget", "entries"),
    ("5.7b", "inv(A@A.T)@A", "shape", ""),
    ("5.1", "tr(eye(1000))*x", "wrong", ""),
    ("5.1", "eye(tr(eye(1000)))", "shape", ""),
    ("5.1", "eye(999)+eye(1000)", "shape", "element-wise"),
    ("5.1", "eye(1001)", "shape", "from 1 to 1000"),
    ("5.1", "x" + "+x" * 999, "parse", "nested more than"),
    ("5.1", "+".join(["x"] * 150), "wrong", ""),
    ("5.1", "9**9**9**9", "parse", ""),
    ("5.1", "x^100^100", "parse", "too large"),
    ("5.1", "(" * 5000 + ")" * 5000, "parse", ""),
    ("5.1", "-x", "wrong", ""),
    ("5.3", " -(x-mu)/sigma^2*exp(-(x-mu)^2/(2*sigma^2)) ", "correct", ""),
]

RUNNER = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))  # a runaway fails fast
from explorer.core.check import check_answer


def vm_hwm_mb():
    # this program's own peak: ru_maxrss would keep the test process's peak across fork+exec
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024


for exercise, answer in json.load(sys.stdin):
    start = time.perf_counter()
    v = check_answer(exercise, answer)
    seconds = time.perf_counter() - start
    peak = vm_hwm_mb()
    print(json.dumps({"kind": v["kind"], "reason": v.get("reason", ""),
                      "seconds": seconds, "peak_mb": peak}), flush=True)
"""


def test_hostile_corpus_is_refused_or_answered_within_the_memory_bound():
    items = [[exercise, answer] for exercise, answer, _, _ in HOSTILE]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(items),
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode == 0, done.stderr[-2000:]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(HOSTILE)
    for (exercise, answer, kind, fragment), got in zip(HOSTILE, results, strict=True):
        print(f"{got['seconds'] * 1000:8.1f} ms {got['peak_mb']:6.0f} MB  {exercise:6} "
              f"{answer[:50]!r} → {got['kind']}: {got['reason'][:80]}")
        assert got["kind"] == kind, (answer[:60], got)
        assert fragment in got["reason"], (answer[:60], got)
    print(f"CPU {after.ru_utime - before.ru_utime:.2f} s user, "
          f"{after.ru_stime - before.ru_stime:.2f} s system (start-up included)")
    assert results[-1]["peak_mb"] < PEAK_RSS_MB
