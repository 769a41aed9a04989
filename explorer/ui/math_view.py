"""Typeset LaTeX: ziamath → SVG → QSvgRenderer, cached. Crisp at any size and DPI (vector
drawing); right-click copies the LaTeX source."""

from __future__ import annotations

import math
import warnings
from functools import lru_cache

from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

FORMULA_SIZE = 17  # points
# The smallest a formula is scaled to fit its panel: 17 × 0.75 ≈ 13 pt, still the size of
# the text around it.
MIN_SCALE = 0.75


@lru_cache(maxsize=512)
def render_svg(latex: str, size: int = FORMULA_SIZE, color: str = "#202020") -> bytes:
    """SVG bytes of `latex`. ziamath's default SVG 2 output (<symbol>) draws blank in
    QtSvg, hence svg2 = False, set through ziamath's documented settings object (it has no
    per-call option); the colour is given per call."""
    with warnings.catch_warnings():
        # ziamath loads its font with importlib.resources.path, deprecated since 3.11
        warnings.simplefilter("ignore", DeprecationWarning)
        import ziamath

        ziamath.config.svg2 = False
        return ziamath.Latex(latex, size=size, color=color).svg().encode("utf-8")


class FormulaView(QtWidgets.QWidget):
    """One typeset formula, at its natural size where the width allows and scaled down
    to fit a narrower one (never below MIN_SCALE: a formula too wide even then makes its
    panel scroll); falls back to the LaTeX text if it cannot be typeset. Without a
    `color` it is set in the palette's text colour, and set again when the palette changes
    (the system or View → Theme going light or dark)."""

    def __init__(self, latex: str, color: str | None = None, parent=None):
        super().__init__(parent)
        self.latex = latex
        self.fixed_color = color
        self.color = ""
        self.renderer = QtSvg.QSvgRenderer(self)
        self._typeset()
        self.setToolTip(f"{latex}\n(right-click to copy the LaTeX)")
        self.setAccessibleName(latex)
        self.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.ActionsContextMenu)
        copy = QtGui.QAction("Copy LaTeX", self)
        copy.triggered.connect(self.copy_latex)
        self.addAction(copy)

    def _typeset(self) -> None:
        color = self.fixed_color or self.palette().color(
            QtGui.QPalette.ColorRole.WindowText).name()
        if color == self.color:
            return
        self.color = color
        try:
            ok = self.renderer.load(QtCore.QByteArray(render_svg(self.latex, FORMULA_SIZE,
                                                                 color)))
        except Exception:  # an unsupported macro: show the source rather than nothing
            ok = False
        self.fallback = None if ok else self.latex
        metrics = self.fontMetrics()
        self.natural = self.renderer.defaultSize() if ok else QtCore.QSize(
            metrics.horizontalAdvance(self.latex) + 8, metrics.height() + 6)
        policy = QtWidgets.QSizePolicy(QtWidgets.QSizePolicy.Policy.Maximum,
                                       QtWidgets.QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(ok)  # (the fallback text is not scaled)
        self.setSizePolicy(policy)
        if not ok:
            self.setFixedSize(self.natural)
        self.updateGeometry()
        self.update()

    def changeEvent(self, event) -> None:
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self._typeset()
        super().changeEvent(event)

    def sizeHint(self) -> QtCore.QSize:
        return self.natural

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(math.ceil(self.natural.width() * MIN_SCALE),
                            math.ceil(self.natural.height() * MIN_SCALE))

    def hasHeightForWidth(self) -> bool:
        return self.fallback is None

    def heightForWidth(self, width: int) -> int:
        return math.ceil(self.natural.height() * self._scale_for(width))

    def _scale_for(self, width: int) -> float:
        return max(MIN_SCALE, min(1.0, width / max(self.natural.width(), 1)))

    def scale(self) -> float:
        """How large the formula is drawn: 1 at its natural size."""
        return self._scale_for(self.width())

    def drawn_size(self) -> QtCore.QSize:
        k = self.scale()
        return QtCore.QSize(math.ceil(self.natural.width() * k),
                            math.ceil(self.natural.height() * k))

    def copy_latex(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.latex)

    def paintEvent(self, _event):
        painter = QtGui.QPainter(self)
        if self.fallback is None:
            size = self.drawn_size()
            self.renderer.render(painter, QtCore.QRectF(0, 0, size.width(), size.height()))
        else:
            painter.drawText(self.rect(), QtCore.Qt.AlignmentFlag.AlignVCenter, self.fallback)
        painter.end()
