"""Views of Monte-Carlo estimates, as plain data (no Qt): clouds of single-sample
gradients, running averages with a ±1 standard-error band, and the terms of a chain rule
(see explorer.core.views); `table()` gives the numbers for CSV export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np


# --- single samples --------------------------------------------------------------------
@dataclass(frozen=True)
class SamplePanel:
    """One panel of sample estimates.

    mode 'histogram': `x` holds the bin edges (k + 1), `y` the density per bin (k); the
    estimate is one number, so `exact`, `single` and `mean` have one entry each.
    mode 'scatter': `x`, `y` are the points drawn (possibly a subset of all samples); the
    estimate is a 2-vector, so `exact`, `single` and `mean` have two entries each."""

    title: str
    xlabel: str
    ylabel: str
    mode: str
    x: np.ndarray
    y: np.ndarray
    exact: tuple[float, ...]
    single: tuple[float, ...]
    mean: tuple[float, ...]


@dataclass(frozen=True)
class SampleCloudView:
    """Panels of single-sample estimates with the exact value and one chosen sample marked.
    `names` and `samples` give every sample (all components) for the CSV export; they are
    made from `every_sample` when first asked for (an update on screen never needs them)."""

    title: str
    panels: list[SamplePanel]
    names: list[str]
    every_sample: Callable[[], np.ndarray]  # → (N, k)
    note: str = ""

    @cached_property
    def samples(self) -> np.ndarray:
        return self.every_sample()

    def table(self) -> tuple[list[str], list[list[Any]]]:
        header = ["sample", *self.names]
        rows = np.column_stack([np.arange(1, len(self.samples) + 1), self.samples])
        return header, rows.tolist()


# --- running averages -----------------------------------------------------------------
@dataclass(frozen=True)
class Series:
    """A running Monte-Carlo average with its standard error and the value it estimates.
    `color` indexes the theme's categorical palette; `dashed` draws the average dashed."""

    name: str
    mean: np.ndarray  # (C,) at the panel's checkpoints
    se: np.ndarray  # (C,), nan where undefined (one sample)
    exact: float
    color: int = 0


@dataclass(frozen=True)
class ConvergencePanel:
    title: str
    ylabel: str
    n: np.ndarray  # (C,) sample counts, ascending
    series: list[Series]
    y_range: tuple[float, float] | None = None  # None: fit everything drawn


@dataclass(frozen=True)
class ConvergenceView:
    """Running averages against the number of samples N (log axis) with ±1 SE bands.
    Panels given the same `y_range` can be compared by eye."""

    title: str
    panels: list[ConvergencePanel]
    xlabel: str = "N (samples, log scale)"
    note: str = ""

    def table(self) -> tuple[list[str], list[list[Any]]]:
        header = ["panel", "N"]
        names = []
        for panel in self.panels:
            for s in panel.series:
                if s.name not in names:
                    names.append(s.name)
        for name in names:
            header += [f"{name} mean", f"{name} se", f"{name} exact"]
        rows = []
        for panel in self.panels:
            by_name = {s.name: s for s in panel.series}
            for i, n in enumerate(panel.n):
                row: list[Any] = [panel.title, int(n)]
                for name in names:
                    found = by_name.get(name)
                    row += ([float(found.mean[i]), float(found.se[i]), float(found.exact)]
                            if found else [np.nan] * 3)
                rows.append(row)
        return header, rows


# --- chain rule ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """One factor or summand of a chain rule: a matrix with its symbol and shape label."""

    symbol: str  # e.g. "∂g/∂z"
    shape_label: str  # e.g. "1×E = 1×2"
    values: np.ndarray  # 2-D
    check: str = ""  # e.g. "finite differences agree to 3e-10"


@dataclass(frozen=True)
class ChainView:
    """A chain rule written out: terms[0] · terms[1] + terms[2] = terms[3] (the operators
    between the terms are given by `operators`, one fewer than the terms)."""

    title: str
    terms: list[Term]
    operators: list[str] = field(default_factory=list)
    note: str = ""  # e.g. the finite-difference check

    def table(self) -> tuple[list[str], list[list[Any]]]:
        header = ["term", "shape", "row", "column", "value"]
        rows = []
        for t in self.terms:
            vals = np.atleast_2d(t.values)
            for (i, j), value in np.ndenumerate(vals):
                rows.append([t.symbol, t.shape_label, i + 1, j + 1, float(value)])
        return header, rows
