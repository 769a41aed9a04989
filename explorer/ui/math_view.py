"""Typeset LaTeX: ziamath → SVG → QSvgRenderer, cached. Crisp at any size and DPI (vector
drawing); right-click copies the LaTeX source."""

from __future__ import annotations

import warnings
from functools import lru_cache

from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

FORMULA_SIZE = 17  # points


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
    """One typeset formula at its natural size; falls back to the LaTeX text if it
    cannot be typeset."""

    def __init__(self, latex: str, color: str = "#202020", parent=None):
        super().__init__(parent)
        self.latex = latex
        self.renderer = QtSvg.QSvgRenderer(self)
        try:
            ok = self.renderer.load(QtCore.QByteArray(render_svg(latex, FORMULA_SIZE, color)))
        except Exception:  # an unsupported macro: show the source rather than nothing
            ok = False
        self.fallback = None if ok else latex
        size = self.renderer.defaultSize() if ok else QtCore.QSize(
            self.fontMetrics().horizontalAdvance(latex) + 8, self.fontMetrics().height() + 6)
        self.setFixedSize(size)
        self.setToolTip(f"{latex}\n(right-click to copy the LaTeX)")
        self.setAccessibleName(latex)
        self.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.ActionsContextMenu)
        copy = QtGui.QAction("Copy LaTeX", self)
        copy.triggered.connect(self.copy_latex)
        self.addAction(copy)

    def copy_latex(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.latex)

    def paintEvent(self, _event):
        painter = QtGui.QPainter(self)
        if self.fallback is None:
            self.renderer.render(painter, QtCore.QRectF(self.rect()))
        else:
            painter.drawText(self.rect(), QtCore.Qt.AlignmentFlag.AlignVCenter, self.fallback)
        painter.end()
