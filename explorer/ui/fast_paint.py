"""What keeps a pane's update + repaint within a frame (measured with
`python -m explorer bench`):

1. pyqtgraph's text setters (LabelItem.setText, PlotItem.setTitle, PlotItem.setLabel,
   AxisItem.setLabel, AxisItem.setTicks) and AxisItem.setRange redo the HTML layout,
   resize the layout row or throw away the axis's drawing on every call, even when
   nothing changes. Panes set titles, labels and colour-bar levels on every update, so
   `install()` makes these return early when the call would change nothing. Calls that
   change something behave exactly as before.
2. An axis with a grid draws its grid lines (semi-transparent, across the whole plot) on
   every repaint: most of a curve pane's paint time. `install()` gives every AxisItem a
   device-coordinate pixmap cache, redrawn only when the axis changes (range, size, ticks,
   label). Text (LabelItem, TextItem) and legend frames get one too: repainting them is
   then a blit, not a text layout drawn again. (A legend's swatches are not cached: they
   would keep a curve's old pen.) Exports must not use the pixmaps (an SVG would
   get bitmaps instead of lines and text, a wide PNG blurred ticks): `uncached(widget)`
   switches the caches off for a block, `uncache_until_idle(widget)` until the event
   loop next runs (what export's `_prepare` calls before every render).
   An axis's range change re-typesets its label only when the label's text changes.
3. Data setters (PlotDataItem.setData/setPen, ScatterPlotItem.setData) given what is
   already shown do nothing; a curve or a set of markers left unchanged by an update
   paints from a pixmap cache until its data changes (a static f beside a moving tangent
   costs a blit). Panes that skip unchanged items themselves say so with
   `cache_while_unchanged`.
4. The layout holds still while numbers change: a label keeps its width while its text
   shrinks by less than LABEL_WIDTH_SLACK, and `hold_axis_width` keeps an axis whose
   range follows the data from narrowing between refits. A plot moved by a fraction of
   a pixel redraws every item in it (5.9: p95 16.9 → 13 ms).
5. A pane's titles and readouts wrap when the pane is too narrow for them, rather than
   widening the layout past the view, which cut plots and colour bars off.
6. Heat maps get their colour table once per colour map, not on every render, and a
   view refits its automatic range only when an item that counts towards it changes.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import weakref

import numpy as np
import pyqtgraph as pg
import shiboken6
from pyqtgraph import functions_qimage as _qimage
from PySide6 import QtCore, QtGui, QtWidgets

_CACHE = QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
_NO_CACHE = QtWidgets.QGraphicsItem.CacheMode.NoCache
_installed = False


_LINE_OF_TEXT = re.compile(r"(?:[^<>&]|&(?:lt|gt|amp);)+")
_ENTITY = re.compile(r"&(lt|gt|amp);")
_CHARACTER = {"lt": "<", "gt": ">", "amp": "&"}


def shown_text(html) -> str | None:
    """The text a label shows for `html` when that is plain text (lines split by <br>,
    the entities &lt; &gt; &amp;, no whitespace that HTML would collapse or drop), with
    its line breaks as Qt's line separator; else None (markup to typeset, or empty text
    with no format to keep)."""
    if not isinstance(html, str):
        return None
    lines = html.split("<br>")
    if not all(_LINE_OF_TEXT.fullmatch(line) and " ".join(line.split()) == line
               for line in lines):
        return None
    return "\u2028".join(_ENTITY.sub(lambda m: _CHARACTER[m.group(1)], line)
                          for line in lines)


def _label_set_text(original, resize_event):
    """A label's setText with the text already shown does nothing. New plain text in the
    same style replaces the old in the label's document, keeping its character format,
    instead of typesetting the HTML again (a changing readout: 0.30 → 0.22 ms an update
    with its repaint); the label then resizes and re-centres as pyqtgraph's own does."""

    @functools.wraps(original)
    def setText(self, text, **args):
        opts = dict(getattr(self, "opts", {}), **args)
        key = (text, tuple(sorted(opts.items(), key=lambda kv: kv[0])))
        shown = getattr(self, "_fp_shown", None)
        if shown == key:
            return
        plain = shown_text(text)
        if (plain is not None and shown is not None and shown[1] == key[1]
                and shown_text(shown[0]) is not None and self.item.rotation() == 0):
            document = self.item.document()
            document.setUndoRedoEnabled(False)  # (else every edit is kept for undo)
            cursor = QtGui.QTextCursor(document)
            cursor.select(QtGui.QTextCursor.SelectionType.Document)
            cursor.insertText(plain, cursor.charFormat())
            # An edit invalidates only the changed part of the item's pixmap cache: text of
            # the same width was then painted blank. Throw the whole pixmap away.
            self.item.update()
            self.text = text
            self.updateMin()
            resize_event(self, None)
        else:
            original(self, text, **args)
        self._fp_shown = key

    return setText


def _plot_set_title(original):
    @functools.wraps(original)
    def setTitle(self, title=None, **args):
        key = (title, tuple(sorted(args.items())))
        if title is not None and getattr(self, "_fp_title", None) == key and (
                self.titleLabel.text == title):
            return
        original(self, title, **args)
        self._fp_title = key

    return setTitle


def _same_axis_label(axis, text=None, units=None, unitPrefix=None,
                     siPrefixEnableRanges=None, unitPower=1, **kwargs) -> bool:
    return (axis.labelText == (text or "") and axis.labelUnits == (units or "")
            and axis.labelUnitPrefix == (unitPrefix or "") and axis.unitPower == unitPower
            and (not kwargs or axis.labelStyle == kwargs)
            and axis._siPrefixEnableRanges == siPrefixEnableRanges
            and axis.label.isVisibleTo(axis) == bool(text or units))


def _axis_set_label(original):
    @functools.wraps(original)
    def setLabel(self, *args, **kwargs):
        if not _same_axis_label(self, *args, **kwargs):
            original(self, *args, **kwargs)

    return setLabel


def _plot_set_label(original):
    """PlotItem.setLabel also shows the axis, which throws its drawing away."""

    @functools.wraps(original)
    def setLabel(self, axis, *args, **kwargs):
        item = self.getAxis(axis)
        if not (item.isVisibleTo(self) and _same_axis_label(item, *args, **kwargs)):
            original(self, axis, *args, **kwargs)

    return setLabel


def _axis_set_ticks(original):
    @functools.wraps(original)
    def setTicks(self, ticks):
        try:
            unchanged = ticks is not None and ticks == self._tickLevels
        except ValueError:  # arrays inside: compare nothing, just set
            unchanged = False
        if not unchanged:
            original(self, ticks)

    return setTicks


def _axis_set_range(original):
    @functools.wraps(original)
    def setRange(self, mn, mx):
        if list(getattr(self, "range", ())) != [mn, mx]:
            original(self, mn, mx)

    return setRange


def _axis_linked_view_changed(original):
    """The linked view was resized (no new range given): the tick and grid positions
    move although the range did not. Redraw the axis, which the setRange shortcut above
    would skip. An axis that widened beside a narrowing view needs this too: its drawing
    was reset without an update(), and as its bounds (axis ∪ view, the grid spans the
    view) kept their size, Qt kept painting the old cached pixmap."""

    @functools.wraps(original)
    def linkedViewChanged(self, view, newRange=None):
        if newRange is None:
            self.prepareGeometryChange()
            self.picture = None
            self.update()
        original(self, view, newRange)

    return linkedViewChanged


def _axis_update_label(original):
    """An axis re-typesets its label (QGraphicsTextItem.setHtml) on every range change,
    for the SI prefix; skip the typesetting when the label's HTML is what is shown."""

    @functools.wraps(original)
    def _updateLabel(self):
        html = self.labelString()
        if getattr(self, "_fp_label_html", None) != html:
            self.label.setHtml(html)
            self._fp_label_html = html
        self._adjustSize()
        self.picture = None
        self.update()

    return _updateLabel


LABEL_WIDTH_SLACK = 24.0  # px a label's text may shrink by before the label shrinks
LABEL_MIN_WIDTH = 80.0  # px a label may be squeezed to: its text wraps onto more lines
_HINTS = QtCore.Qt.SizeHint


def _align_lines(item: QtWidgets.QGraphicsTextItem, justify: str) -> None:
    """Wrapped lines follow the label's justification (a text item's default is left)."""
    align = {"center": QtCore.Qt.AlignmentFlag.AlignHCenter,
             "right": QtCore.Qt.AlignmentFlag.AlignRight}.get(justify,
                                                              QtCore.Qt.AlignmentFlag.AlignLeft)
    document = item.document()
    option = document.defaultTextOption()
    if option.alignment() != align:
        option.setAlignment(align)
        document.setDefaultTextOption(option)


def _label_resize_event(original):
    """A wrapping label re-wraps to its new width before pyqtgraph centres the text (else
    the text kept the old width's position: off-centre until its text next changed)."""

    @functools.wraps(original)
    def resizeEvent(self, ev):
        if getattr(self, "_fp_wraps", False) and self.item.rotation() == 0:
            self.updateMin()
        original(self, ev)

    return resizeEvent


def _label_update_min(original):
    """A pane's label (a plot title, or one added with GraphicsLayout.addLabel) asks for
    the width of its text but wraps it at spaces when its layout has less room: a long
    title then takes a second line instead of pushing its plot (and a colour bar beside
    it) out of the pane, where the view cut them off. Legend entries do not wrap.

    It also keeps the width it asks for while its text is at most LABEL_WIDTH_SLACK
    narrower: a title whose numbers change ("Var m: 1.38" → "Var m: 1.4") keeps its size,
    and the plots beside it do not move by a fraction of a pixel (which redrew all their
    items). Rotated labels keep pyqtgraph's own sizing."""

    @functools.wraps(original)
    def updateMin(self):
        item = self.item
        if item.rotation() != 0:
            original(self)
            return
        if item.textWidth() != -1:
            item.setTextWidth(-1)  # one line per <br>: the width the text asks for
        width = self.itemRect().width()
        claim = getattr(self, "_fp_claim", None)
        if claim is not None and claim - LABEL_WIDTH_SLACK <= width <= claim:
            width = claim
        self._fp_claim = width
        wraps = getattr(self, "_fp_wraps", False)
        room = self.width()
        if wraps and 0 < room < width - 0.5:
            item.setTextWidth(room)
            _align_lines(item, self.opts.get("justify", "center"))
        height = self.itemRect().height()
        least = min(width, LABEL_MIN_WIDTH) if wraps else width
        self.setMinimumWidth(least)
        self.setMinimumHeight(height)
        self._sizeHint = {_HINTS.MinimumSize: (least, height),
                          _HINTS.PreferredSize: (width, height),
                          _HINTS.MaximumSize: (-1, -1), _HINTS.MinimumDescent: (0, 0)}
        self.updateGeometry()
        # (not self.parentItem(): called while the plot is being made, it left the plot's
        # view box owned by a Python wrapper that later deleted it under Qt's feet)
        plot = getattr(self, "_fp_plot", lambda: None)()
        if plot is not None and shiboken6.isValid(plot) and self.isVisible():
            # pyqtgraph fixes a plot's title row at 30 px: let a second line in
            rows = max(30.0, height)
            if self.maximumHeight() != rows:
                self.setMaximumHeight(rows)
                plot.layout.setRowFixedHeight(0, rows)

    return updateMin


def _set_cache(item, mode) -> None:
    if item.cacheMode() != mode:  # setting even the same mode throws the pixmap away
        item.setCacheMode(mode)


def hold_axis_width(axis: pg.AxisItem) -> None:
    """The axis grows for wider tick labels but does not shrink back (until
    `release_axis_width`): for plots whose range moves with the data, where "-0.5" → "2"
    would narrow the axis and shift the plot on every refit."""
    axis.setStyle(autoReduceTextSpace=False)


def release_axis_width(axis: pg.AxisItem) -> None:
    """A held axis takes the width of its next tick labels, narrower ones too (for a
    refit of its range, which redraws the plot anyway)."""
    axis.textWidth = 0


def cache_while_unchanged(items, unchanged: bool) -> None:
    """For panes that skip redrawing unchanged items themselves: paint `items` from a
    pixmap while they stay unchanged, directly (no extra blit) while they change."""
    for item in items:
        if isinstance(item, pg.PlotDataItem):
            item = item.curve
        _set_cache(item, _CACHE if unchanged else _NO_CACHE)


def _same_array(a, b) -> bool:
    if _same_read_only_memory(a, b):
        return True
    try:
        return b is not None and np.array_equal(np.asarray(a, dtype=float), b, equal_nan=True)
    except (TypeError, ValueError):
        return False


def _same_read_only_memory(a, b) -> bool:
    """`b` is a view of the very numbers `a` holds, and `a` cannot change (a core cache's
    read-only arrays): equal without comparing them."""
    return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and not a.flags.writeable
            and a.dtype == b.dtype and a.shape == b.shape and a.strides == b.strides
            and a.__array_interface__["data"][0] == b.__array_interface__["data"][0])


def _data_set_data(original):
    """PlotDataItem.setData(x, y[, connect=...]) with the data already shown does nothing,
    and the curve then paints from a pixmap cache until its data changes again."""

    @functools.wraps(original)
    def setData(self, *args, **kwargs):
        if len(args) == 2 and set(kwargs) <= {"connect"}:
            x, y = self.getOriginalDataset()
            connect, shown = kwargs.get("connect", self.opts["connect"]), self.opts["connect"]
            if (isinstance(connect, str) and isinstance(shown, str) and connect == shown
                    and _same_array(args[0], x) and _same_array(args[1], y)):
                _set_cache(self.curve, _CACHE)
                return
        _set_cache(self.curve, _NO_CACHE)
        original(self, *args, **kwargs)

    return setData


def _data_set_pen(original):
    @functools.wraps(original)
    def setPen(self, *args, **kwargs):
        current = self.opts.get("pen")
        if isinstance(current, QtGui.QPen) and current == pg.mkPen(*args, **kwargs):
            return
        original(self, *args, **kwargs)

    return setPen


def _scatter_set_data(original):
    """ScatterPlotItem.setData(x, y) with the points already shown does nothing, and the
    points then paint from a pixmap cache (a marker's paint in Python costs ~0.3 ms, its
    blit almost nothing) until they change again."""

    @functools.wraps(original)
    def setData(self, *args, **kwargs):
        if len(args) == 2 and not kwargs and len(args[0]) == len(self.data):
            if _same_array(args[0], self.data["x"]) and _same_array(args[1], self.data["y"]):
                _set_cache(self, _CACHE)
                return
        _set_cache(self, _NO_CACHE)
        original(self, *args, **kwargs)

    return setData


def _view_item_bounds_changed(original):
    """A view refits its automatic range when an item's bounds change, even an item it
    was told to ignore (a dragged point, a label): moving 5.1's tangent point recomputed
    the bounds of every curve. Only items that count towards the range now ask for it.
    (A curve's own items inform through their PlotDataItem, which counts.)"""

    @functools.wraps(original)
    def itemBoundsChanged(self, item):
        if item in self.addedItems:
            original(self, item)
        else:
            self._itemBoundsCache.pop(item, None)

    return itemBoundsChanged


def _plot_init(original):
    """A plot's title wraps, and knows its plot (for the title row's height, see above)."""

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.titleLabel._fp_plot = weakref.ref(self)
        self.titleLabel._fp_wraps = True
        self.titleLabel.updateMin()

    return __init__


def _layout_add_label(original):
    """Labels a pane adds to its layout (titles, readouts) wrap when short of room."""

    @functools.wraps(original)
    def addLabel(self, *args, **kwargs):
        label = original(self, *args, **kwargs)
        label._fp_wraps = True
        label.updateMin()
        return label

    return addLabel


@functools.lru_cache(maxsize=16)
def _colour_table(lut_bytes: bytes, channels: int) -> list[int]:
    lut = np.frombuffer(lut_bytes, dtype=np.ubyte).reshape(-1, channels)
    make = QtGui.qRgb if channels == 3 else QtGui.qRgba
    return [make(*entry) for entry in lut.tolist()]


@functools.lru_cache(maxsize=16)
def _opaque_words(lut_bytes: bytes, channels: int) -> np.ndarray | None:
    """The colour table as 0xFFRRGGBB words (an RGB32 pixel each), or None when the
    table has translucent entries."""
    lut = np.frombuffer(lut_bytes, dtype=np.ubyte).reshape(-1, channels).astype(np.uint32)
    if channels == 4 and not (lut[:, 3] == 255).all():
        return None
    return 0xFF000000 | (lut[:, 0] << 16) | (lut[:, 1] << 8) | lut[:, 2]


def _direct_colour(image: np.ndarray, levels, lut: np.ndarray) -> QtGui.QImage | None:
    """A small opaque heat map straight to RGB32: the colour index of each value as
    pyqtgraph computes it ((value − low) · entries / span, clipped, truncated), looked up
    in NumPy. ~0.01 ms a small matrix, where rescaling, an indexed image and its
    conversion took ~0.04 ms. None when the table is translucent."""
    words = _opaque_words(lut.tobytes(), lut.shape[1])
    if words is None:
        return None
    low, high = float(levels[0]), float(levels[1])
    span = (high - low) or 1.0
    with np.errstate(over="ignore", invalid="ignore"):  # (spans beyond the doubles)
        index = (image - low) * (len(words) / span)
    np.clip(index, 0, len(words) - 1, out=index)
    index = index.astype(np.intp)
    # an index that is not a number (levels of infinite span) casts to the most negative
    # integer: colour 0, as pyqtgraph's cast to bytes gives
    np.maximum(index, 0, out=index)
    pixels = np.ascontiguousarray(words[index])
    rows, cols = pixels.shape
    return QtGui.QImage(pixels.data, cols, rows, 4 * cols, _OPAQUE).copy()


# Qt scales an indexed image onto the screen ~8× slower than a direct-colour one (a 2×2
# heat map drawn 220 px wide: 0.23 vs 0.02 ms); converting costs ~0.6 ns a pixel, so
# heat maps up to this size are converted once per change instead of paying on every
# paint. A 1000×1000 cube slice stays indexed (converting would cost 0.6 ms to save 0.3).
DIRECT_COLOUR_MAX_PIXELS = 256 * 256
# Up to this size the colours are looked up straight into RGB32 (`_direct_colour`; a 2×2
# matrix 0.01 against 0.04 ms); above it the lookup's index array costs about as much as
# Qt's conversion or more (128×128: about even; a 250×250 cube slice: 0.42 against 0.14 ms).
DIRECT_LOOKUP_MAX_PIXELS = 64 * 64
_LOOKUP_TYPES = (np.dtype(np.float32), np.dtype(np.float64))  # pyqtgraph's working precisions
_OPAQUE = QtGui.QImage.Format.Format_RGB32
_TRANSLUCENT = QtGui.QImage.Format.Format_ARGB32_Premultiplied


def _make_qimage(original):
    """pyqtgraph builds an indexed image's 256-entry colour table in Python on every
    render (~0.05 ms of a 0.08 ms heat-map update). For the case the panes use, a float
    matrix with levels and a colour map, the table is made once per colour map; the
    indices come from pyqtgraph's own rescaling, so the picture is the same. Small
    images are then converted to direct colour, which Qt draws much faster; the smallest
    (most heat maps) are looked up straight into it."""

    @functools.wraps(original)
    def try_make_qimage(image, *, levels, lut, transparentLocations=None):
        if (transparentLocations is None and isinstance(image, np.ndarray)
                and image.ndim == 2 and image.dtype.kind == "f" and levels is not None
                and np.ndim(levels) == 1 and isinstance(lut, np.ndarray)
                and lut.dtype == np.ubyte and lut.ndim == 2 and lut.shape[1] in (3, 4)
                and lut.shape[0] <= 256):
            if image.size <= DIRECT_LOOKUP_MAX_PIXELS and image.dtype in _LOOKUP_TYPES:
                direct = _direct_colour(image, levels, lut)
                if direct is not None:
                    return direct
            indices, _ = _qimage._rescale_and_lookup_float(np, image, levels, lut,
                                                          forceApplyLut=False)
            qimage = pg.functions.ndarray_to_qimage(np.ascontiguousarray(indices),
                                                    QtGui.QImage.Format.Format_Indexed8)
            qimage.setColorTable(_colour_table(lut.tobytes(), lut.shape[1]))
            if indices.size <= DIRECT_COLOUR_MAX_PIXELS:
                opaque = lut.shape[1] == 3 or bool((lut[:, 3] == 255).all())
                qimage = qimage.convertToFormat(_OPAQUE if opaque else _TRANSLUCENT)
            return qimage
        return original(image, levels=levels, lut=lut,
                        transparentLocations=transparentLocations)

    return try_make_qimage


def _cached_init(original, child: str = ""):
    """__init__ that gives the item (or its child item `child`) a pixmap cache."""

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        (getattr(self, child) if child else self).setCacheMode(_CACHE)

    return __init__


def install() -> None:
    """Patch pyqtgraph's classes once per process (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    # Qt's raster engine hands big fills and image blits to a thread pool; for panes of
    # this size the hand-over costs more than it saves (measured: 5.9's update took 43 ms
    # with the pool, 25 ms without, on 2 cores). Read by Qt at its first paint.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    pg.LabelItem.setText = _label_set_text(pg.LabelItem.setText, pg.LabelItem.resizeEvent)
    pg.LabelItem.updateMin = _label_update_min(pg.LabelItem.updateMin)
    pg.LabelItem.resizeEvent = _label_resize_event(pg.LabelItem.resizeEvent)
    pg.PlotItem.setTitle = _plot_set_title(pg.PlotItem.setTitle)
    pg.PlotItem.__init__ = _plot_init(pg.PlotItem.__init__)
    pg.ViewBox.itemBoundsChanged = _view_item_bounds_changed(pg.ViewBox.itemBoundsChanged)
    pg.GraphicsLayout.addLabel = _layout_add_label(pg.GraphicsLayout.addLabel)
    pg.AxisItem.setLabel = _axis_set_label(pg.AxisItem.setLabel)
    pg.PlotItem.setLabel = _plot_set_label(pg.PlotItem.setLabel)
    pg.AxisItem.setTicks = _axis_set_ticks(pg.AxisItem.setTicks)
    pg.AxisItem.setRange = _axis_set_range(pg.AxisItem.setRange)
    pg.AxisItem.linkedViewChanged = _axis_linked_view_changed(pg.AxisItem.linkedViewChanged)
    pg.AxisItem._updateLabel = _axis_update_label(pg.AxisItem._updateLabel)
    pg.AxisItem.__init__ = _cached_init(pg.AxisItem.__init__)
    # Text and legends change far less often than they are repainted: from a pixmap a
    # repaint is a blit instead of a text layout drawn again.
    pg.LabelItem.__init__ = _cached_init(pg.LabelItem.__init__, "item")
    pg.TextItem.__init__ = _cached_init(pg.TextItem.__init__, "textItem")
    pg.LegendItem.__init__ = _cached_init(pg.LegendItem.__init__)
    pg.PlotDataItem.setData = _data_set_data(pg.PlotDataItem.setData)
    _qimage.try_make_qimage = _make_qimage(_qimage.try_make_qimage)
    pg.PlotDataItem.setPen = _data_set_pen(pg.PlotDataItem.setPen)
    pg.ScatterPlotItem.setData = _scatter_set_data(pg.ScatterPlotItem.setData)


def _cached_items(widget: QtWidgets.QWidget) -> list:
    views = widget.findChildren(pg.GraphicsView)
    if isinstance(widget, pg.GraphicsView):
        views.append(widget)
    return [(item, item.cacheMode()) for view in views for item in view.scene().items()
            if item.cacheMode() != _NO_CACHE]


def _restore(switched) -> None:
    for item, mode in switched:
        if shiboken6.isValid(item):  # the export's widget may be gone by then
            item.setCacheMode(mode)


@contextlib.contextmanager
def uncached(widget: QtWidgets.QWidget):
    """Within the block, every cached item under `widget` paints directly (for exports)."""
    switched = _cached_items(widget)
    for item, _mode in switched:
        item.setCacheMode(_NO_CACHE)
    try:
        yield
    finally:
        _restore(switched)


def uncache_until_idle(widget: QtWidgets.QWidget) -> None:
    """Switch the caches under `widget` off now and back on when the event loop next runs:
    for an export that renders right after this call."""
    switched = _cached_items(widget)
    for item, _mode in switched:
        item.setCacheMode(_NO_CACHE)
    if switched:
        QtCore.QTimer.singleShot(0, widget, lambda: _restore(switched))
