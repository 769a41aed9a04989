"""Pane for FieldView: f over a plane as a heat map with contour lines and a colour bar,
its gradient field as arrows, and draggable points — the evaluation point with its own
gradient arrow and row-vector value, and (5.8a) the centre μ."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from explorer.core.views import FieldView
from explorer.ui.panes.base import Pane, SyncedUpdate
from explorer.ui.panes.heat_map import HeatMap
from explorer.ui.panes.matrix_plot import MIN_LEVEL, colour_bar, diverging_map, style_axes
from explorer.ui.panes.pixmap_cache import cache
from explorer.ui.panes.point_label import PointLabel
from explorer.ui.panes.steady_range import finite_span

CONTOURS = 9
HEAD_ANGLE = math.radians(25)


def arrow_segments(starts: np.ndarray, vectors: np.ndarray, head: float = 0.3) -> np.ndarray:
    """Segment end points (2 per segment) of arrows: shaft plus two barbs at the tip."""
    starts, vectors = np.asarray(starts, float).reshape(-1, 2), np.asarray(vectors, float)
    vectors = vectors.reshape(-1, 2)
    tips = starts + vectors
    back = -vectors * head
    c, s = math.cos(HEAD_ANGLE), math.sin(HEAD_ANGLE)
    left = tips + np.stack([c * back[:, 0] - s * back[:, 1], s * back[:, 0] + c * back[:, 1]], 1)
    right = tips + np.stack([c * back[:, 0] + s * back[:, 1], -s * back[:, 0] + c * back[:, 1]],
                            1)
    return np.stack([starts, tips, tips, left, tips, right], axis=1).reshape(-1, 2)


class FieldPane(SyncedUpdate, Pane):
    def __init__(self, theme, parent=None):
        super().__init__(theme, parent)
        fg = theme.foreground
        self.plot = self.add_plot(row=0, col=0, plain=False)
        self.plot.setAspectLocked(True)
        style_axes(self.plot, theme)
        # With the aspect locked, the y range follows the plot's shape, and the shape the
        # width of the y axis's labels: free to shrink, the axis could flip between two
        # widths forever (a wide plane in a narrow pane did). It shrinks on a new plane.
        self.plot.getAxis("left").hold_width()
        self._plane = None
        self.image = HeatMap()
        self.plot.addItem(self.image)
        self.contours = []
        for _ in range(CONTOURS):
            iso = pg.IsocurveItem(level=0.0, pen=pg.mkPen(fg + "99", width=1),
                                  axisOrder="row-major")
            iso.setParentItem(self.image)  # drawn in the image's (pixel) coordinates
            self.contours.append(iso)
        self.arrows = pg.PlotDataItem(connect="pairs", pen=pg.mkPen(fg + "bb", width=1.2))
        self.arrows.setZValue(10)
        self.plot.addItem(self.arrows)
        point_colour = theme.color("point")
        # the point's arrow: a halo in the background colour keeps it visible on any colour
        # (bare curve items: moved on every update, a PlotDataItem's bookkeeping doubled
        # their cost)
        self.point_halo = pg.PlotCurveItem(connect="pairs",
                                           pen=pg.mkPen(theme.background, width=8))
        self.point_arrow = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(point_colour, width=3.5))
        for z, item in ((18, self.point_halo), (19, self.point_arrow)):
            item.setZValue(z)
            self.plot.addItem(item, ignoreBounds=True)
        self.targets = {
            "point": pg.TargetItem(size=15, symbol="o", movable=True,
                                   pen=pg.mkPen(fg, width=1.5), brush=pg.mkBrush(point_colour)),
            "centre": pg.TargetItem(size=18, symbol="+", movable=True,
                                    pen=pg.mkPen(fg, width=1.5),
                                    brush=pg.mkBrush(theme.color("feature"))),
        }
        self.labels = {}
        for role, target in self.targets.items():
            target.setZValue(20)
            self.plot.addItem(target, ignoreBounds=True)
            target.sigPositionChanged.connect(lambda *_, r=role: self._on_drag(r))
            label = PointLabel(color=fg, anchor=(0.0, 1.2),
                               fill=pg.mkBrush(theme.background + "cc"))
            label.setZValue(21)
            label.point, label.full_text = None, ""  # the point it reads out, and how
            self.plot.addItem(label, ignoreBounds=True)
            self.labels[role] = label
        self.plot.vb.sigResized.connect(self._place_labels)
        self.plot.vb.sigRangeChanged.connect(self._place_labels)
        self.message = pg.TextItem(color=fg, anchor=(0.5, 0.5))
        cache(self.message.textItem)
        self.plot.addItem(self.message, ignoreBounds=True)
        self.bar = colour_bar(theme)
        self.addItem(self.bar, row=0, col=1)
        self.readout = self.add_readout(row=1, colspan=2, color=fg, size="10pt")
        self._drag: dict[str, tuple[str, str] | None] = {"point": None, "centre": None}
        self._view = None
        self._hover = ""
        self._drawn = None  # the plane last drawn: xs, ys, values, arrows_at, arrows
        self._arrow_ref = 1.0  # |∇f| drawn 0.85 of the arrow spacing long (_draw_field)
        self.scene().sigMouseMoved.connect(self._on_hover)

    # --- update -----------------------------------------------------------------------
    def _update(self, view: FieldView) -> None:
        self._view = view
        fg = self.theme.foreground
        self.plot.setTitle(view.title, color=fg, size="11pt")
        self.plot.setLabel("bottom", view.xlabel, color=fg)
        self.plot.setLabel("left", view.ylabel, color=fg)
        values = np.asarray(view.values, dtype=float)
        empty = values.size == 0
        span = finite_span(values)  # None: f is not finite anywhere on the plane
        for item in (self.image, self.arrows, *self.contours, self.bar):
            item.setVisible(span is not None)
        self.message.setVisible(span is None)
        if empty:
            self.message.setText(view.note)
            self.message.setPos(0, 0)
            self.plot.setRange(xRange=(-1, 1), yRange=(-1, 1))
            for role in self.targets:
                self._show_point(role, None)
            self._place_labels()
            self._set_point_arrow(np.zeros((0, 2)))
            self._show_readout()
            return
        xs, ys = np.asarray(view.xs, float), np.asarray(view.ys, float)
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        rect = QtCore.QRectF(xs[0] - dx / 2, ys[0] - dy / 2, dx * len(xs), dy * len(ys))
        spacing = self._arrow_spacing(view, rect)
        field = (xs, ys, values, view.arrows_at, view.arrows)
        unchanged = self._same_field(field)
        if span is None:
            self.message.setText(f"{view.value_label} is undefined here")
            # (below the middle, where the points usually are not)
            self.message.setPos(rect.center().x(), rect.center().y() - 0.3 * rect.height())
            self._drawn = None
        elif not unchanged:  # moving only the point redraws only the point
            self._draw_field(view, values, span, rect, spacing)
            self._drawn = tuple(np.array(a, dtype=float) for a in field)
        for item in (self.image, self.arrows.curve, *self.contours):
            cache(item, unchanged)  # a still plane: a blit
        if rect != self._plane:
            self._plane = rect
            self.plot.getAxis("left").release_width()
        self.plot.setRange(rect, padding=0.02)
        roles = {p.role: p for p in view.points}
        for role in self.targets:
            self._show_point(role, roles.get(role))
        self._place_labels()  # sets the readouts' text, on as many lines as fit
        point = roles.get("point")
        if point is not None and point.arrow is not None:
            seg = self._scaled_arrows(np.array([[point.x, point.y]]), np.array([point.arrow]),
                                      spacing * 1.8, clip=2.0, floor=0.6)
            self._set_point_arrow(seg)
        else:
            self._set_point_arrow(np.zeros((0, 2)))
        self._show_readout()

    def _same_field(self, field) -> bool:
        return self._drawn is not None and all(
            np.array_equal(a, np.asarray(b, dtype=float), equal_nan=True)
            for a, b in zip(self._drawn, field, strict=True))

    def _draw_field(self, view, values, span, rect, spacing: float) -> None:
        """The heat map, contours, colour bar and gradient arrows of the plane; `span`:
        the finite values' (min, max), which set the colour levels."""
        lo, hi = span
        norms = np.asarray(view.arrows, float).reshape(-1, 2)
        norms = np.hypot(norms[:, 0], norms[:, 1])  # (no overflow for |∇f| > 1e154)
        ref = float(np.percentile(norms, 90)) if norms.size else 1.0
        self._arrow_ref = ref if ref > 0 else 1.0
        # (a span near the smallest doubles overflows in pyqtgraph's rescaling)
        floor = MIN_LEVEL + 1e-12 * max(abs(lo), abs(hi))
        if lo < 0 < hi and max(-lo, hi) > floor:  # signed: diverging map centred on 0
            top = max(-lo, hi)
            levels, cmap = (-top, top), diverging_map()
        else:
            levels, cmap = (lo, hi if hi - lo > floor else lo + 1), pg.colormap.get("viridis")
        self.image.setColorMap(cmap)
        self.image.setImage(values, levels=levels, autoLevels=False)
        self.image.setRect(rect)
        self.bar.setColorMap(cmap)
        self.bar.setLevels(levels)
        filled = np.where(np.isfinite(values), values, hi)  # contours skip the gaps' edges
        for k, iso in enumerate(self.contours):
            iso.setData(filled)
            iso.setLevel(lo + (hi - lo) * (k + 1) / (CONTOURS + 1))
        self.arrows.setData(*self._scaled_arrows(view.arrows_at, view.arrows, spacing).T,
                            connect="pairs")

    def _set_point_arrow(self, segments: np.ndarray) -> None:
        for item in (self.point_halo, self.point_arrow):
            item.setData(*segments.T, connect="pairs")

    def _arrow_spacing(self, view, rect) -> float:
        count = max(len(view.arrows_at), 1)
        return math.sqrt(rect.width() * rect.height() / count)

    def _scaled_arrows(self, starts, vectors, spacing: float, clip: float = 1.0,
                       floor: float = 0.0) -> np.ndarray:
        """Arrow lengths proportional to |∇f|, so that the typical (90th percentile, of the
        field drawn) arrow is 0.85 of the grid spacing; lengths are kept within floor…clip
        times that (a nonzero floor keeps the point's own arrow visible where the field is
        weak)."""
        vectors = np.asarray(vectors, dtype=float).reshape(-1, 2)
        if vectors.size == 0:
            return np.zeros((0, 2))
        ref = self._arrow_ref
        norms = np.hypot(vectors[:, :1], vectors[:, 1:])
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            lengths = 0.85 * spacing * np.clip(norms / ref, floor, clip)  # (ref ~ 1e-320)
            unit = np.where(norms > 0, vectors / norms, 0.0)
        return arrow_segments(starts, unit * lengths)

    def _show_point(self, role: str, point) -> None:
        target, label = self.targets[role], self.labels[role]
        target.setVisible(point is not None)
        label.setVisible(point is not None)
        self._drag[role] = point.drag if point is not None else None
        if point is not None:
            target.setPos(point.x, point.y)
            label.point, label.full_text = (point.x, point.y), point.label

    def _place_labels(self, *_) -> None:
        """Each readout centred over its point and above it, but kept inside the view (a
        point near an edge had its readout cut off): below the point near the top. In a
        view too narrow for one line it takes two (the point, then the gradient), and
        wraps further if even they do not fit. Again when the view changes size."""
        (x0, x1), (_y0, y1) = self.plot.vb.viewRange()
        per_x, per_y = self.plot.vb.viewPixelSize()
        room = (x1 - x0) / per_x if per_x > 0 else np.inf  # the view's width in pixels
        for label in self.labels.values():
            if label.isVisible() and label.point is not None:
                x, y = label.point
                if label.textWidth() != -1:
                    label.setTextWidth(-1)
                if label.toPlainText() != label.full_text:
                    label.setText(label.full_text)  # one line: the width it asks for
                if np.isfinite(room) and label.text_size().width() > room:
                    label.setText(label.full_text.replace("], ", "],\n", 1))
                    if label.text_size().width() > room:
                        label.setTextWidth(max(room - 4.0, 40.0))  # wrap at its spaces
                width, height = self._text_size(label, per_x, per_y)
                anchor = (0.0, 1.2) if y + 1.2 * height <= y1 else (0.0, -0.2)
                if tuple(label.anchor) != anchor:
                    label.setAnchor(anchor)
                label.setPos(float(np.clip(x - 0.5 * width, x0, max(x0, x1 - width))), y)

    @staticmethod
    def _text_size(label, per_x: float, per_y: float) -> tuple[float, float]:
        """A label's width and height in the view's units (0 before the view is laid out)."""
        box = label.text_size()
        width, height = box.width() * per_x, box.height() * per_y
        if not (np.isfinite(width) and np.isfinite(height)):
            return 0.0, 0.0
        return width, height

    # --- interaction --------------------------------------------------------------------
    def _on_drag(self, role: str) -> None:
        names = self._drag.get(role)
        if self._syncing or names is None:
            return
        pos = self.targets[role].pos()
        self.param_requested.emit(names[0], float(pos.x()))
        self.param_requested.emit(names[1], float(pos.y()))

    def mouse_left(self) -> None:
        self._hover = ""
        self._show_readout()

    def _on_hover(self, scene_pos) -> None:
        view = self._view
        self._hover = ""
        if view is not None and np.size(view.values) and \
                self.plot.sceneBoundingRect().contains(scene_pos):
            p = self.plot.vb.mapSceneToView(scene_pos)
            ix = int(np.argmin(np.abs(view.xs - p.x())))
            iy = int(np.argmin(np.abs(view.ys - p.y())))
            value = view.values[iy, ix]
            self._hover = (f"{view.xlabel} = {p.x():.3g}, {view.ylabel} = {p.y():.3g}: "
                           f"{view.value_label} ≈ {value:.4g}")
        self._show_readout()

    def _show_readout(self) -> None:
        view = self._view
        parts = [t for t in ((view.note if view and np.size(view.values) else ""),
                             self._hover) if t]
        self.readout.setText("   ·   ".join(parts) if parts else " ")

    def export_item(self):
        return self.scene()
