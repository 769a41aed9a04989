"""A command never echoes an input it did not use, and every exercise refuses inputs
outside its domain the same way, whichever side they are on."""

import subprocess
import sys

import pytest

from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.state import ParamState


def run(*args):
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True,
                          text=True, timeout=120)


def test_evaluate_refuses_a_slice_beyond_n():
    done = run("evaluate", "5.5-f3", "--set", "x=[1,2]", "--set", "k=5")
    assert done.returncode == 2 and done.stdout == ""
    assert "k = 5" in done.stderr and "n = 2" in done.stderr
    assert done.stderr.count("\n") == 1


def test_export_refuses_a_slice_beyond_n(tmp_path):
    out = tmp_path / "cube.csv"
    done = run("export", "5.5-f3", "--pane", "cube", "--set", "x=[1,2]", "--set", "k=3",
               "--out", str(out))
    assert done.returncode == 2 and "k = 3" in done.stderr
    assert not out.exists()


def test_a_slice_within_n_is_echoed_as_used():
    ex = registry.get("5.5-f3")
    inputs = ex.inputs_from_text({"x": "[1,2]", "k": "2"})
    assert inputs["k"] == 2
    assert ex.evaluate(inputs)["slice"] == [[0.0, 1.0], [1.0, 4.0]]


@pytest.mark.parametrize("sigma", ["0", "-1", "-0.5", "-1e-300"])
def test_5_3_refuses_a_width_that_is_not_positive(sigma):
    done = run("evaluate", "5.3", "--set", f"sigma={sigma}")
    assert done.returncode == 2 and "sigma" in done.stderr
    with pytest.raises(InputError, match="sigma"):
        registry.get("5.3").inputs({"sigma": float(sigma)})


def test_the_window_state_names_a_negative_width_as_outside_the_domain():
    state = ParamState(registry.get("5.3"))
    state.set("sigma", -1.0)
    assert "sigma" in state.problem and "positive" in state.problem
    state.set("sigma", 1.0)
    assert state.problem == ""
