"""SteadyRange and nice colour limits: what keeps axes still while a slider moves."""

import math

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from explorer.ui.panes.matrix_plot import NICE_STEPS, nice_ceiling, symmetric_limit
from explorer.ui.panes.steady_range import LEAD, SteadyRange


def test_range_holds_while_the_data_stays_inside_and_fills_it():
    r = SteadyRange(margin=0.1, min_fill=0.5)
    first = r.fit(0.0, 10.0)
    assert first == pytest.approx((-1.0, 11.0))
    assert r.fit(0.5, 9.0) is first  # moved a little: unchanged
    assert r.fit(-1.0, 5.0) is first  # inside and filling half of it: unchanged

def test_range_refits_when_the_data_leaves_or_shrinks():
    r = SteadyRange(margin=0.1, min_fill=0.5)
    r.fit(0.0, 10.0)
    # out of the top: refit, with more room above (where a drag is heading)
    assert r.fit(0.0, 12.0) == pytest.approx((-1.2, 12.0 + LEAD * 1.2))
    assert r.fit(1.0, 2.0) == pytest.approx((0.9, 2.1))  # fills < half: refit around it


def test_floor_pins_the_lower_end_and_bad_data_keeps_the_range():
    r = SteadyRange()
    assert r.fit(0.2, 5.0, floor=0.0) == pytest.approx((0.0, 5.5))
    assert r.fit(math.nan, math.inf) == pytest.approx((0.0, 5.5))
    assert SteadyRange().fit_values([np.nan, np.inf]) == pytest.approx((-0.1, 1.1))  # [0, 1]
    assert SteadyRange().fit_values([3.0, 3.0]) == pytest.approx((1.5, 4.5))  # one value


@given(st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)), min_size=1,
                max_size=20))
def test_shown_range_always_holds_the_data(pairs):
    r = SteadyRange()
    for a, b in pairs:
        lo, hi = r.fit(a, b)
        assert lo <= min(a, b) and max(a, b) <= hi


@given(st.floats(1e-290, 1e300))
def test_nice_ceiling_is_a_close_round_upper_bound(value):
    nice = nice_ceiling(value)
    assert value <= nice * (1 + 1e-12)
    assert nice <= 1.5 * value * (1 + 1e-12)  # the largest gap in the ladder is ×1.5
    mantissa = nice / 10.0 ** math.floor(math.log10(nice))
    assert any(math.isclose(mantissa, s, rel_tol=1e-9) for s in NICE_STEPS)


def test_symmetric_limit_rounds_up_to_a_nice_number():
    m = np.array([[0.3, -2.2], [1.0, 0.0]])
    assert symmetric_limit(m) == pytest.approx(3.0)
    assert symmetric_limit(m, 2.2) == pytest.approx(3.0)  # a given limit is rounded too
    assert symmetric_limit(m, 4.0) == 4.0
    assert symmetric_limit(np.zeros((2, 2))) == 1.0


@given(st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)), min_size=1,
                max_size=20), st.floats(0.0, 0.5))
@example([(0.0, 0.0), (1.0, 1.0)], 0.0)  # single values: once refitted, held
@example([(0.0, 1.0), (-1.0, 2.0)], 0.2)  # crossed both ends: no boost below min_fill
def test_a_refit_holds_when_the_same_data_comes_again(pairs, margin):
    r = SteadyRange(margin=margin)
    for a, b in pairs:
        shown = r.fit(a, b)
        assert r.fit(a, b) == shown  # no second refit for data that did not move
