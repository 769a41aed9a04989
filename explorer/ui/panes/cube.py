"""Pane for CubeView: the n×n×n Jacobian of xxᵀ one slice at a time. Controls: which
tensor axis is sliced, a slider over the slice index and a play button; below, the slice
as a heat map and, for n ≤ 8, every slice side by side (click one to show it).

The pane computes nothing: the slider, the axis chooser and play ask the window to set
the exercise parameters `k` and `axis`, and the window sends back the new view."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from explorer.core.views import CubeView
from explorer.ui.panes.base import SyncedUpdate
from explorer.ui.panes.data_items import Curve
from explorer.ui.panes.heat_map import HeatMap
from explorer.ui.panes.label import add_label
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


class CubePane(SyncedUpdate, QtWidgets.QWidget):
    param_requested = QtCore.Signal(str, float)

    def __init__(self, theme, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.setMinimumSize(320, 260)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.controls = QtWidgets.QWidget()
        self.controls.setObjectName("pane-controls")  # exports leave these out
        controls = QtWidgets.QHBoxLayout(self.controls)
        controls.setContentsMargins(6, 4, 6, 0)
        self.axis_box = QtWidgets.QComboBox()
        self.axis_box.setAccessibleName("sliced axis")
        self.axis_box.setToolTip("Which index of J[i, j, k] is held fixed")
        self.play_button = QtWidgets.QPushButton("▶ Play")
        self.play_button.setAccessibleName("play slices")
        self.play_button.setToolTip("Step through the slices one after another")
        self.play_button.setCheckable(True)
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("slice index")
        self.slider.setToolTip("Which slice to show (arrow keys step through them)")
        self.index_label = QtWidgets.QLabel("1 / 1")
        self.index_label.setMinimumWidth(90)
        controls.addWidget(QtWidgets.QLabel("slice with fixed"))
        controls.addWidget(self.axis_box)
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.index_label)
        layout.addWidget(self.controls)

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(theme.background)
        layout.addWidget(self.graphics, 1)
        fg = theme.foreground
        self.title = add_label(self.graphics.ci, " ", row=0, col=0, colspan=2, color=fg,
                               size="11pt")
        self.slice_plot = add_plot(self.graphics.ci, row=1, col=0)
        self.slice = MatrixPlot(self.slice_plot, theme, text_cells=36)
        self.bar = colour_bar(theme)
        self.graphics.addItem(self.bar, row=1, col=1)
        self.multiples_plot = add_plot(self.graphics.ci, row=2, col=0)
        self._setup_multiples()
        self.readout = add_label(self.graphics.ci, " ", row=3, col=0, colspan=2, color=fg,
                                 size="10pt")
        self.graphics.ci.layout.setRowStretchFactor(1, 3)
        self.graphics.ci.layout.setRowStretchFactor(2, 1)

        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._step)
        self.play_button.toggled.connect(self._on_play)
        self.slider.valueChanged.connect(self._on_slider)
        self.axis_box.currentIndexChanged.connect(self._on_axis)
        self.graphics.scene().sigMouseMoved.connect(self._on_hover)
        self.graphics.scene().sigMouseClicked.connect(self._on_click)
        self._view = None

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
        if self.axis_box.count() != len(view.axis_names):
            self.axis_box.clear()
            self.axis_box.addItems(list(view.axis_names))
        self.axis_box.setCurrentIndex(view.axis)
        self.slider.setRange(1, view.n)
        self.slider.setValue(view.index + 1)
        self.index_label.setText(f"{'ijk'[view.axis]} = {view.index + 1} / {view.n}")
        self.title.setText(view.title, color=fg)
        self.slice_plot.setTitle(view.slice_title, color=fg, size="10pt")
        self.slice_plot.setLabel("bottom", view.col_label, color=fg)
        self.slice_plot.setLabel("left", view.row_label, color=fg)
        limit = symmetric_limit(np.asarray(view.slice, dtype=float), view.limit)
        self.slice.set_matrix(view.slice, limit)
        self.bar.setLevels((-limit, limit))
        self._update_multiples(view, limit)
        self.readout.setText(view.note or " ", color=fg)

    def _update_multiples(self, view, limit: float) -> None:
        shown = bool(view.multiples)
        self.multiples_plot.setVisible(shown)
        n = view.n
        for k, image in enumerate(self._small):
            image.setVisible(shown and k < len(view.multiples))
            if shown and k < len(view.multiples):
                image.show_values(view.multiples[k], (-limit, limit))
                image.setRect(QtCore.QRectF(k * (n + 1), 0, n, n))
        if not shown:
            self.multiples_plot.setTitle(
                f"all slices side by side for n ≤ {MAX_MULTIPLES} (n = {n})",
                color=self.theme.foreground, size="9pt")
            return
        count = len(view.multiples)
        name = "ijk"[view.axis]
        self.multiples_plot.setTitle(f"all {count} slices (click one)",
                                     color=self.theme.foreground, size="9pt")
        self.multiples_plot.getAxis("bottom").setTicks(
            [[(k * (n + 1) + n / 2, f"{name}={k + 1}") for k in range(count)]])
        x0 = view.index * (n + 1)
        pad = 0.15
        self._current_box.show_data([x0 - pad, x0 + n + pad, x0 + n + pad, x0 - pad, x0 - pad],
                                    [-pad, -pad, n + pad, n + pad, -pad])
        self.multiples_plot.setRange(xRange=(-0.5, count * (n + 1) - 0.5),
                                     yRange=(-0.5, n + 0.5), padding=0.02)

    # --- interaction --------------------------------------------------------------------
    def _on_slider(self, value: int) -> None:
        if not self._syncing:
            self.param_requested.emit("k", float(value))

    def _on_axis(self, index: int) -> None:
        if not self._syncing and index >= 0:
            self.param_requested.emit("axis", float(index))

    def _on_play(self, playing: bool) -> None:
        self.play_button.setText("⏸ Pause" if playing else "▶ Play")
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
                    f"{self.slice.matrix[i, j]:.6g}")
        self.readout.setText(text, color=self.theme.foreground)

    def _on_click(self, event) -> None:
        view = self._view
        if view is None or not view.multiples:
            return
        pos = event.scenePos()
        if not self.multiples_plot.sceneBoundingRect().contains(pos):
            return
        p = self.multiples_plot.vb.mapSceneToView(pos)
        k = int(np.floor(p.x() / (view.n + 1)))
        if 0 <= k < len(view.multiples) and 0 <= p.y() <= view.n:
            self.param_requested.emit("k", float(k + 1))

    def export_item(self):
        return self.graphics.scene()
