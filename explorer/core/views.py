"""What a pane shows, as plain data. Exercises produce these; the UI draws them and the
CSV export writes them. `View` is the closed set of them: an exercise's `views` returns
one for each of its panes, and the UI has one pane class for each type
(explorer.ui.pane_grid). Views are frozen: a pane reads them, never changes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias, get_args

import numpy as np

from explorer.core.views_matrix import CubeView, FactorsView, FieldView, HeatmapView
from explorer.core.views_sampling import ChainView, ConvergenceView, SampleCloudView


@dataclass(frozen=True)
class Curve:
    """A curve y(x). Non-finite y values are drawn as gaps. `role` picks the style:
    'f', 'df', 'tangent', 'taylor' (with `order`), 'error', 'aux'."""

    name: str
    x: np.ndarray
    y: np.ndarray
    role: str = "f"
    order: int = 0
    in_bounds: bool = True  # False: never stretches the axes (tangent lines, polynomials)
    legend: bool = True  # False: drawn but not listed (e.g. the lower Taylor orders)


@dataclass(frozen=True)
class Marker:
    """A labelled point. The first marker whose `drag` names a parameter can be dragged
    along x to set that parameter."""

    name: str
    x: float
    y: float
    label: str = ""
    role: str = "point"  # 'point' (current x), 'feature' (max, inflection), 'hole'
    drag: str | None = None
    order: int = 0  # which of several draggable points (0: the main one), for its colour
    on: str = ""  # the curve a dragged point rides on (its name), if any


@dataclass(frozen=True)
class CurvesView:
    title: str
    xlabel: str
    ylabel: str
    curves: list[Curve]
    markers: list[Marker] = field(default_factory=list)
    log_y: bool = False
    y_range: tuple[float, float] | None = None  # fixed y range; None: fit the curves
    note: str = ""  # a short message shown on the pane (e.g. "x = 0 is outside the domain")
    # Curves not drawn but read out under the mouse (e.g. f′ on the f pane).
    readouts: list[Curve] = field(default_factory=list)

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Columns x, then one per curve (curves sharing one x grid), for CSV."""
        header = ["x"] + [c.name for c in self.curves]
        xs = np.unique(np.concatenate([c.x for c in self.curves]))
        cols = [xs]
        for c in self.curves:
            y = np.full(xs.shape, np.nan)
            y[np.searchsorted(xs, c.x)] = c.y
            cols.append(y)
        return header, np.column_stack(cols).tolist()


@dataclass(frozen=True)
class BarsView:
    title: str
    xlabel: str
    ylabel: str
    labels: list[str]
    values: np.ndarray
    note: str = ""

    def table(self) -> tuple[list[str], list[list[Any]]]:
        return [self.xlabel, self.ylabel], [
            [lab, float(v)] for lab, v in zip(self.labels, self.values, strict=True)
        ]


View: TypeAlias = (CurvesView | BarsView | HeatmapView | FieldView | CubeView | FactorsView
                   | SampleCloudView | ConvergenceView | ChainView)
VIEW_TYPES: tuple[type, ...] = get_args(View)
