"""The readout under a plot (the value under the mouse, a note): a label whose height
never changes, so that the plot above it does not move while the mouse moves or when a
readout clears. Its text wraps onto at most `lines` lines of the label's width; longer
text ends in "…"."""

from __future__ import annotations

import math

from PySide6 import QtGui

from explorer.ui.panes.label import Label

ELLIPSIS = "…"


class Readout(Label):
    def __init__(self, lines: int = 2, size: str = "9pt", **args):
        super().__init__(" ", wraps=True, size=size, **args)
        self.lines = lines
        font = QtGui.QFont()
        font.setPointSizeF(float(size.removesuffix("pt")))
        self._metrics = QtGui.QFontMetricsF(font)
        self.full_text = " "
        margin = 2 * self.item.document().documentMargin()
        self._height = float(math.ceil(lines * self._metrics.lineSpacing() + margin + 1))
        self.setMinimumHeight(self._height)
        self.setMaximumHeight(self._height)

    def setText(self, text, **args) -> None:
        self.full_text = text
        super().setText(self._fitting(text), **args)

    def updateMin(self) -> None:
        super().updateMin()
        height = getattr(self, "_height", None)  # (pyqtgraph calls this in __init__)
        if height is not None:
            self.setMinimumHeight(height)
            self.setMaximumHeight(height)

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        fitting = self._fitting(self.full_text)
        if fitting != self.text:
            super().setText(fitting)

    def _fitting(self, text: str) -> str:
        """`text` cut to what `lines` wrapped lines of the label's width hold."""
        room = self.width() - 16  # (the text's margins, and a little to spare)
        if room <= 0 or "<" in text or self._metrics.horizontalAdvance(text) <= room:
            return text
        words, shown, line, count = text.split(" "), [], "", 1
        for word in words:
            trial = f"{line} {word}" if line else word
            if self._metrics.horizontalAdvance(trial) <= room:
                line = trial
            elif count < self.lines:
                shown.append(line)
                line, count = word, count + 1
            else:
                while line and self._metrics.horizontalAdvance(line + " " + ELLIPSIS) > room:
                    line = line[:-1]
                shown.append(f"{line.rstrip()} {ELLIPSIS}")
                return " ".join(shown)
        shown.append(line)
        return " ".join(shown)


def add_readout(layout, row: int, col: int, colspan: int = 1, **args) -> Readout:
    readout = Readout(**args)
    layout.addItem(readout, row, col, 1, colspan)
    return readout
