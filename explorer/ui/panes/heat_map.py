"""The panes' heat map: an ImageItem that colours its float matrix itself, straight into
an RGB32 image.

pyqtgraph makes an indexed image and builds its 256-entry colour table in Python on every
render (most of a small heat map's update), and Qt scales an indexed image onto the
screen several times slower than a direct-colour one. This item looks each value's colour
index (as pyqtgraph computes it) up in a table of RGB32 words made once per colour map,
and hands Qt the finished image. Images it does not cover (no colour map, translucent
colours, not-a-number holes, other than 32/64-bit floats) take pyqtgraph's own path."""

from __future__ import annotations

import functools

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))  # pyqtgraph's working precisions


@functools.lru_cache(maxsize=16)
def _opaque_words(lut_bytes: bytes, channels: int) -> np.ndarray | None:
    """The colour table as 0xFFRRGGBB words (an RGB32 pixel each), or None when the
    table has translucent entries."""
    lut = np.frombuffer(lut_bytes, dtype=np.ubyte).reshape(-1, channels).astype(np.uint32)
    if channels == 4 and not (lut[:, 3] == 255).all():
        return None
    return 0xFF000000 | (lut[:, 0] << 16) | (lut[:, 1] << 8) | lut[:, 2]


def colour_pixels(image, levels, lut) -> np.ndarray | None:
    """`image` (rows × columns of floats) coloured through `lut` between `levels`, as
    RGB32 words (0xFFRRGGBB): the colour index of each value as pyqtgraph computes it
    ((value − low) · entries / span, clipped, truncated). None for what this does not
    cover."""
    if not (isinstance(image, np.ndarray) and image.ndim == 2 and image.dtype in _FLOATS
            and image.size and levels is not None and np.ndim(levels) == 1
            and len(levels) == 2 and isinstance(lut, np.ndarray) and lut.dtype == np.ubyte
            and lut.ndim == 2 and lut.shape[1] in (3, 4) and 0 < lut.shape[0] <= 256):
        return None
    words = _opaque_words(lut.tobytes(), lut.shape[1])
    if words is None or np.isnan(image.min()):
        return None
    return _lookup(image, levels, words)


def _lookup(values: np.ndarray, levels, words: np.ndarray) -> np.ndarray:
    low, high = float(levels[0]), float(levels[1])
    span = (high - low) or 1.0
    # (spans beyond the doubles overflow; an index that is not a number, from levels of
    # infinite span, casts to colour 0 as pyqtgraph's cast to bytes does)
    with np.errstate(over="ignore", invalid="ignore"):
        index = (values - low) * (len(words) / span)
        np.clip(index, 0, len(words) - 1, out=index)
        index = index.astype(np.uint8)  # (≤ 256 colours; a byte index gathers ~7× faster)
    return words.take(index)


def as_qimage(pixels: np.ndarray) -> QtGui.QImage:
    """RGB32 words (rows × columns) as a QImage of its own (a copy of them)."""
    pixels = np.ascontiguousarray(pixels)
    rows, cols = pixels.shape
    return QtGui.QImage(pixels.data, cols, rows, 4 * cols,
                        QtGui.QImage.Format.Format_RGB32).copy()


def colour_image(image, levels, lut) -> QtGui.QImage | None:
    """colour_pixels as an RGB32 image (None for what it does not cover)."""
    pixels = colour_pixels(image, levels, lut)
    return None if pixels is None else as_qimage(pixels)


class HeatMap(pg.ImageItem):
    """An ImageItem (row-major: row 1 on top in an inverted view) with its own colouring.
    A new image of the same shape, levels and colours as the last is recoloured only
    where its values changed (a cube's next slice changes a row and a column)."""

    def __init__(self, **kwargs):
        super().__init__(axisOrder="row-major", **kwargs)
        self._coloured = None  # (image, levels, lut, RGB32 words) last coloured

    def render(self) -> None:
        pixels = None if self.autoDownsample else self._colour()
        if pixels is None:
            self._coloured = None
            super().render()
            return
        # what pyqtgraph's render leaves behind: the image to paint, nothing pending
        self.qimage = as_qimage(pixels)
        self._renderRequired = False
        self._unrenderable = False

    def _colour(self) -> np.ndarray | None:
        image, levels, lut = self.image, self.levels, self.lut
        last = self._coloured
        if (last is not None and isinstance(image, np.ndarray) and image is not last[0]
                and image.shape == last[0].shape and image.dtype == last[0].dtype
                and levels is not None and np.array_equal(levels, last[1])
                and lut is last[2] and not np.isnan(image.min())):
            pixels = last[3]
            changed = np.flatnonzero(image != last[0])
            if changed.size:
                words = _opaque_words(lut.tobytes(), lut.shape[1])
                pixels.flat[changed] = _lookup(image.ravel()[changed], levels, words)
        else:
            pixels = colour_pixels(image, levels, lut)
        if pixels is not None:
            self._coloured = (image, np.array(levels, dtype=float), lut, pixels)
        return pixels

    def show_values(self, values, levels) -> bool:
        """setImage(values, levels) unless those are shown. True if they were set."""
        values = np.asarray(values, dtype=float)
        levels = (float(levels[0]), float(levels[1]))
        shown = self.image
        if (shown is not None and self.levels is not None
                and tuple(float(v) for v in self.levels) == levels
                and (shown is values or (shown.shape == values.shape
                                         and np.array_equal(shown, values, equal_nan=True)))):
            return False
        self.setImage(values, levels=levels, autoLevels=False)
        return True
