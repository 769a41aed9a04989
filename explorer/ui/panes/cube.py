"""Pane for CubeView: the n×n×n Jacobian of xxᵀ one slice at a time. Its controls are
the window's only ones for the slice (the exercise's `axis` and `k`): which tensor axis is
sliced, play, a slider and a number box over the slice index. Below them the slice as a
heat map filling the room there is, the row and column that hold x outlined, and, for
n ≤ 8, every slice side by side (click one to show it).

The pane computes nothing: its controls ask the window to set `k` and `axis`, and the
window sends back the new view. A big slice comes as its structure: the pane asks it for
its picture at the size it is drawn, at most one cell a screen pixel."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from explorer.core.block_extremes import MAX_IMAGE_SIDE
from explorer.core.views import CubeView
from explorer.ui.panes.base import SyncedUpdate
from explorer.ui.panes.data_items import Curve
from explorer.ui.panes.heat_map import HeatMap
from explorer.ui.panes.label import add_label
from explorer.ui.panes.line_marks import LineMarks
from explorer.ui.panes.matrix_plot import (
    MatrixPlot,
    colour_bar,
    diverging_map,
    style_axes,
    symmetric_limit,
)
from explorer.ui.panes.plot import add_plot

PLAY_INTERVAL_MS = 600
MAX_MULTIPLES = 8
BELOW_ROW = 2  # the layout's row for the side-by-side slices below the slice
BELOW_MIN_PX = 380  # graphics height from which they fit below the slice
BESIDE_MIN_PX = 90  # spare width from which they fit beside it
BESIDE_MAX_PX = 170
QWIDGETSIZE_MAX = (1 << 24) - 1


def slice_name(axis: int) -> str:
    """'J[:, :, k]' for axis 2: the slice's place in the tensor J[i, j, k]."""
    parts = [":", ":", ":"]
    parts[axis] = "ijk"[axis]
    return f"J[{', '.join(parts)}]"


class CubePane(SyncedUpdate, QtWidgets.QWidget):
    param_requested = QtCore.Signal(str, float)

    def __init__(self, theme, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.setMinimumSize(280, 260)  # (fits the middle column of a 1024 px window)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._make_controls())

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(theme.background)
        self.graphics.ci.layout.setContentsMargins(4, 4, 4, 2)
        self.graphics.ci.layout.setSpacing(2)
        layout.addWidget(self.graphics, 1)
        fg = theme.foreground
        self.title = add_label(self.graphics.ci, " ", row=0, col=0, colspan=2, color=fg,
                               size="10pt")
        self.slice_plot = add_plot(self.graphics.ci, row=1, col=0)
        self.slice = MatrixPlot(self.slice_plot, theme, text_cells=36)
        self.marks = LineMarks(theme.color("tangent"))
        self.marks.setZValue(6)
        self.slice_plot.addItem(self.marks, ignoreBounds=True)
        self.bar = colour_bar(theme)
        self.graphics.addItem(self.bar, row=1, col=1)
        self.multiples_plot = add_plot(self.graphics.ci, row=BELOW_ROW, col=0)
        self.graphics.ci.layout.removeItem(self.multiples_plot)  # placed when shown
        self.multiples_plot.setVisible(False)
        self._multiples_at: str | None = None  # 'below', 'beside' or None: not shown
        self._setup_multiples()
        self.readout = add_label(self.graphics.ci, " ", row=3, col=0, colspan=2, color=fg,
                                 size="10pt")
        self.graphics.ci.layout.setRowStretchFactor(1, 3)

        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._step)
        self.play_button.toggled.connect(self._on_play)
        self.slider.valueChanged.connect(self._on_index)
        self.index_box.valueChanged.connect(self._on_index)
        self.axis_box.currentIndexChanged.connect(self._on_axis)
        self.graphics.scene().sigMouseMoved.connect(self._on_hover)
        self.graphics.scene().sigMouseClicked.connect(self._on_click)
        # a slice drawn bigger or smaller on screen gets a picture of its new size
        self.slice_plot.vb.sigResized.connect(self._fit_picture)
        self.slice_plot.vb.sigRangeChanged.connect(self._fit_picture)
        self._view = None
        self._side = MAX_IMAGE_SIDE  # cells a side of the slice's picture last drawn

    def _make_controls(self) -> QtWidgets.QWidget:
        self.controls = QtWidgets.QWidget()
        self.controls.setObjectName("pane-controls")  # exports leave these out
        row = QtWidgets.QHBoxLayout(self.controls)
        row.setContentsMargins(6, 4, 6, 0)
        row.setSpacing(4)
        self.axis_box = QtWidgets.QComboBox()
        self.axis_box.setAccessibleName("sliced axis")
        self.axis_box.setToolTip("Which index of J[i, j, k] is held fixed: the slice shown")
        self.axis_box.addItems([slice_name(axis) for axis in range(3)])
        self.play_button = QtWidgets.QToolButton()
        self.play_button.setText("▶")
        self.play_button.setAccessibleName("play slices")
        self.play_button.setToolTip("Play: step through the slices one after another")
        self.play_button.setCheckable(True)
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("slice index")
        self.slider.setToolTip("Which slice to show (arrow keys step through them)")
        self.slider.setMinimumWidth(40)
        self.index_box = QtWidgets.QSpinBox()
        self.index_box.setAccessibleName("slice index number")
        self.index_box.setToolTip("Which slice to show: type its number")
        self.index_box.setKeyboardTracking(False)  # typed digits count once complete
        row.addWidget(self.axis_box)
        row.addWidget(self.play_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.index_box)
        return self.controls

    def _setup_multiples(self) -> None:
        plot = self.multiples_plot
        plot.invertY(True)
        plot.setAspectLocked(True)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.hideAxis("left")
        style_axes(plot, self.theme)
        self._small: list[HeatMap] = []
        for _ in range(MAX_MULTIPLES):
            image = HeatMap()
            image.setColorMap(diverging_map())
            plot.addItem(image)
            self._small.append(image)
        self._current_box = Curve(pen=pg.mkPen(self.theme.color("tangent"), width=3))
        self._current_box.setZValue(5)
        plot.addItem(self._current_box)

    # --- update -----------------------------------------------------------------------
    def _update(self, view: CubeView) -> None:
        self._view = view
        fg = self.theme.foreground
        self.axis_box.setCurrentIndex(view.axis)
        for box in (self.slider, self.index_box):
            box.setRange(1, view.n)
            box.setValue(view.index + 1)
        prefix, suffix = f"{'ijk'[view.axis]} = ", f" / {view.n}"
        if (self.index_box.prefix(), self.index_box.suffix()) != (prefix, suffix):
            self.index_box.setPrefix(prefix)
            self.index_box.setSuffix(suffix)
        tip = QtCore.Qt.ItemDataRole.ToolTipRole
        for axis, meaning in enumerate(view.axis_names):
            if self.axis_box.itemData(axis, tip) != meaning:
                self.axis_box.setItemData(axis, meaning, tip)
        self.title.setText(f"{view.title}<br>{view.slice_title}", color=fg)
        self.slice_plot.setLabel("bottom", view.col_label, color=fg)
        self.slice_plot.setLabel("left", view.row_label, color=fg)
        self._show_slice(self._picture_side(view.n))
        self.marks.set_lines(*view.slice.carriers, view.slice.shape)
        self._update_multiples(view, self.slice.limit)
        self.readout.setText(view.note or " ", color=fg)

    def _show_slice(self, side: int) -> None:
        view = self._view
        picture = view.slice.blocks(side)
        limit = symmetric_limit(picture, view.limit)
        self.slice.set_picture(picture, view.slice.shape, limit)
        self.bar.setLevels((-limit, limit))
        self._side = side

    def _picture_side(self, n: int) -> int:
        """Cells a side of the slice's picture: one a screen pixel at most (so that no
        row of it is dropped in drawing), MAX_IMAGE_SIDE at most."""
        vb = self.slice_plot.vb
        pixel = max(vb.viewPixelSize()) if vb.width() > 0 and vb.height() > 0 else 0.0
        if not (pixel > 0 and math.isfinite(pixel)):
            return MAX_IMAGE_SIDE
        shown = n / pixel * self.devicePixelRatioF()
        return max(1, min(MAX_IMAGE_SIDE, math.floor(shown)))

    def _fit_picture(self, *_) -> None:
        view = self._view
        if view is not None and self._picture_side(view.n) != self._side:
            self._show_slice(self._picture_side(view.n))

    def _update_multiples(self, view, limit: float) -> None:
        self._place_multiples(self._room_for_multiples(view))
        if self._multiples_at is None:
            return
        n, count = view.n, len(view.multiples)
        for k, image in enumerate(self._small):
            image.setVisible(k < count)
            if k < count:
                image.show_values(view.multiples[k], (-limit, limit))
                image.setRect(QtCore.QRectF(*self._thumb_at(k, n), n, n))
        name = "ijk"[view.axis]
        plot = self.multiples_plot
        plot.setTitle(f"all {count} slices (click one)", color=self.theme.foreground,
                      size="9pt")
        beside = self._multiples_at == "beside"
        axis = "left" if beside else "bottom"
        plot.showAxis(axis)
        plot.hideAxis("bottom" if beside else "left")
        plot.getAxis(axis).setTicks(
            [[(k * (n + 1) + n / 2, f"{name}={k + 1}") for k in range(count)]])
        x0, y0 = self._thumb_at(view.index, n)
        pad = 0.15
        self._current_box.show_data([x0 - pad, x0 + n + pad, x0 + n + pad, x0 - pad, x0 - pad],
                                    [y0 - pad, y0 - pad, y0 + n + pad, y0 + n + pad, y0 - pad])
        span = (-0.5, count * (n + 1) - 0.5)
        plot.setRange(xRange=(-0.5, n + 0.5) if beside else span,
                      yRange=span if beside else (-0.5, n + 0.5), padding=0.02)

    def _thumb_at(self, k: int, n: int) -> tuple[float, float]:
        """Where the k-th side-by-side slice starts: in a row, or a column beside."""
        along = k * (n + 1)
        return (0.0, along) if self._multiples_at == "beside" else (along, 0.0)

    def _room_for_multiples(self, view) -> str | None:
        """'beside' the slice when the pane is wide enough that the slice's square
        leaves room to its right, 'below' when it is tall enough, else None (the
        slice takes all the room)."""
        if view is None or not view.multiples:
            return None
        width, height = self.graphics.width(), self.graphics.height()
        square = height - self.title.height() - self.readout.height() - 50  # its axis
        if width - square - 130 >= BESIDE_MIN_PX:  # (130: its axis and colour bar)
            return "beside"
        return "below" if height >= BELOW_MIN_PX else None

    def _place_multiples(self, where: str | None) -> None:
        """The side-by-side slices take a place in the layout only while shown."""
        if where == self._multiples_at:
            return
        grid, plot = self.graphics.ci.layout, self.multiples_plot
        if self._multiples_at is not None:
            grid.removeItem(plot)
            grid.setRowStretchFactor(BELOW_ROW, 0)  # (an empty row kept its room)
        self._multiples_at = where
        plot.setVisible(where is not None)
        if where == "below":
            plot.setMaximumWidth(QWIDGETSIZE_MAX)
            grid.addItem(plot, BELOW_ROW, 0)
            grid.setRowStretchFactor(BELOW_ROW, 1)
        elif where == "beside":
            plot.setMaximumWidth(BESIDE_MAX_PX)
            grid.addItem(plot, 1, 2)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._view is not None and self._room_for_multiples(self._view) != \
                self._multiples_at:
            self._update_multiples(self._view, self.slice.limit)

    # --- interaction --------------------------------------------------------------------
    def _on_index(self, value: int) -> None:
        if not self._syncing:
            self.param_requested.emit("k", float(value))

    def _on_axis(self, index: int) -> None:
        if not self._syncing and index >= 0:
            self.param_requested.emit("axis", float(index))

    def _on_play(self, playing: bool) -> None:
        self.play_button.setText("⏸" if playing else "▶")
        self.play_button.setToolTip("Pause" if playing else
                                    "Play: step through the slices one after another")
        if playing:
            self.timer.start()
        else:
            self.timer.stop()

    def _step(self) -> None:
        """Next slice, wrapping round after the last."""
        if self._view is None:
            return
        self.param_requested.emit("k", float(self._view.index + 1) % self._view.n + 1)

    def _on_hover(self, scene_pos) -> None:
        view = self._view
        if view is None:
            return
        cell = self.slice.cell_at(scene_pos)
        text = view.note or " "
        if cell is not None:
            i, j = cell
            text = (f"{view.row_label} = {i + 1}, {view.col_label} = {j + 1}: "
                    f"{view.slice.entry(i, j):.6g}")
        self.readout.setText(text, color=self.theme.foreground)

    def leaveEvent(self, event) -> None:
        """The mouse left the pane: the readout of the entry under it clears."""
        if self._view is not None:
            self.readout.setText(self._view.note or " ", color=self.theme.foreground)
        super().leaveEvent(event)

    def _on_click(self, event) -> None:
        view = self._view
        if view is None or self._multiples_at is None:
            return
        pos = event.scenePos()
        if not self.multiples_plot.sceneBoundingRect().contains(pos):
            return
        p = self.multiples_plot.vb.mapSceneToView(pos)
        along, across = (p.y(), p.x()) if self._multiples_at == "beside" else (p.x(), p.y())
        k = int(np.floor(along / (view.n + 1)))
        if 0 <= k < len(view.multiples) and 0 <= across <= view.n:
            self.param_requested.emit("k", float(k + 1))

    def export_item(self):
        return self.graphics.scene()
