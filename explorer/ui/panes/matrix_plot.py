"""A matrix drawn in a PlotItem: one image cell per entry (row 1 at the top), indices as
axis ticks, a diverging colour map centred on 0, and the entries written into the cells
when the matrix is small. Shared by the heat map, factor, and cube panes (not a pane)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from explorer.core.block_extremes import block_extremes
from explorer.ui.panes.cell_numbers import CellNumbers
from explorer.ui.panes.heat_map import HeatMap
from explorer.ui.panes.pixmap_cache import cache

DIVERGING = "CET-D1A"  # blue – white – red, symmetric about its middle
MAX_TEXT_CELLS = 48  # write the entries into the cells up to this many
MAX_TICKS = 12
SAME_CHECK_MAX = 65_536  # bigger matrices count as unchanged only if the same array


def diverging_map() -> pg.ColorMap:
    return pg.colormap.get(DIVERGING)


# Smallest colour-scale half-width: pyqtgraph divides by the level span, which overflows
# for spans near the smallest doubles (all entries ~1e-320 are drawn as 0 instead).
MIN_LEVEL = 1e-300


# Colour-scale limits computed from the data are rounded up to one of these × 10^k, so
# that while a slider moves the scale (and its colour bar's axis) changes in steps, not on
# every update; the largest entry keeps at least 2/3 of the scale's strength.
NICE_STEPS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(value: float) -> float:
    """The smallest step × 10^k that is ≥ value (value > 0)."""
    power = 10.0 ** math.floor(math.log10(value))
    scaled = value / power
    step = next((s for s in NICE_STEPS if s >= scaled * (1 - 1e-12)), 10.0)
    return step * power


def symmetric_limit(matrix: np.ndarray, limit: float | None = None) -> float:
    """±limit of a colour scale centred on 0: the given limit (e.g. one for every slice of
    a cube) or the largest |entry|, rounded up to a nice number (1 if all 0)."""
    if not (limit and MIN_LEVEL < limit < np.inf):
        finite = np.abs(matrix[np.isfinite(matrix)])
        limit = float(finite.max()) if finite.size else 0.0
    if not limit > MIN_LEVEL:
        return 1.0
    nice = nice_ceiling(limit)
    return nice if math.isfinite(nice) else float(limit)


TICK_GAP = 8.0  # px at least between neighbouring index labels along an axis


def index_ticks(count: int, names: list[str] | None, cell_px: float | None = None,
                label_px=None) -> list[tuple[float, str]]:
    """Ticks at cell centres, labelled 1, 2, … (or by `names`). Given the size of a cell
    on screen (`cell_px`) and a label's extent along the axis (`label_px(text)`), as
    many as fit without touching: every one, or 1 and round multiples (10, 20, … or
    200, 400, …), the first of them left out when it would touch 1. Without them, all
    up to MAX_TICKS cells, else about eight."""
    def label(i: int) -> str:
        return names[i] if names else str(i + 1)

    if cell_px is None or label_px is None or not cell_px > 0:
        if count <= MAX_TICKS:
            return [(i + 0.5, label(i)) for i in range(count)]
        raw, need, cell_px = count / 8, 1.0, 1.0
    else:
        raw = 1.0
        widest = max(names, key=len) if names else str(count)
        need = label_px(widest) + TICK_GAP
    step = 1
    while step < count and step * cell_px < max(need, raw * cell_px):
        magnitude = 10 ** math.floor(math.log10(step))
        step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude > step)
    if step == 1:
        shown = list(range(count))
    else:  # 1, and the multiples not too close to it
        shown = [0, *(i for i in range(step - 1, count, step) if i * cell_px >= need)]
    return [(i + 0.5, label(i)) for i in shown]


def format_entry(value: float) -> str:
    if value == 0:
        return "0"
    return f"{value:.2g}" if abs(value) < 100 else f"{value:.3g}"


class MatrixPlot:
    """Draws matrices into `plot`; all items are made here once and updated in place."""

    def __init__(self, plot: pg.PlotItem, theme, *, text_cells: int = MAX_TEXT_CELLS,
                 lock_aspect: bool = True):
        self.plot, self.theme = plot, theme
        self.text_cells = text_cells
        plot.invertY(True)
        plot.setAspectLocked(lock_aspect)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        style_axes(plot, theme)
        self.image = HeatMap()
        self.image.setColorMap(diverging_map())
        plot.addItem(self.image)
        self.outline = pg.PlotDataItem(connect="pairs",
                                       pen=pg.mkPen(theme.color("tangent"), width=3))
        self.outline.setZValue(5)
        plot.addItem(self.outline)
        self.numbers = CellNumbers()
        plot.addItem(self.numbers, ignoreBounds=True)
        self.matrix = np.zeros((1, 1))
        self.shape = (1, 1)  # of the matrix shown (its picture may be smaller)
        self.limit = 1.0
        self._shown = None  # the arguments besides the matrix last drawn
        self._names: tuple = (None, None)  # (row names, column names) of the ticks
        # the index ticks thin out to what fits the plot's size on screen
        plot.vb.sigResized.connect(self.fit_ticks)
        plot.vb.sigRangeChanged.connect(self.fit_ticks)

    def set_matrix(self, matrix, limit: float | None = None, row_names=None, col_names=None,
                   outline_diagonal: bool = False, room_above: float = 0.0) -> None:
        """`room_above`: rows of empty space kept above the matrix (for labels there)."""
        m = np.asarray(matrix, dtype=float)
        m = m.reshape(1, -1) if m.ndim == 1 else m.reshape(1, 1) if m.ndim == 0 else m
        shown = (limit, tuple(row_names or ()), tuple(col_names or ()), outline_diagonal,
                 room_above)
        same = m is self.matrix or (m.size <= SAME_CHECK_MAX and m.shape == self.matrix.shape
                                    and np.array_equal(m, self.matrix, equal_nan=True))
        if shown == self._shown and same:
            return  # already on screen: an unchanged matrix costs nothing to update
        # the same shape, names and outline: only the colours and numbers change
        same_frame = shown == self._shown and m.shape == self.shape
        self._shown = shown
        self.matrix = m
        self.limit = symmetric_limit(m, limit)
        self.image.setImage(block_extremes(m), levels=(-self.limit, self.limit),
                            autoLevels=False)
        self._write_entries(m)
        if not same_frame:
            self._set_frame(m.shape, row_names, col_names, outline_diagonal, room_above)

    def set_picture(self, picture: np.ndarray, shape: tuple[int, int], limit: float) -> None:
        """A matrix of `shape` handed over as what is drawn of it: its block extremes
        (core.block_extremes), or itself when it fits; colours ±limit. For matrices too
        big to hand over whole (then `matrix` is not kept: the caller answers for
        entries). The image is recoloured only where the picture changed."""
        self.limit = limit
        before = None if self.image.image is None else self.image.image.shape
        self.image.show_values(picture, (-limit, limit))
        whole = picture.shape == tuple(shape)
        if whole:
            self.matrix = picture
        self._write_entries(picture if whole else None)
        if tuple(shape) != self.shape or self._shown is not None:
            self._shown = None
            self._set_frame(tuple(shape), None, None, False, 0.0)
        elif picture.shape != before:  # the same matrix, drawn with more or fewer cells
            self.image.setRect(QtCore.QRectF(0, 0, shape[1], shape[0]))

    def _set_frame(self, shape, row_names, col_names, outline_diagonal: bool,
                   room_above: float) -> None:
        """Range, ticks and diagonal outline for a matrix of `shape`."""
        rows, cols = shape
        self.shape = (rows, cols)
        self._names = (row_names, col_names)
        self.image.setRect(QtCore.QRectF(0, 0, cols, rows))
        self.plot.setRange(xRange=(0, cols), yRange=(-room_above, rows), padding=0.02)
        self.fit_ticks()
        if outline_diagonal:
            d = np.arange(min(rows, cols), dtype=float)
            # four edges of each diagonal cell, as segment pairs
            xs = np.stack([d, d + 1, d + 1, d + 1, d + 1, d, d, d], axis=1).ravel()
            ys = np.stack([d, d, d, d + 1, d + 1, d + 1, d + 1, d], axis=1).ravel()
            self.outline.setData(xs, ys, connect="pairs")
        else:
            self.outline.setData([], [])

    def fit_ticks(self, *_) -> None:
        """Index ticks that fit the size a cell has on screen now (see index_ticks)."""
        rows, cols = self.shape
        row_names, col_names = self._names
        (x0, x1), (y0, y1) = self.plot.vb.viewRange()
        width, height = self.plot.vb.width(), self.plot.vb.height()
        cell_x = width / (x1 - x0) if width > 0 and x1 > x0 else None
        cell_y = height / (y1 - y0) if height > 0 and y1 > y0 else None
        bottom, left = self.plot.getAxis("bottom"), self.plot.getAxis("left")
        wide = QtGui.QFontMetricsF(bottom.style.get("tickFont") or bottom.font())
        tall = QtGui.QFontMetricsF(left.style.get("tickFont") or left.font())
        bottom.setTicks([index_ticks(cols, col_names, cell_x, wide.horizontalAdvance)])
        left.setTicks([index_ticks(rows, row_names, cell_y, lambda _text: tall.height())])

    def _write_entries(self, m: np.ndarray | None) -> None:
        if m is None or m.size > self.text_cells:
            self.numbers.set_cells([], [], m.shape if m is not None else self.shape)
            return
        values = m.ravel().tolist()
        # a dark cell (far from 0 on the diverging map) gets white text
        colours = ["#ffffff" if abs(v) > 0.6 * self.limit else "#202020" for v in values]
        self.numbers.set_cells([format_entry(v) for v in values], colours, m.shape)

    def cell_at(self, scene_pos) -> tuple[int, int] | None:
        """(row, column), 0-based, of the cell under a scene position, or None."""
        if not self.plot.sceneBoundingRect().contains(scene_pos):
            return None
        p = self.plot.vb.mapSceneToView(scene_pos)
        i, j = math.floor(p.y()), math.floor(p.x())
        rows, cols = self.shape
        return (i, j) if 0 <= i < rows and 0 <= j < cols else None


def style_axes(plot: pg.PlotItem, theme) -> None:
    for name in ("bottom", "left"):
        axis = plot.getAxis(name)
        axis.setTextPen(theme.foreground)
        axis.setPen(theme.foreground)


class ColourBar(pg.ColorBarItem):
    """A colour bar whose levels, set on every update, change it only when they change."""

    def setLevels(self, values=None, low=None, high=None, update_items=True) -> None:
        if values is not None and tuple(values) == tuple(self.values) and low is None \
                and high is None:
            return
        super().setLevels(values, low, high, update_items)


def colour_bar(theme, label: str = "") -> ColourBar:
    bar = ColourBar(values=(-1, 1), colorMap=diverging_map(), interactive=False,
                          width=14, label=label, colorMapMenu=False)
    bar.getAxis("right").setTextPen(theme.foreground)
    bar.getAxis("right").setWidth(44)  # room for tick labels like "-0.75"
    bar.setMinimumWidth(72)  # bar + axis: keep narrow panes from clipping the labels
    # the colour strip is a pixmap scaled to the bar on every paint; cache the scaled one
    cache(bar.bar)
    cache(bar.axis)  # its numbers change only with the levels (see ColourBar)
    return bar
