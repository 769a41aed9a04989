"""Seeded inputs: each array an exercise draws comes from its own stream (the seed and the
input's name), so giving or editing one input never changes another — in the core, in
the window's parameter state, in `evaluate` and in `export`."""

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from explorer.core import registry
from explorer.core import session as S
from explorer.core.state import ParamState


def edited(matrix: np.ndarray, row: int, col: int, value: float) -> np.ndarray:
    out = np.array(matrix, dtype=float)
    out[row, col] = value
    return out


def test_giving_one_matrix_of_5_6_g_leaves_the_others_as_drawn():
    ex = registry.get("5.6-g")
    before = ex.inputs({})
    after = ex.inputs({"A": edited(before["A"], 1, 1, 2.5)})
    assert after["A"][1, 1] == 2.5
    np.testing.assert_array_equal(after["X"], before["X"])
    np.testing.assert_array_equal(after["B"], before["B"])


@pytest.mark.parametrize("exercise_id", ["5.6-g", "5.7b", "5.8c"])
def test_each_seeded_input_is_independent_of_which_others_are_given(exercise_id):
    ex = registry.get(exercise_id)
    drawn = ex.inputs({})
    arrays = [p.name for p in ex.params if p.kind in ("vector", "matrix") and p.default is None]
    assert len(arrays) >= 2
    for given_name in arrays:
        after = ex.inputs({given_name: np.asarray(drawn[given_name]) + 1.0})
        for other in arrays:
            if other != given_name:
                np.testing.assert_array_equal(after[other], drawn[other], err_msg=other)


def test_a_new_seed_still_redraws_every_seeded_input():
    ex = registry.get("5.6-g")
    zero, one = ex.inputs({}), ex.inputs({"seed": 1})
    for name in "AXB":
        assert not np.array_equal(zero[name], one[name]), name


def test_editing_an_entry_in_the_window_state_keeps_the_other_matrices():
    state = ParamState(registry.get("5.6-g"))
    x, b = state.inputs["X"].copy(), state.inputs["B"].copy()
    assert state.set("A", edited(state.inputs["A"], 1, 1, 2.5))
    np.testing.assert_array_equal(state.inputs["X"], x)
    np.testing.assert_array_equal(state.inputs["B"], b)


def test_a_session_saved_before_keeps_its_stored_values():
    """A session stores what the user set, explicitly: those values load unchanged."""
    stored_a = [[2.5, 0.0, 1.0], [0.0, -1.0, 3.0]]
    stored_x = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    text = json.dumps({"format": S.FORMAT, "version": S.VERSION, "exercise": "5.6-g",
                       "parameters": {"5.6-g": {"A": stored_a, "X": stored_x, "seed": 7}}})
    _current, given, warnings = S.parse_text(text)
    assert warnings == []
    state = ParamState(registry.get("5.6-g"), given["5.6-g"])
    np.testing.assert_array_equal(state.inputs["A"], stored_a)
    np.testing.assert_array_equal(state.inputs["X"], stored_x)
    assert state.inputs["seed"] == 7
    np.testing.assert_array_equal(state.inputs["B"], registry.get("5.6-g").inputs(
        {"seed": 7})["B"])


def run(*args):
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True,
                          text=True, timeout=120)


def test_evaluate_with_one_matrix_set_keeps_the_others():
    plain = json.loads(run("evaluate", "5.6-g").stdout)["inputs"]
    a = plain["A"]
    a[1][1] = 2.5
    done = run("evaluate", "5.6-g", "--set", f"A={json.dumps(a)}")
    assert done.returncode == 0, done.stderr
    inputs = json.loads(done.stdout)["inputs"]
    assert inputs["A"] == a
    assert inputs["X"] == plain["X"] and inputs["B"] == plain["B"]


def test_export_with_one_vector_set_keeps_the_others(tmp_path):
    """5.7b's CSV of the Jacobian diag(cos(Ax+b))A: giving x alone leaves A and b as
    drawn, so the CSV equals the one for all three given explicitly."""
    ex = registry.get("5.7b")
    drawn = ex.inputs({})
    x = [0.5, -1.0]
    given, explicit = tmp_path / "given.csv", tmp_path / "explicit.csv"
    pane = ex.panes[-1].name
    first = run("export", "5.7b", "--pane", pane, "--set", f"x={json.dumps(x)}",
                "--out", str(given))
    assert first.returncode == 0, first.stderr
    second = run("export", "5.7b", "--pane", pane, "--set", f"x={json.dumps(x)}",
                 "--set", f"A={json.dumps(drawn['A'].tolist())}",
                 "--set", f"b={json.dumps(drawn['b'].tolist())}", "--out", str(explicit))
    assert second.returncode == 0, second.stderr
    with given.open() as f1, explicit.open() as f2:
        assert list(csv.reader(f1)) == list(csv.reader(f2))


def test_typing_an_entry_in_the_window_keeps_the_other_matrices(make_window):
    window = make_window("5.6-g")
    x, b = window.state.inputs["X"].copy(), window.state.inputs["B"].copy()
    editor = window.params_panel.widgets["A"]
    model = editor.model()
    assert model.setData(model.index(1, 1), "2.5")
    assert window.state.inputs["A"][1, 1] == 2.5
    np.testing.assert_array_equal(window.state.inputs["X"], x)
    np.testing.assert_array_equal(window.state.inputs["B"], b)
