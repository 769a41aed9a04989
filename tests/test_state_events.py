"""The parameter state says what changed: one event per change, none for a set that
changes nothing, and what changed (inputs, tangents, reset)."""

import pytest

from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.state import INPUTS, RESET, TANGENTS, ParamState


def _subscribed(exercise_id: str) -> tuple[ParamState, list[str]]:
    state, events = ParamState(registry.get(exercise_id)), []
    state.subscribe(events.append)
    return state, events


def test_one_event_per_change_and_none_for_an_unchanged_set():
    state, events = _subscribed("5.1")
    x = state.inputs["x"]
    assert state.set("x", x) is False
    assert events == []
    state.set("x", x + 0.5)
    assert events == [INPUTS]
    state.set("x", x + 0.5)  # the same value again
    assert events == [INPUTS]


def test_a_refused_value_sends_no_event():
    state, events = _subscribed("5.1")
    with pytest.raises(InputError):
        state.set("nope", 1.0)
    assert events == []


def test_vector_components_tangents_and_reset_say_what_changed():
    state, events = _subscribed("5.9")
    state.set("m[0]", float(state.inputs["m"][0]) + 1.0)
    assert events == [INPUTS]
    state.reset()
    assert events == [INPUTS, RESET]
    state, events = _subscribed("5.2")
    k = state.add_tangent(0.5)
    state.set(f"tangent[{k}]", 0.5)  # unchanged
    state.set(f"tangent[{k}]", 1.0)
    state.remove_tangent(k)
    assert events == [TANGENTS, TANGENTS, TANGENTS]


def test_an_unsubscribed_callback_hears_nothing():
    state, events = _subscribed("5.1")
    state.unsubscribe(events.append)
    state.set("x", state.inputs["x"] + 0.5)
    assert events == []


def test_a_refused_component_is_an_input_error_and_changes_nothing():
    from explorer.core import registry
    from explorer.core.errors import InputError
    from explorer.core.state import ParamState

    state = ParamState(registry.get("5.7b"))
    given, inputs = dict(state.given), dict(state.inputs)
    with pytest.raises(InputError, match=r"x\[0\] must be a number"):
        state.set("x[0]", "not a number")
    assert state.given == given and state.inputs.keys() == inputs.keys()
