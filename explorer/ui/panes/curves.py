"""Pane for CurvesView: curves (with gaps at non-finite values), a tangent, labelled
markers, and one draggable point that sets a parameter. Items are made once and reused."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from explorer.core.views import CurvesView
from explorer.ui.panes.base import Pane, SyncedUpdate
from explorer.ui.panes.data_items import Curve, Scatter
from explorer.ui.panes.label_layout import CORNERS, corner_for, place_boxes
from explorer.ui.panes.point_label import PointLabel


class CurvesPane(SyncedUpdate, Pane):
    def __init__(self, theme, parent=None):
        super().__init__(theme, parent)
        self.plot = self.add_plot()
        self.plot.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        self.legend = self.plot.addLegend(offset=(10, 10), labelTextColor=theme.foreground,
                                          brush=pg.mkBrush(theme.background + "cc"))
        self.readout = self.add_readout(row=1, color=theme.foreground, size="10pt")
        self._curves: dict[str, Curve] = {}
        self._pens: dict[tuple, object] = {}
        # Draggable points (the main one, then extra tangent points): made on first use,
        # reused after; each is dragged along its curve (see _ride).
        self.targets: list[pg.TargetItem] = []
        self.target_labels: list[PointLabel] = []
        self._drags: list[str | None] = []
        self._points: list = []  # the marker each point showed at the last update
        self.features = Scatter(size=11, symbol="d", pxMode=True,
                                           pen=pg.mkPen(theme.background, width=1),
                                           brush=pg.mkBrush(theme.color("feature")))
        self.features.setZValue(15)
        self.plot.addItem(self.features)
        self.holes = Scatter(size=11, symbol="o", pen=pg.mkPen(theme.foreground,
                                        width=2), brush=pg.mkBrush(theme.background))
        self.holes.setZValue(16)
        self.plot.addItem(self.holes, ignoreBounds=True)
        self._feature_labels: list[PointLabel] = []
        self._log_y = None
        self.plot.scene().sigMouseMoved.connect(self._on_hover)
        self._hover_text = ""
        self._note = ""
        self._view = None
        self._legend_corner = 0  # (see _arrange_labels)
        # (after the view's new range or size has reached the items' scene positions)
        self.plot.vb.sigTransformChanged.connect(self._arrange_labels)

    # --- update -----------------------------------------------------------------------
    def _update(self, view: CurvesView) -> None:
        self._view = view
        self.plot.setTitle(view.title, color=self.theme.foreground, size="11pt")
        self.plot.setLabel("bottom", view.xlabel, color=self.theme.foreground)
        self.plot.setLabel("left", view.ylabel, color=self.theme.foreground)
        if self._log_y != view.log_y:
            self.plot.setLogMode(y=view.log_y)
            self._log_y = view.log_y
        names = {c.name for c in view.curves}
        taylor_count = sum(1 for c in view.curves if c.role == "taylor")
        listed = []
        for c in view.curves:
            item = self._curves.get(c.name)
            if item is None:
                item = Curve(connect="finite")  # no name: the legend is ours
                item.setZValue(10 if c.role == "f" else 5)
                self.plot.addItem(item, ignoreBounds=not c.in_bounds)
                self._curves[c.name] = item
            item.show_pen(self._pen(c, taylor_count))
            item.show_data(c.x, c.y, connect="finite")
            item.setVisible(True)
            if c.legend:
                listed.append((item, c.name))
        for name, item in self._curves.items():
            if name not in names:
                item.setVisible(False)
        self._update_legend(listed)
        if view.y_range is not None:
            self.plot.setYRange(*view.y_range, padding=0)
            self.plot.enableAutoRange(axis="y", enable=False)
        else:
            self.plot.enableAutoRange(axis="y", enable=True)
        self._update_markers(view)
        self._note = view.note
        self._show_readout()

    def _update_legend(self, listed) -> None:
        """Legend rows are re-pointed at curves, never removed: removing graphics items
        (QGraphicsScene.removeItem) corrupts None's refcount in PySide6 6.12."""
        self.legend.setVisible(len(listed) > 1)  # one curve needs no legend: its axis names it
        while len(self.legend.items) < len(listed):
            self.legend.addItem(*listed[len(self.legend.items)])
        for k, (sample, label) in enumerate(self.legend.items):
            show = k < len(listed)
            if show and label.text != listed[k][1]:
                label.setText(listed[k][1], color=self.theme.foreground)
            if show:
                drawn = (listed[k][0], listed[k][0].opts["pen"])
                if getattr(sample, "drawn", None) != drawn:  # repaint only what changed
                    sample.item, sample.drawn = drawn[0], drawn
                    sample.update()
            sample.setVisible(show)
            label.setVisible(show)

    def _pen(self, curve, taylor_count: int):
        """The pen of a curve, made once per (role, order, count): a colour-map lookup per
        Taylor curve on every update cost more than the rest of the update's pens."""
        key = (curve.role, curve.order, taylor_count if curve.role == "taylor" else 0)
        pen = self._pens.get(key)
        if pen is None:
            if curve.role == "taylor":
                pen = pg.mkPen(self.theme.sequence(curve.order, taylor_count), width=1.6)
            elif curve.role == "tangent":
                pen = pg.mkPen(self.theme.tangent(curve.order), width=2.5,
                               style=QtCore.Qt.PenStyle.DashLine)
            else:
                pen = pg.mkPen(self.theme.color(curve.role), width=2.5)
            self._pens[key] = pen
        return pen

    def _log(self, y: float) -> float:
        """Item positions on a log axis are given in log10 units."""
        if not self._log_y:
            return y
        return float(np.log10(y)) if y > 0 else np.nan

    @property
    def target(self) -> pg.TargetItem:
        """The main draggable point."""
        return self.targets[0]

    def _new_target(self, k: int) -> None:
        target = pg.TargetItem(size=14, symbol="o", movable=True)
        target.setZValue(20)
        self.plot.addItem(target, ignoreBounds=True)
        target.sigPositionChanged.connect(lambda *_, k=k: self._on_target_moved(k))
        # (on a veil of the background: it reads over the curves it may sit on)
        label = PointLabel(anchor=(0, 1.2), fill=pg.mkBrush(self.theme.background + "cc"))
        label.setZValue(21)
        self.plot.addItem(label, ignoreBounds=True)
        self.targets.append(target)
        self.target_labels.append(label)
        self._drags.append(None)
        self._points.append(None)

    def _update_markers(self, view) -> None:
        points = [m for m in view.markers if m.drag is not None]
        while len(self.targets) < max(1, len(points)):
            self._new_target(len(self.targets))
        for k, (target, label) in enumerate(zip(self.targets, self.target_labels,
                                                strict=True)):
            point = points[k] if k < len(points) else None
            self._drags[k] = point.drag if point else None
            self._points[k] = point
            target.setVisible(point is not None)
            label.wanted = point is not None  # (shown if it has room: _arrange_labels)
            label.setVisible(label.wanted)
            if point is None:
                continue
            colour = self.theme.tangent(point.order)
            target.setPen(pg.mkPen(colour, width=2))
            target.setBrush(pg.mkBrush(colour))
            y = self._log(point.y)
            if not np.isfinite(y):
                y = 0.0
            target.setPos(point.x, y)
            label.setText(point.label, color=self.theme.text(colour) if point.order
                          else self.theme.foreground)
            label.setPos(point.x, y)
        feats = [m for m in view.markers if m.role == "feature"]
        self.features.show_points([m.x for m in feats], [self._log(m.y) for m in feats])
        self.features.setVisible(bool(feats))  # an empty scatter still costs a paint
        while len(self._feature_labels) < len(feats):
            label = PointLabel(color=self.theme.text(self.theme.color("feature")),
                               anchor=(0.5, -0.3))
            self.plot.addItem(label, ignoreBounds=True)
            self._feature_labels.append(label)
        for i, label in enumerate(self._feature_labels):
            if i < len(feats):
                label.setText(feats[i].label)
                label.setPos(feats[i].x, self._log(feats[i].y))
            label.wanted = i < len(feats) and bool(feats[i].label)
            label.setVisible(label.wanted)
        holes = [m for m in view.markers if m.role == "hole"]
        self.holes.show_points([m.x for m in holes], [self._log(m.y) for m in holes])
        self.holes.setVisible(bool(holes))
        self._arrange_labels()

    def _arrange_labels(self, *_) -> None:
        """The legend in a corner clear of the points, and each point's label beside it,
        clear of the legend, the other labels and points, and inside the plot."""
        bounds = self.plot.vb.sceneBoundingRect()
        if bounds.width() < 1 or bounds.height() < 1:
            return
        labels = [label for label in (*self.target_labels, *self._feature_labels)
                  if label.wanted and label.toPlainText()]
        points = [label.scenePos() for label in labels]
        avoid = [QtCore.QRectF(p.x() - 5, p.y() - 5, 10, 10) for p in points]
        if self.legend.isVisible():
            corner = corner_for(self.legend.sceneBoundingRect().size(), bounds, points)
            if corner != self._legend_corner:
                self._legend_corner = corner
                self.legend.anchor(*CORNERS[corner])
            avoid.append(self.legend.sceneBoundingRect())
        sizes = [label.text_size() for label in labels]
        for label, point, size, box in zip(labels, points, sizes,
                                           place_boxes(points, sizes, bounds, avoid),
                                           strict=True):
            # a label with no free place is left out (the tangent list reads it out)
            label.setVisible(box is not None)
            if box is not None:
                label.setAnchor(((point.x() - box.left()) / size.width(),
                                 (point.y() - box.top()) / size.height()))

    # --- interaction --------------------------------------------------------------------
    def _on_target_moved(self, k: int):
        if self._syncing or self._drags[k] is None:
            return
        self.param_requested.emit(self._drags[k], self._ride(k))

    def _ride(self, k: int) -> float:
        """Put dragged point k back on its curve at once, at the x the mouse gave (kept
        within the curve's ends), before the window redraws; returns that x. (The mouse
        moves the point freely, and its last move is the release: without this it would
        stay off the curve until the next redraw, or for good.)"""
        target, shown = self.targets[k], self._points[k]
        x = float(target.pos().x())
        curve = next((c for c in self._view.curves if c.name == shown.on), None)
        if curve is None or len(curve.x) < 2:
            return x
        cx, cy = np.asarray(curve.x, dtype=float), np.asarray(curve.y, dtype=float)
        x = min(max(x, float(cx[0])), float(cx[-1]))
        # at the point last drawn (the release after the last move), its exact height
        y = self._log(shown.y if x == shown.x else float(np.interp(x, cx, cy)))
        y = y if np.isfinite(y) else 0.0  # in a gap: on the axis, as the core draws it
        self._syncing = True
        try:
            target.setPos(x, y)
            self.target_labels[k].setPos(x, y)
        finally:
            self._syncing = False
        return x

    def mouse_left(self) -> None:
        self._hover_text = ""
        self._show_readout()

    def _on_hover(self, scene_pos):
        if not self.plot.sceneBoundingRect().contains(scene_pos):
            self._hover_text = ""
        else:
            p = self.plot.vb.mapSceneToView(scene_pos)
            self._hover_text = self.readout_at(p.x(), 10 ** p.y() if self._log_y else p.y())
        self._show_readout()

    def readout_at(self, x: float, y: float) -> str:
        """'x = …, y = …' at the cursor, then each listed curve (and the view's read-out
        curves, such as f′ on the f pane) at that x."""
        parts = [f"cursor x = {x:.4g}, y = {y:.4g}"]
        if self._view is not None:
            listed = [c for c in self._view.curves if c.legend and c.role != "tangent"]
            for c in [*listed, *self._view.readouts]:
                cx, cy = np.asarray(c.x, dtype=float), np.asarray(c.y, dtype=float)
                if cx.size < 2 or not cx[0] <= x <= cx[-1]:
                    continue
                value = float(np.interp(x, cx, cy))
                if np.isfinite(value):
                    parts.append(f"{c.name.replace('(x)', '')}({x:.3g}) = {value:.4g}"
                                 if "(x)" in c.name else f"{c.name} = {value:.4g}")
        return " · ".join(parts)

    def _show_readout(self):
        parts = [t for t in (self._note, self._hover_text) if t]
        self.readout.setText("   ·   ".join(parts) if parts else " ")

    def export_item(self):
        return self.plot
