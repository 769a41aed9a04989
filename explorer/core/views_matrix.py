"""Views of vectors, matrices and tensors as plain data: heat maps, gradient fields over a
plane, slices of a 3-D tensor, and chain-rule products (see explorer.core.views);
`table()` gives the numbers for CSV export."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from explorer.core.symbols import index_pair
from explorer.core.symbols import subscript as subscript  # (the exercises import it here)
from explorer.core.tensors import OuterSlice

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def realspace(shape: tuple[int, ...]) -> str:
    """'ℝ³ˣ²' for shape (3, 2): the space a derivative of this shape lives in."""
    dims = "ˣ".join(str(int(d)).translate(_SUPERSCRIPT) for d in shape)
    return "ℝ" + dims


def as_matrix(value: object) -> np.ndarray:
    """Numbers → 1×1, vectors → one row, matrices unchanged (float arrays)."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return arr.reshape(1, 1)
    if arr.ndim == 1:
        return arr.reshape(1, -1)
    return arr


def _matrix_table(matrix: np.ndarray, row_names: list[str] | None,
                  col_names: list[str] | None) -> tuple[list[str], list[list[Any]]]:
    rows, cols = matrix.shape
    col_names = col_names or [str(j + 1) for j in range(cols)]
    row_names = row_names or [str(i + 1) for i in range(rows)]
    header = ["row", *col_names]
    return header, [[row_names[i], *map(float, matrix[i])] for i in range(rows)]


@dataclass(frozen=True)
class HeatmapView:
    """A matrix as a heat map with a colour scale centred on 0. Rows and columns are
    numbered from 1 on the axes, as in the book (x₁, x₂, …)."""

    title: str  # shows the shape, e.g. "df/dx ∈ ℝ³ˣ²"
    matrix: np.ndarray
    row_label: str = "row i"
    col_label: str = "column j"
    row_names: list[str] | None = None  # tick labels; None: 1, 2, …
    col_names: list[str] | None = None
    col_blocks: list[tuple[str, int, int]] = field(default_factory=list)  # (label, start, stop)
    highlight_diagonal: bool = False
    limit: float | None = None  # colour scale ±limit; None: the largest |entry|
    note: str = ""
    # The formula of entry (i, j), shown on hover: a template with {i}, {j} and {ij}, the
    # 1-based indices as subscripts ("cos(z{i})·A{ij}" → "cos(z₂)·A₂₁").
    entry_formula: str = ""

    def formula_at(self, i: int, j: int) -> str:
        """The entry formula for 0-based (i, j), or '' if there is none."""
        if not self.entry_formula:
            return ""
        return self.entry_formula.format(i=subscript(i + 1), j=subscript(j + 1),
                                         ij=index_pair(i + 1, j + 1))

    def table(self) -> tuple[list[str], list[list[Any]]]:
        return _matrix_table(as_matrix(self.matrix), self.row_names, self.col_names)


@dataclass(frozen=True)
class FieldPoint:
    """A point on a field view. `drag` names the two parameters a drag sets, e.g.
    ("x[0]", "x[1]"); `arrow` is the gradient drawn from it (None: no arrow)."""

    name: str
    x: float
    y: float
    label: str = ""
    drag: tuple[str, str] | None = None
    arrow: tuple[float, float] | None = None
    role: str = "point"  # 'point' (the evaluation point) or 'centre' (e.g. μ)


@dataclass(frozen=True)
class FieldView:
    """f over a plane (values[iy, ix] at (xs[ix], ys[iy])), the gradient field sampled at
    `arrows_at` (P×2) with plane components `arrows` (P×2), and labelled points."""

    title: str
    xlabel: str
    ylabel: str
    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray
    arrows_at: np.ndarray
    arrows: np.ndarray
    points: list[FieldPoint] = field(default_factory=list)
    value_label: str = "f"
    note: str = ""

    def table(self) -> tuple[list[str], list[list[Any]]]:
        header = [self.xlabel, self.ylabel, self.value_label]
        gx, gy = np.meshgrid(self.xs, self.ys)
        rows = np.column_stack([gx.ravel(), gy.ravel(), np.asarray(self.values).ravel()])
        return header, rows.tolist()


@dataclass(frozen=True)
class CubeView:
    """One slice of an n×n×n tensor J[i, j, k] (the slice at `index` along `axis`), and,
    for small n, every slice along that axis (`multiples`) for a side-by-side grid. The
    slice keeps its structure: its picture at any size (`blocks`), single entries and
    the rows and columns that hold x come without its n² entries."""

    title: str
    n: int
    axis: int  # 0: row i fixed, 1: column j fixed, 2: ∂/∂x_k fixed
    index: int  # 0-based
    slice: OuterSlice  # n×n; np.asarray(slice) gives its entries
    slice_title: str
    row_label: str
    col_label: str
    axis_names: tuple[str, str, str]  # what fixing each axis means, for the axis chooser
    multiples: list[np.ndarray] = field(default_factory=list)
    limit: float = 1.0  # common colour scale ±limit for every slice
    note: str = ""

    def table(self) -> tuple[list[str], list[list[Any]]]:
        return _matrix_table(np.asarray(self.slice, dtype=float), None, None)


@dataclass(frozen=True)
class Term:
    """One matrix in a displayed product, e.g. ∂f/∂z. `role`: 'factor', 'result', 'input'."""

    label: str
    matrix: np.ndarray
    role: str = "factor"
    outline_diagonal: bool = False  # e.g. the diagonal a trace adds up

    @property
    def shape_text(self) -> str:
        return realspace(as_matrix(self.matrix).shape)


@dataclass(frozen=True)
class FactorsView:
    """Matrices laid out as a formula: terms[0] ops[0] terms[1] … (ops like '·', '='),
    each as a small heat map labelled with its shape; `caption` states what was checked."""

    title: str
    terms: list[Term]
    ops: list[str]
    caption: str = ""
    note: str = ""

    def table(self) -> tuple[list[str], list[list[Any]]]:
        header = ["term", "shape", "row", "column", "value"]
        rows = []
        for term in self.terms:
            m = as_matrix(term.matrix)
            shape = "x".join(str(d) for d in m.shape)
            for (i, j), value in np.ndenumerate(m):
                rows.append([term.label, shape, i + 1, j + 1, float(value)])
        return header, rows
