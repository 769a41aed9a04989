"""The panes' text label (titles, readouts, operators): pyqtgraph's LabelItem with

- its text drawn from a pixmap (repainting is a blit, not the text laid out again);
- setText with the text already shown doing nothing, and new plain text in the same style
  put into the label's document in place of the old, keeping its character format,
  instead of typesetting the HTML again (a readout changes on every update);
- a width that holds still while its numbers change: it keeps the width it asks for while
  its text is at most WIDTH_SLACK narrower ("Var m: 1.38" → "Var m: 1.4"), so the plots
  beside it do not move by a fraction of a pixel (which redraws all their items);
- (`wraps`) text that wraps at its spaces when the layout has less room, instead of
  widening the layout past the view, which cut plots and colour bars off.

Rotated labels keep pyqtgraph's own sizing."""

from __future__ import annotations

import re
import weakref

import pyqtgraph as pg
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.ui.panes.pixmap_cache import cache

WIDTH_SLACK = 24.0  # px a label's text may shrink by before the label shrinks
MIN_WIDTH = 80.0  # px a wrapping label may be squeezed to: its text takes more lines
TITLE_ROW = 30.0  # px pyqtgraph gives a plot's title row

_LINE_OF_TEXT = re.compile(r"(?:[^<>&]|&(?:lt|gt|amp);)+")
_ENTITY = re.compile(r"&(lt|gt|amp);")
_CHARACTER = {"lt": "<", "gt": ">", "amp": "&"}
_HINTS = QtCore.Qt.SizeHint
_ALIGN = {"center": QtCore.Qt.AlignmentFlag.AlignHCenter,
          "right": QtCore.Qt.AlignmentFlag.AlignRight}


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


class Label(pg.LabelItem):
    # (class defaults: pyqtgraph's __init__ already calls setText and updateMin)
    _shown: tuple | None = None  # (text, options) as last set
    _claim: float | None = None  # the width last asked for
    _wraps = False
    _plot = None  # weak reference to the plot whose title this is

    def __init__(self, text: str = " ", parent=None, angle: float = 0, *,
                 wraps: bool = False, plot: pg.PlotItem | None = None, **args):
        super().__init__(text, parent, angle, **args)
        cache(self.item)
        self._wraps = wraps
        self._plot = weakref.ref(plot) if plot is not None else None
        self.updateMin()

    def setText(self, text, **args) -> None:
        opts = dict(self.opts, **args)
        key = (text, tuple(sorted(opts.items(), key=lambda kv: kv[0])))
        shown = self._shown
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
            # An edit invalidates only the changed part of the item's pixmap: text of the
            # same width was then painted blank. Throw the whole pixmap away.
            self.item.update()
            self.text = text
            self.updateMin()
            super().resizeEvent(None)
        else:
            super().setText(text, **args)
        self._shown = key

    def resizeEvent(self, ev) -> None:
        """A wrapping label re-wraps to its new width before it centres the text (else
        the text kept the old width's position: off-centre until its text next changed)."""
        if self._wraps and self.item.rotation() == 0:
            self.updateMin()
        super().resizeEvent(ev)

    def updateMin(self) -> None:
        item = self.item
        if item.rotation() != 0:
            super().updateMin()
            return
        if item.textWidth() != -1:
            item.setTextWidth(-1)  # one line per <br>: the width the text asks for
        width = self.itemRect().width()
        claim = self._claim
        if claim is not None and claim - WIDTH_SLACK <= width <= claim:
            width = claim
        self._claim = width
        room = self.width()
        if self._wraps and 0 < room < width - 0.5:
            item.setTextWidth(room)
            _align_lines(item, self.opts.get("justify", "center"))
        height = self.itemRect().height()
        least = min(width, MIN_WIDTH) if self._wraps else width
        self.setMinimumWidth(least)
        self.setMinimumHeight(height)
        self._sizeHint = {_HINTS.MinimumSize: (least, height),
                          _HINTS.PreferredSize: (width, height),
                          _HINTS.MaximumSize: (-1, -1), _HINTS.MinimumDescent: (0, 0)}
        self.updateGeometry()
        plot = self._plot() if self._plot is not None else None
        if plot is not None and shiboken6.isValid(plot) and self.isVisible():
            rows = max(TITLE_ROW, height)  # a title's second line gets room
            if self.maximumHeight() != rows:
                self.setMaximumHeight(rows)
                plot.layout.setRowFixedHeight(0, rows)


def _align_lines(item: QtWidgets.QGraphicsTextItem, justify: str) -> None:
    """Wrapped lines follow the label's justification (a text item's default is left)."""
    align = _ALIGN.get(justify, QtCore.Qt.AlignmentFlag.AlignLeft)
    document = item.document()
    option = document.defaultTextOption()
    if option.alignment() != align:
        option.setAlignment(align)
        document.setDefaultTextOption(option)


def add_label(layout: pg.GraphicsLayout, text: str = " ", row=None, col=None, rowspan=1,
              colspan=1, **args) -> Label:
    """A wrapping Label added to `layout` (what GraphicsLayout.addLabel does with a
    LabelItem)."""
    label = Label(text, wraps=True, **args)
    layout.addItem(label, row, col, rowspan, colspan)
    return label
