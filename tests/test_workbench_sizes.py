"""Linked sizes: one control per class of dimensions that must stay equal, so that any
size chosen keeps the expression conformable."""

from __future__ import annotations

import pytest

from explorer.core.workbench import derive
from explorer.core.workbench.sizes import linked_sizes, resized

CORPUS = [("tr(A@X.T@B@X@C)", "X"), ("x.T@A@x", "x"), ("sin(A@x + b)", "x"),
          ("x@x.T", "x"), ("outer(x, y)@z", "x"), ("diag(x)@A@y", "x"),
          ("log(det(X)) + tr(inv(X)@B)", "X"), ("sum(exp(y*(X@w)))", "w"),
          ("norm2(A@x - y)^2", "x"), ("sigmoid(v.T@w)", "w")]


@pytest.mark.parametrize(("text", "wrt"), CORPUS)
@pytest.mark.parametrize("value", [2, 5])
def test_every_linked_size_keeps_the_expression_conformable(text, wrt, value):
    d = derive(text, wrt)
    sizes = linked_sizes(text, d.problem.shapes, wrt)
    assert sizes and wrt in {name for name, _ in sizes[0].slots}
    for size in sizes:
        derive(text, wrt, resized(d.problem.shapes, size, value))


def test_the_classes_of_the_trace():
    d = derive("tr(A@X.T@B@X@C)", "X")
    labels = [s.label for s in linked_sizes("tr(A@X.T@B@X@C)", d.problem.shapes, "X")]
    assert labels == ["rows of X, rows and columns of B",
                      "columns of X, columns of A, rows of C", "rows of A, columns of C"]


def test_fixed_sizes_and_blocks_offer_no_control():
    assert linked_sizes("tr(eye(3)@X)", {"X": (3, 3)}, "X") == []
    assert linked_sizes("[x, y]", {"x": (3, 1), "y": (3, 1)}, "x") == []
