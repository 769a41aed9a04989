"""The answer syntax's functions added for the matrix-calculus workbench."""

import numpy as np
import pytest

from explorer.core.expr import ParseError, parse

X = np.array([[2.0, 1.0], [-1.0, 3.0]])


@pytest.mark.parametrize("text, expected", [
    ("sum(X)", 5.0),
    ("norm1(X)", 7.0),
    ("norm2(X)", np.sqrt(15.0)),
    ("det(X)", 7.0),
    ("logdet(X)", np.log(7.0)),
    ("relu(X - 1)", [[1.0, 0.0], [0.0, 2.0]]),
    ("sign(X - 1)", [[1.0, 0.0], [-1.0, 1.0]]),
])
def test_new_functions_evaluate(text, expected):
    got = parse(text, ["X"]).evaluate({"X": X})
    assert np.allclose(got, np.broadcast_to(expected, got.shape))


def test_logdet_of_a_negative_determinant_is_not_a_number():
    assert np.isnan(parse("logdet(X)", ["X"]).evaluate({"X": -np.eye(3)})[0, 0])


def test_det_needs_a_square_matrix():
    from explorer.core.expr import EvalError

    with pytest.raises(EvalError, match="square"):
        parse("det(X)", ["X"]).evaluate({"X": np.ones((2, 3))})


def test_an_unknown_function_lists_the_new_ones():
    with pytest.raises(ParseError) as info:
        parse("frob(X)", ["X"])
    for name in ("logdet", "norm2", "relu", "sum"):
        assert name in str(info.value)
