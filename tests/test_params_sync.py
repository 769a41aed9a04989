"""The parameter panel follows the state: a vector's component sliders show the state's
components after any change, and only a component that changed is set again (setting a
slider lays it out and repaints it, at every step of a drag)."""

import numpy as np
import pytest


def test_component_sliders_follow_the_state_and_only_changed_ones_are_set(make_window):
    window = make_window("5.9")
    window.set_param("E", 2)
    panel = window.params_panel
    first, second = panel.widgets["m[0]"], panel.widgets["m[1]"]
    sets = []
    for name, slider in (("m[0]", first), ("m[1]", second)):
        original = slider.setValue
        slider.setValue = lambda v, name=name, original=original: (sets.append(name),
                                                                   original(v))
    m = np.array(window.state.inputs["m"], dtype=float)
    moved = m.copy()
    moved[0] = m[0] + 0.5
    window.state.set("m", moved)  # (as an undo or a dragged point would)
    panel.sync(window.state.inputs)
    assert first.value() == pytest.approx(moved[0]) and second.value() == pytest.approx(m[1])
    assert sets == ["m[0]"]
    window.state.set("m", m)
    panel.sync(window.state.inputs)
    assert first.value() == pytest.approx(m[0]) and sets == ["m[0]", "m[0]"]
