"""Hostile expressions for the workbench: deep nesting, long products whose derivative
would be huge, many terms. Each is derived and checked, or refused with an InputError
(one line on the command line), never a RecursionError or a runaway computation."""

import pytest

from explorer.core.errors import InputError
from explorer.core.workbench import derive

DERIVED = [
    ("+".join(["sin(x)"] * 150), "x"),
    ("-" * 190 + "x", "x"),
    ("@".join(["A"] * 150) + "@x", "x"),
    ("tr(" * 39 + "A" + ")" * 39, "A"),
    ("sum(" * 39 + "exp(x)" + ")" * 39, "x"),
    ("(" * 39 + "x" + "+x)" * 39, "x"),
    ("inv(" * 30 + "X" + ")" * 30, "X"),
]
REFUSED = [
    ("*".join(["x"] * 190), "x", "more than 4000 parts"),
    ("*".join(["exp(x)"] * 150), "x", "more than 4000 parts"),
    ("@".join(["A"] * 150) + "@x", "A", "more than 4000 parts"),
    ("x" + "+x" * 999, "x", "nested more than"),
]


@pytest.mark.parametrize("text, wrt", DERIVED, ids=[t[:20] for t, _ in DERIVED])
def test_derived_and_checked(text, wrt):
    r = derive(text, wrt)
    assert r.check.ok and all(s.ok for s in r.steps)


@pytest.mark.parametrize("text, wrt, message", REFUSED, ids=[t[:20] for t, _, _ in REFUSED])
def test_refused_with_a_reason(text, wrt, message):
    with pytest.raises(InputError, match=message):
        derive(text, wrt)
