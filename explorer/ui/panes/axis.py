"""The panes' axis: pyqtgraph's AxisItem, drawn from a pixmap and redrawn only when it
changes.

An axis with a grid draws its grid lines (semi-transparent, across the whole plot) on
every repaint: most of a curve pane's paint time. This axis keeps its drawing in a pixmap
(see pixmap_cache), and the setters the panes call on every update (label, ticks, range)
do nothing when they would change nothing, so the pixmap stays valid. Plots get it through
`PlotItem(axisItems=...)` (see plot.Plot)."""

from __future__ import annotations

import itertools
import math

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from explorer.ui.panes.pixmap_cache import cache

LABEL_GAP = 6.0  # px at least between two tick labels
# the numbers labelled between powers of ten on a log axis, the fullest first
MINOR_LABELS = ((2, 3, 4, 5, 6, 7, 8, 9), (2, 3, 5), (2, 5))


def _min_gap(mantissas) -> float:
    """The smallest distance in decades between labelled ticks (1, `mantissas`, 10)."""
    at = [0.0, *(math.log10(m) for m in mantissas), 1.0]
    return min(b - a for a, b in itertools.pairwise(at))


class Axis(pg.AxisItem):
    _label_html: str | None = None  # the label's HTML as typeset (a class default:
    # pyqtgraph's __init__ already sets the range, which typesets the label)
    tick_labels: tuple = ()  # (rect, text) of the tick labels last drawn, axis coordinates
    _decade_px = 0.0  # pixels per power of ten, on a log axis

    def __init__(self, orientation: str, **kwargs):
        super().__init__(orientation, **kwargs)
        cache(self)

    def same_label(self, text=None, units=None, unitPrefix=None, siPrefixEnableRanges=None,
                   unitPower=1, **kwargs) -> bool:
        """Whether setLabel with these arguments would change nothing."""
        return (self.labelText == (text or "") and self.labelUnits == (units or "")
                and self.labelUnitPrefix == (unitPrefix or "") and self.unitPower == unitPower
                and (not kwargs or self.labelStyle == kwargs)
                and self._siPrefixEnableRanges == siPrefixEnableRanges
                and self.label.isVisibleTo(self) == bool(text or units))

    def setLabel(self, *args, **kwargs) -> None:
        if not self.same_label(*args, **kwargs):
            super().setLabel(*args, **kwargs)

    def setTicks(self, ticks) -> None:
        try:
            unchanged = ticks is not None and ticks == self._tickLevels
        except ValueError:  # arrays inside: compare nothing, just set
            unchanged = False
        if not unchanged:
            super().setTicks(ticks)

    def setRange(self, mn: float, mx: float) -> None:
        if list(getattr(self, "range", ())) != [mn, mx]:
            super().setRange(mn, mx)

    def linkedViewChanged(self, view, newRange=None) -> None:
        """The linked view was resized (no new range given): the tick and grid positions
        move although the range did not, which the setRange shortcut would skip. (An axis
        that widened beside a narrowing view keeps the size of its bounds, axis ∪ view, so
        Qt would keep painting the old pixmap.)"""
        if newRange is None:
            self.prepareGeometryChange()
            self.picture = None
            self.update()
        super().linkedViewChanged(view, newRange)

    def _updateLabel(self) -> None:
        """pyqtgraph re-typesets the label on every range change (for an SI prefix):
        here only when its HTML changes."""
        html = self.labelString()
        if self._label_html != html:
            self.label.setHtml(html)
            self._label_html = html
        self._adjustSize()
        self.picture = None
        self.update()

    def hold_width(self) -> None:
        """Grow for wider tick labels but do not shrink back (until `release_width`): for
        plots whose range moves with the data, where "-0.5" → "2" would narrow the axis
        and shift the plot on every refit."""
        self.setStyle(autoReduceTextSpace=False)

    def generateDrawSpecs(self, p):
        """pyqtgraph's drawing, less the tick labels that would overlap one placed before
        (coarser levels are placed first)."""
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        kept = []
        along = LABEL_GAP / 2 if self.orientation in ("top", "bottom") else 0.0
        across = LABEL_GAP / 2 - along
        for spec in specs[2]:
            rect = spec[0].adjusted(-along, -across, along, across)
            if spec[2] and not any(rect.intersects(other[0]) for other in kept):
                kept.append(spec)
        self.tick_labels = tuple((QtCore.QRectF(rect), text) for rect, _f, text in kept)
        return specs[0], specs[1], kept

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        self._decade_px = size / max(maxVal - minVal, 1e-12)
        return super().logTickValues(minVal, maxVal, size, stdTicks)

    def logTickStrings(self, values, scale, spacing):
        """The powers of ten, and between them the numbers of the first of 2…9, 2 3 5, 2 5
        whose labels fit (the other ticks stay, unlabelled)."""
        strings = super().logTickStrings(values, scale, spacing)
        if spacing is not None:  # (None: the level between the powers of ten)
            return strings
        metrics = QtGui.QFontMetricsF(self.style["tickFont"] or QtGui.QFont())
        room = metrics.horizontalAdvance("8·10⁸") + LABEL_GAP
        if self.orientation in ("left", "right"):
            room = metrics.height() + LABEL_GAP
        shown = next((m for m in MINOR_LABELS if _min_gap(m) * self._decade_px >= room), ())
        return [s if round(10 ** (v % 1)) in (1, 10, *shown) else ""
                for v, s in zip(values, strings, strict=True)]

    def release_width(self) -> None:
        """Take the width of the next tick labels, narrower ones too (for a refit of the
        range, which redraws the plot anyway)."""
        self.textWidth = 0
