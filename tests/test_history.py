"""Undo and redo of parameter changes: a drag is one step, a pause or another parameter
starts the next, and undo puts back the inputs, sizes and tangents exactly."""

import numpy as np
import pytest

from explorer.core import registry
from explorer.core.history import PAUSE_S, History
from explorer.core.state import ParamState


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def _history(exercise_id: str, holding=lambda: False):
    state, clock = ParamState(registry.get(exercise_id)), Clock()
    return state, History(state, clock=clock, holding=holding), clock


def test_a_drag_is_one_step_and_a_pause_starts_the_next():
    state, history, clock = _history("5.1")
    start = state.inputs["x"]
    for x in np.linspace(start, 2.0, 50):  # a drag: a change every frame
        clock.t += 0.016
        state.set("x", float(x))
    clock.t += PAUSE_S + 0.5
    state.set("x", -1.0)  # later: a step of its own
    assert history.undo()
    assert state.inputs["x"] == pytest.approx(2.0)
    assert history.undo()
    assert state.inputs["x"] == pytest.approx(start)
    assert not history.undo()  # nothing left: the state stays
    assert state.inputs["x"] == pytest.approx(start)
    assert history.redo() and history.redo()
    assert state.inputs["x"] == -1.0
    assert not history.redo()


def test_a_held_mouse_button_keeps_one_step_through_a_pause():
    held = [True]
    state, history, clock = _history("5.1", holding=lambda: held[0])
    start = state.inputs["x"]
    state.set("x", 0.5)
    clock.t += 5 * PAUSE_S  # the mouse rests, still down
    state.set("x", 0.7)
    held[0] = False
    history.undo()
    assert state.inputs["x"] == start


def test_another_parameter_is_another_step():
    state, history, _clock = _history("5.3")
    mu, sigma = state.inputs["mu"], state.inputs["sigma"]
    state.set("mu", mu + 1)
    state.set("sigma", sigma + 0.5)
    history.undo()
    assert (state.inputs["mu"], state.inputs["sigma"]) == (mu + 1, sigma)
    history.undo()
    assert (state.inputs["mu"], state.inputs["sigma"]) == (mu, sigma)


def test_a_new_change_after_undo_drops_the_redo():
    state, history, clock = _history("5.1")
    state.set("x", 0.5)
    history.undo()
    clock.t += 10
    state.set("x", -0.5)
    assert not history.redo()


def test_undo_of_a_size_brings_back_the_vectors_it_drew():
    state, history, clock = _history("5.5-f2")
    before = {k: np.array(v) for k, v in state.inputs.items()}
    state.set("x[0]", 2.5)
    clock.t += 10
    state.set("n", 5)
    assert len(state.inputs["x"]) == 5
    history.undo()
    np.testing.assert_array_equal(state.inputs["x"][0], 2.5)
    assert len(state.inputs["x"]) == 3
    history.undo()
    for k, v in before.items():
        np.testing.assert_array_equal(state.inputs[k], v)


def test_tangents_and_reset_are_steps_too():
    state, history, clock = _history("5.2")
    state.add_tangent(1.0)
    clock.t += 10
    state.set("tangent[0]", -2.0)
    clock.t += 10
    state.set("x", 3.0)
    clock.t += 10
    state.reset()
    assert state.tangents == [] and state.inputs["x"] == 1.0
    history.undo()
    assert state.tangents == [-2.0] and state.inputs["x"] == 3.0
    history.undo()
    history.undo()
    assert state.tangents == [1.0]
    history.undo()
    assert state.tangents == []


def test_a_history_follows_a_new_state_of_the_same_exercise():
    state, history, clock = _history("5.1")
    state.set("x", 0.5)
    again = ParamState(registry.get("5.1"), dict(state.given))  # reopened
    history.attach(again)
    clock.t += 10
    again.set("x", 1.5)
    history.undo()
    assert again.inputs["x"] == 0.5
    history.undo()
    assert again.inputs["x"] == registry.get("5.1").param("x").default
    state.set("x", -2.0)  # the old state is no longer followed
    assert history.redo() and again.inputs["x"] == 0.5
