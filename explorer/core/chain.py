"""Chain-rule factors: multiply the partial derivatives in order and show them, with their
shapes, beside the Jacobian computed directly, so the product can be seen to equal it."""

from __future__ import annotations

from functools import reduce
from typing import Any

import numpy as np

from explorer.core.views_matrix import FactorsView, Term, as_matrix


def chain_product(factors: list[np.ndarray]) -> np.ndarray:
    """The matrix product of the factors (numbers count as 1×1, vectors as rows)."""
    return reduce(np.matmul, (as_matrix(f) for f in factors))


def factors_view(title: str, factors: list[tuple[str, np.ndarray]],
                 result: tuple[str, np.ndarray], note: str = "") -> FactorsView:
    """factor₁ · factor₂ · … = result, with a caption stating how closely they agree."""
    product = chain_product([m for _, m in factors])
    label, direct = result
    direct = as_matrix(direct)
    terms = [Term(lab, as_matrix(m)) for lab, m in factors] + [Term(label, direct, "result")]
    ops = ["·"] * (len(factors) - 1) + ["="]
    if product.shape != direct.shape:  # a wrong formula must show, never pass quietly
        caption = f"shapes differ: product {product.shape}, {label} {direct.shape}"
    else:
        err = float(np.max(np.abs(product - direct))) if direct.size else 0.0
        shapes = " · ".join("×".join(map(str, as_matrix(m).shape)) for _, m in factors)
        caption = (f"({shapes}) → {'×'.join(map(str, direct.shape))}: "
                   f"max |product − {label}| = {err:.1e}")
    return FactorsView(title, terms, ops, caption, note)


def diagonal(values: np.ndarray) -> np.ndarray:
    """diag(v) for a vector v: the Jacobian of an element-wise function."""
    return np.diag(np.asarray(values, dtype=float).ravel())


def factors_json(factors: list[tuple[str, np.ndarray]]) -> list[dict[str, Any]]:
    """The factors for the `evaluate` output: name, shape and value of each, in order."""
    return [{"name": label, "shape": list(as_matrix(m).shape), "value": as_matrix(m).tolist()}
            for label, m in factors]
